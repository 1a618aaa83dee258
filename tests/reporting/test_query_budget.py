"""List pages and report content read a fixed number of queries, however much data there is."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting import services
from reporting.models import ArchivedReport, Report
from styrmodell.models import OrgUnit, Period, Year

from .conftest import make_commitment, make_goal


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def _archive(world, year: int) -> None:
    """An adopted, archived year-end report of BUN for another year (without rendering a real PDF)."""
    year_obj, _ = Year.objects.get_or_create(year=year)
    year_obj.create_default_periods()
    period = Period.objects.get(year=year_obj, kind=Period.Kind.YEAR_END)
    report = services.get_or_create_report(world.unit("bun"), period, None)
    report.document_html = "<!DOCTYPE html><html></html>"
    report.pdf.save("r.pdf", ContentFile(b"%PDF"))
    services.adopt(report, decision_date=datetime.date(year + 1, 2, 1), paragraph="§ 1", user=None)


def test_board_reports_page_does_not_grow_with_the_archive(client, world) -> None:
    client.force_login(world.users["board_member"])
    url = reverse("reporting:board-reports", kwargs={"code": world.unit("bun").code}) + "?ar=2026"
    _archive(world, 2020)
    small = _count(client, url)
    for year in range(2010, 2020):
        _archive(world, year)
    assert ArchivedReport.objects.count() == 11
    assert _count(client, url) == small


def test_report_list_does_not_grow_with_the_boards(client, world) -> None:
    client.force_login(world.users["admin"])
    url = reverse("reporting:report-list") + "?ar=2026"
    small = _count(client, url)
    kf = world.unit("kf")
    for i in range(8):
        kf.refresh_from_db()
        OrgUnit.objects.create_child(kf, name=f"Nämnd {i}", kind=OrgUnit.Kind.BOARD)
    assert _count(client, url) == small


def test_report_content_does_not_grow_with_goals(world, django_assert_max_num_queries) -> None:
    make_goal(world, title="Första målet")
    make_commitment(world)
    with CaptureQueriesContext(connection) as small:
        services.board_part(world.unit("bun"), world.periods["t2"])
    for i in range(6):
        make_goal(world, title=f"Mål {i}")
        make_commitment(world)
    with django_assert_max_num_queries(len(small.captured_queries)):
        part = services.board_part(world.unit("bun"), world.periods["t2"])
    assert part.goal_count == 7
    assert Report.objects.count() == 0
