"""Every benchmark runs on a tiny generated municipality and produces its figures (no timing is asserted)."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.core.management import call_command

from bench import excel, http_pages, pages, reports, rollup, rush, visibility
from bench.common import Context, Result
from commitments.models import StatusReport
from styrmodell.lib import pdf


@pytest.fixture
def tiny(db):
    call_command(
        "generate_municipality", scale=0.003, seed=5, year=2026, years_of_commitments=1, stdout=io.StringIO()
    )


def check(results: list[Result], count: int) -> None:
    assert len(results) == count
    for result in results:
        assert result.figure > 0 and result.floor > 0
        assert "×" in result.line()


def test_it_measures_the_rollup_pages_and_visibility(tiny):
    ctx = Context(repeat=1, out=io.StringIO())
    check(rollup.run(ctx), 2)
    check(pages.run(ctx), 4)
    check(visibility.run(ctx), 2)


def test_it_computes_the_rollup_floor_with_the_same_numbers_as_the_service(tiny):
    from commitments import services
    from styrmodell.models import OrgUnit, Period

    root = OrgUnit.objects.get(depth=1)
    period = Period.current()
    by_sql = {(node, status): n for node, status, n in rollup.rollup_sql(root, period)}
    for row in services.rollup(root, period):
        for status, n in row.counts.items():
            assert by_sql.get((row.unit.path, status), 0) == n


def test_it_measures_the_excel_import(tiny):
    check(excel.run(Context(repeat=1, excel_rows=200)), 1)


def test_it_measures_the_reports_without_weasyprint(tiny):
    # WeasyPrint itself takes seconds; its result is not what is checked here.
    with mock.patch.object(pdf, "html_to_pdf", return_value=b"%PDF-1.7"):
        results = reports.run(Context(repeat=1))
    check(results, 4)
    # The time of each build against WeasyPrint's, then the process's peak RSS with its 1 GB limit.
    assert [r.unit for r in results] == ["ms", "MiB", "ms", "MiB"]
    assert "t2" in results[0].notes[0] and "1024 MiB" in results[1].verdict


@pytest.mark.urls("bench.urls")
def test_it_runs_the_deadline_rush_and_leaves_the_data_as_it_was(tiny, live_server):
    before = StatusReport.objects.count()
    # One client: the in-memory SQLite database of the live server takes one writer at a time.
    results = rush.run(
        Context(rush_seconds=0.5, rush_clients=1, server_url=live_server.url, out=io.StringIO())
    )
    # Each of the three ways a browser saves: throughput and p95; then the floor's own write answered with a
    # redirect that is followed (what the two paths without JavaScript can reach at most, reported without a
    # verdict); then the check that nothing was lost.
    *paths, two_requests, _missing = results
    assert [r.name.split(",")[1].split(":")[0].strip() for r in paths[::2]] == rush.PATHS
    assert "redirect followed" in two_requests.name and two_requests.verdict == "reported"
    for result in results[:-1]:
        assert result.figure > 0 and result.floor > 0, result.line()
    assert results[-1].figure == 0 and results[-1].floor > 0  # saves acknowledged, none missing
    assert StatusReport.objects.count() == before


@pytest.mark.urls("bench.urls")
def test_it_measures_the_journeys_pages_over_http_at_one_and_ten_users(tiny, live_server):
    # One user at a time: the live server's in-memory SQLite database has one connection for all its threads.
    with mock.patch.object(http_pages, "USERS_AT_ONCE", 1):
        results = http_pages.run(Context(repeat=1, server_url=live_server.url, out=io.StringIO()))
    labels = [r.name for r in results]
    assert any("/organisation/" in name for name in labels)
    assert any("unit view, last page" in name for name in labels)
    # First the floor page with what queueing alone gives, reported without a verdict; then every page judged.
    floor, *pages = results
    assert "floor" in floor.name and floor.verdict == "reported" and "queueing alone" in floor.notes[0]
    assert floor.figure > 0 and floor.floor > 0, floor.line()
    for result in pages:
        assert result.figure > 0 and result.floor > 0, result.line()
        assert "errors 0" in result.notes[0] and "target ≤ 3×" in result.verdict, result.notes
        assert "throughput: 1 user" in result.notes[1], result.notes
