"""Snabbrapport: a board's short economy-and-deviations report for a monthly period, built, adopted and archived
like the other reports, with the board's comment open until the board's follow-up deadline."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Commitment, Status, StatusReport
from internal_control.models import ControlResult
from reporting import services
from reporting.models import ArchivedReport, BudgetFrame, EconomyFigure, ImmutableError, Report
from styrmodell import services as core_services
from styrmodell.calendars import apply_calendar
from styrmodell.models import Period, Step
from tests.internal_control.conftest import make_control, make_plan, make_result, make_risk


@pytest.fixture
def march(world) -> Period:
    """The monthly period January–March 2026 (m03), collecting economy and texts."""
    periods = {p.key: p for p in apply_calendar(world.year, "months")}
    return periods["m03"]


def _economy(world, period: Period) -> EconomyFigure:
    board = world.unit("bun")
    BudgetFrame.objects.create(board=board, year=world.year, amount=Decimal("250000"))
    return EconomyFigure.objects.create(
        board=board,
        period=period,
        outcome=Decimal("61200"),
        forecast=Decimal("254100"),
        analysis="Skolskjutsarna kostar mer än budgeterat.",
    )


def _deviations(world, count: int, first: int = 0) -> None:
    """`count` commitments of Skola A delayed in tertial 1, the status period of January–March."""
    for i in range(first, first + count):
        commitment = Commitment.objects.create(
            unit=world.unit("school_a"),
            year=world.year,
            title=f"Läsfrämjande insats {i + 1}",
            starts=datetime.date(2026, 1, 1),
            ends=datetime.date(2026, 12, 31),
            responsible=world.users["manager"],
        )
        StatusReport.objects.create(
            commitment=commitment,
            period=world.periods["t1"],
            status=Status.DELAYED,
            comment=f"Brist på lärare {i + 1}.",
        )


def _control_deviation(world) -> ControlResult:
    plan = make_plan(world.unit("bun"), world.year, adopted=True)
    control = make_control(make_risk(plan), world.users["ic_officer"])
    return make_result(
        control,
        outcome=ControlResult.Outcome.DEVIATION,
        performed_on=datetime.date(2026, 2, 12),
        findings="Tre fakturor saknade avtal.",
    )


def _quick(world, period: Period, *, built: bool = True) -> Report:
    report = services.get_or_create_report(world.unit("bun"), period, world.users["secretary"])
    return services.build_report(report.pk) if built else report


def _pdf_text(report: Report) -> tuple[str, int]:
    with report.pdf.open("rb") as file:
        reader = pypdf.PdfReader(io.BytesIO(file.read()))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_a_monthly_period_makes_a_quick_report(world, march) -> None:
    assert Report.kind_for(march) == Report.Kind.QUICK
    assert Report.kind_for(world.periods["t2"]) == Report.Kind.INTERIM
    assert Report.kind_for(world.periods["ye"]) == Report.Kind.ANNUAL
    assert services.status_period_for(march) == world.periods["t1"]


def test_the_quick_report_holds_economy_deviations_and_the_comment_in_at_most_three_pages(
    world, march
) -> None:
    _economy(world, march)
    _deviations(world, 3)
    _control_deviation(world)
    report = _quick(world, march, built=False)
    services.set_comment(report, "Nämnden följer underskottet inom skolskjuts noga.")
    report = services.build_report(report.pk)
    report.refresh_from_db()
    assert report.kind == Report.Kind.QUICK and report.is_built
    text, pages = _pdf_text(report)
    flat = " ".join(text.split())
    assert pages <= 3
    assert "Snabbrapport" in flat
    assert "1 januari – 31 mars 2026" in flat
    assert "250 000" in flat and "61 200" in flat and "254 100" in flat
    assert "Skolskjutsarna kostar mer än budgeterat." in flat
    assert "Läsfrämjande insats 3" in flat and "Brist på lärare 2." in flat
    assert "Tre fakturor saknade avtal." in flat
    assert "Nämnden följer underskottet inom skolskjuts noga." in flat
    assert report.pdf.name.rsplit("/", 1)[-1].startswith("snabbrapport-bun-2026-m03")


def test_adopting_a_quick_report_archives_an_immutable_snapshot(client, world, march) -> None:
    _economy(world, march)
    report = _quick(world, march)
    services.mark_ready(report)
    client.force_login(world.users["secretary"])
    response = client.post(
        reverse("reporting:report-adopt", kwargs={"code": report.code}),
        {"decision_date": "2026-04-22", "decision_paragraph": "§ 31"},
    )
    archived = ArchivedReport.objects.get()
    assert response["Location"] == reverse("reporting:archived-detail", kwargs={"code": archived.code})
    report.refresh_from_db()
    assert report.is_adopted and report.decision_paragraph == "§ 31"
    assert archived.verify() and len(archived.pdf_sha256) == 64
    assert archived.title.startswith("Snabbrapport")
    with pytest.raises(ImmutableError):
        archived.save()
    with pytest.raises(services.ReportAdopted):
        services.build_report(report.pk)
    # The archived quick report is public, like the other adopted reports.
    client.logout()
    listing = client.get(reverse("public:report-list")).content.decode()
    assert reverse("public:report-detail", kwargs={"code": archived.code}) in listing
    assert client.get(reverse("public:report-detail", kwargs={"code": archived.code})).status_code == 200
    client.force_login(world.users["secretary"])
    # Adopted, the comment is closed for good.
    response = client.get(reverse("reporting:report-comment", kwargs={"code": report.code}))
    assert response.status_code == 403


def test_the_comment_locks_at_the_board_deadline_and_opens_with_a_board_step_reopening(
    client, world, march
) -> None:
    report = _quick(world, march, built=False)
    url = reverse("reporting:report-comment", kwargs={"code": report.code})
    client.force_login(world.users["secretary"])
    response = client.post(url, {"comment": "Före tidsgränsen."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.comment == "Före tidsgränsen."

    core_services.set_step_closed(march, Step.BOARD, True)
    assert client.get(url).status_code == 403
    assert client.post(url, {"comment": "Efter tidsgränsen."}).status_code == 403
    report.refresh_from_db()
    assert report.comment == "Före tidsgränsen."
    detail = client.get(reverse("reporting:report-detail", kwargs={"code": report.code}))
    assert url not in detail.content.decode()

    core_services.reopen(
        march,
        Step.BOARD,
        world.unit("bun"),
        reason="Nämndens kommentar saknas.",
        until=datetime.date.today() + datetime.timedelta(days=7),
        by=world.users["admin"],
    )
    assert client.post(url, {"comment": "Efter återöppning."}).status_code == 302
    report.refresh_from_db()
    assert report.comment == "Efter återöppning."


def test_a_staff_step_reopening_does_not_open_the_comment(client, world, march) -> None:
    report = _quick(world, march, built=False)
    core_services.set_step_closed(march, Step.BOARD, True)
    core_services.reopen(
        march,
        Step.STAFF,
        world.unit("bun"),
        reason="Status saknas.",
        until=datetime.date.today() + datetime.timedelta(days=7),
        by=world.users["admin"],
    )
    client.force_login(world.users["secretary"])
    url = reverse("reporting:report-comment", kwargs={"code": report.code})
    assert client.post(url, {"comment": "Nej."}).status_code == 403


@pytest.mark.parametrize(
    ("persona", "read", "build"),
    [
        ("secretary", 200, 302),
        ("controller", 200, 403),
        ("board_member", 200, 403),
        ("other_board_member", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_permission_matrix(client, world, march, persona, read, build) -> None:
    report = _quick(world, march)
    client.force_login(world.users[persona])
    code = {"code": report.code}
    assert client.get(reverse("reporting:report-detail", kwargs=code)).status_code == read
    pdf_response = client.get(reverse("reporting:report-pdf", kwargs=code))
    assert pdf_response.status_code == read
    pdf_response.close()
    assert client.post(reverse("reporting:report-build", kwargs=code)).status_code == build
    comment = client.post(reverse("reporting:report-comment", kwargs=code), {"comment": "Text"})
    assert comment.status_code == (302 if persona == "secretary" else build)
    start = client.post(
        reverse("reporting:report-start", kwargs={"code": world.unit("bun").code}), {"period": march.code}
    )
    assert start.status_code == (302 if persona == "secretary" else build)


def test_the_board_page_offers_quick_reports_only_for_monthly_periods_with_economy(
    client, world, march
) -> None:
    Period.objects.filter(year=world.year, key="m04").update(collects=["texts"])
    client.force_login(world.users["secretary"])
    page = client.get(
        reverse("reporting:board-reports", kwargs={"code": world.unit("bun").code}) + "?ar=2026"
    )
    html = page.content.decode()
    assert html.count("Starta snabbrapport") == 10  # m01..m11 except m04, which collects no economy
    assert "Starta rapporten" in html  # the tertials keep their interim and annual reports
    export = client.get(
        reverse("reporting:excel-export", kwargs={"code": world.unit("bun").code, "period": march.code})
    )
    assert export.status_code == 200
    # The server refuses what the page does not offer.
    m04 = Period.objects.get(year=world.year, key="m04")
    client.post(
        reverse("reporting:report-start", kwargs={"code": world.unit("bun").code}), {"period": m04.code}
    )
    assert not Report.objects.filter(period=m04).exists()


def test_the_council_compiles_no_quick_report(client, world, march, council_secretary, root) -> None:
    client.force_login(council_secretary)
    client.post(reverse("reporting:compilation-start"), {"period": march.code})
    assert not Report.objects.filter(period=march).exists()


def test_the_economy_page_shows_monthly_periods_and_the_controller_enters_them(client, world, march) -> None:
    board = world.unit("bun")
    client.force_login(world.users["controller"])
    page = client.get(reverse("reporting:economy-detail", kwargs={"code": board.code, "year": 2026}))
    assert str(march.name) in page.content.decode()
    response = client.post(
        reverse("reporting:economy-figure", kwargs={"code": board.code, "period": march.code}),
        {"outcome": "61200", "forecast": "254100", "analysis": "Enligt plan."},
    )
    assert response.status_code == 302
    assert EconomyFigure.objects.get(board=board, period=march).outcome == Decimal("61200")


def test_building_does_not_grow_with_deviations(world, march, django_assert_max_num_queries) -> None:
    _economy(world, march)
    _deviations(world, 2)
    report = _quick(world, march, built=False)
    with CaptureQueriesContext(connection) as small:
        services.build_report(report.pk)
    _deviations(world, 18, first=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        report = services.build_report(report.pk)
    text, _pages = _pdf_text(report)
    assert "Läsfrämjande insats 20" in " ".join(text.split())
