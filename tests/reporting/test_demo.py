from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reporting.models import ArchivedReport, BudgetFrame, EconomyFigure, Milestone, Report
from styrmodell.models import OrgUnit, Period, User


def _counts() -> dict[str, int]:
    return {
        m.__name__: m.objects.count() for m in (Milestone, BudgetFrame, EconomyFigure, Report, ArchivedReport)
    }


def test_it_archives_an_adopted_report_per_board_and_changes_nothing_the_second_time(db, client) -> None:
    call_command("load_demo", stdout=io.StringIO())
    first = _counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == first
    boards = set(OrgUnit.objects.boards().values_list("pk", flat=True))
    archived = list(ArchivedReport.objects.all())
    assert {a.unit_id for a in archived} == boards
    assert all(a.verify() for a in archived)
    assert all(a.report.status == Report.Status.ADOPTED for a in archived)
    assert first["Milestone"] == 15
    # The board secretary finds the archive and reads it.
    bun = OrgUnit.objects.get(short_name="BUN")
    client.force_login(User.objects.get(username="bun-sekreterare"))
    page = client.get(reverse("reporting:board-reports", kwargs={"code": bun.code}))
    item = ArchivedReport.objects.get(unit=bun, report__kind=Report.Kind.ANNUAL)
    assert reverse("reporting:archived-detail", kwargs={"code": item.code}) in page.content.decode()
    # This year's monthly follow-up: BUN's months with figures, and a quick report adopted and archived for the
    # latest month whose follow-up is over (none in January and February, before the first month's deadline).
    months = Period.objects.filter(year__year=timezone.localdate().year, kind=Period.Kind.MONTH)
    assert months.count() == 11
    done = [p for p in months if p.board_deadline < timezone.localdate()]
    quick = list(ArchivedReport.objects.filter(unit=bun, report__kind=Report.Kind.QUICK))
    assert [a.period for a in quick] == done[-1:]
    assert all(a.verify() for a in quick)
    assert EconomyFigure.objects.filter(board=bun, period__in=done).count() == len(done)
