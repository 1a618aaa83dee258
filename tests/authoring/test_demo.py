"""The demo's interim reports of the municipality and BUN with sections in every state."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse

from authoring.models import ReportSection, SectionEvent
from reporting.models import Report
from reporting.services import report_context
from styrmodell.models import User

State = ReportSection.State


def test_the_demo_has_sections_in_every_state_and_changes_nothing_the_second_time(
    db, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    first = (ReportSection.objects.count(), SectionEvent.objects.count(), Report.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (ReportSection.objects.count(), SectionEvent.objects.count(), Report.objects.count()) == first

    municipal = Report.objects.get(scope=Report.Scope.MUNICIPALITY, kind=Report.Kind.INTERIM, status="draft")
    states = set(
        ReportSection.objects.filter(report__kind=Report.Kind.INTERIM).values_list("state", flat=True)
    )
    assert states == set(State.values)
    returned = SectionEvent.objects.filter(action=SectionEvent.Action.RETURNED)
    assert returned.exists() and all(e.text for e in returned)
    assert ReportSection.objects.late().exists()

    # The secretary of BUN sees the late section on the overview of BUN's report.
    board = Report.objects.get(unit__short_name="BUN", period=municipal.period)
    client.force_login(User.objects.get(username="bun-sekreterare"))
    html = client.get(reverse("authoring:report-overview", kwargs={"code": board.code})).content.decode()
    assert "Försenat" in html and "Återsänt" in html
    # The built municipality report carries the approved overview and not the draft's text.
    blocks = report_context(municipal)["contributed_parts"]
    html = "".join(b.html for b in blocks)
    assert "Vision 2020 med Tornio" in html
    assert "Av fullmäktiges sex mål" not in html
