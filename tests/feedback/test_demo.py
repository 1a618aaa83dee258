"""The demo: a complaint about Kostenheten answered and closed by its manager, in Kostenheten's statistics and in
SBN's report; loading twice changes nothing."""

from __future__ import annotations

import io

from django.core.management import call_command

from feedback import services
from feedback.models import Case, CaseEvent
from styrmodell.models import OrgUnit, Period, User


def test_the_demo_loads_its_cases_once_and_the_kost_complaint_is_answered(
    db, client, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    counts = (Case.objects.count(), CaseEvent.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Case.objects.count(), CaseEvent.objects.count()) == counts
    complaint = Case.objects.get(number="SYN-DEMO01")
    assert complaint.unit.name == "Kostenheten" and complaint.status == Case.Status.CLOSED
    assert complaint.assignee.username == "chef-kost" and complaint.answered_in_time

    client.force_login(User.objects.get(username="chef-kost"))
    assert "SYN-DEMO01" in client.get("/synpunkter/inkorg/?visa=alla").content.decode()
    client.force_login(User.objects.get(username="chef-aspen"))
    assert client.get(f"/synpunkter/inkorg/{complaint.code}/").status_code == 404

    sbn = OrgUnit.objects.get(short_name="SBN")
    period = Period.objects.filter(starts__lte=complaint.received_on, ends__gte=complaint.received_on).first()
    summary = services.report_summary(sbn, period)
    assert summary.figures.received >= 1 and summary.figures.answered_in_time >= 1
    kost = OrgUnit.objects.get(name="Kostenheten")
    assert services.figures_for(kost, period.starts, period.ends).by_cause["quality"] == 1
