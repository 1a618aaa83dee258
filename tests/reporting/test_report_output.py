"""What a reader of a built report sees: tables that fit the page, the cover's dates and decision, the internal
control counted within the period, embedded fonts and tags, and the municipality's logo and colour."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pypdf
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from internal_control import services as ic_services
from internal_control.models import Control, ControlResult, Frequency, Process, Risk
from reporting import services
from reporting.models import BudgetFrame, EconomyFigure
from styrmodell.lib import pdf
from styrmodell.models import ReportStyle

from .conftest import make_economy, make_goal, make_report


def _text(data: bytes, pages: slice = slice(None)) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages[pages]).split())


def _pdf_of(report) -> bytes:
    with report.pdf.open("rb") as file:
        return file.read()


def unembedded_fonts(data: bytes) -> list[str]:
    """The fonts a PDF uses without carrying them (a reader substitutes its own, and PDF/UA forbids it)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    missing = []
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = (
                (target.get("/FontDescriptor") or {}).get_object() if target.get("/FontDescriptor") else {}
            )
            if font.get("/Subtype") == "/Type3":
                continue  # glyphs drawn by the PDF itself
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
    return missing


def test_it_fits_the_overview_with_its_budget_deviation_on_the_page(world) -> None:
    make_goal(world)
    make_economy(world)  # budget 250 000, forecast 253 500: a deviation of -3 500
    report = services.get_or_create_report(world.unit("bun"), world.periods["t2"], None)
    _body, document, data = services.render_report(report)
    assert pdf.text_outside_page(pdf.render_document(document)) == []
    assert "-3 500" in _text(data).replace("\xa0", " ")


def test_it_fits_the_internal_control_compilation_with_every_column(world) -> None:
    plan = ic_services.create_plan(world.unit("bun"), world.year)
    process = Process.objects.create(plan=plan, name="Inköp och upphandling", owner="Förvaltningschef")
    risk = Risk.objects.create(
        plan=plan,
        process=process,
        likelihood=3,
        consequence=4,
        description="Inköp görs utanför avtal",
        category=Risk.Category.LEGAL,
        owner="Ekonomichef",
    )
    Control.objects.create(
        risk=risk,
        owner=world.users["ic_officer"],
        frequency=Frequency.MONTHLY,
        what="Stickprov på fakturor",
        method="Tio fakturor granskas.",
        report_to="Nämnden",
    )
    boards = [world.unit("bun"), world.unit("sn")]
    ctx = {
        "year": world.year,
        "statuses": ic_services.compile_year(boards, world.year, datetime.date(2026, 9, 30)),
        "today": datetime.date(2026, 9, 30),
        "pdf_title": "Intern kontroll",
        "pdf_lang": "sv",
    }
    html = pdf.render_html("internal_control/pdf/compilation.html", ctx)
    document = pdf.render_document(html)
    assert pdf.text_outside_page(document) == []
    text = _text(pdf.write_pdf(document))
    # The last two columns are there, hyphenated or not.
    assert "Avvi" in text and "Öppna" in text


def test_the_cover_says_draft_with_the_build_date_until_the_board_adopts_it(world) -> None:
    make_goal(world)
    report = make_report(world)
    cover = _text(_pdf_of(report), slice(0, 1))
    with override("sv"):
        today = date_format(timezone.localdate(), "j F Y")
    assert f"Utkast, skapat {today}" in cover
    assert "Beslutad" not in cover

    services.mark_ready(report)
    archived = services.adopt(report, decision_date=datetime.date(2026, 9, 20), paragraph="45", user=None)
    with archived.pdf.open("rb") as file:
        cover = _text(file.read(), slice(0, 1))
    assert "Beslutad av Barn- och utbildningsnämnden 20 september 2026 § 45" in cover
    assert "Utkast" not in cover
    assert archived.verify()
    assert "Beslutad av Barn- och utbildningsnämnden" in archived.html
    # The report's own PDF is the adopted one too.
    report.refresh_from_db()
    assert "Beslutad av" in _text(_pdf_of(report), slice(0, 1))


def test_the_cover_gives_the_cumulative_dates_whatever_the_period_says(world) -> None:
    # An administrator gave the periods the dates of their own four months; reports are cumulative all the same.
    world.periods["t2"].starts = datetime.date(2026, 5, 1)
    world.periods["t2"].save(update_fields=["starts"])
    world.periods["ye"].starts = datetime.date(2026, 9, 1)
    world.periods["ye"].save(update_fields=["starts"])
    interim = services.get_or_create_report(world.unit("bun"), world.periods["t2"], None)
    annual = services.get_or_create_report(world.unit("bun"), world.periods["ye"], None)
    interim_cover = _text(services.render_report(interim)[2], slice(0, 1))
    annual_cover = _text(services.render_report(annual)[2], slice(0, 1))
    assert "1 januari – 31 augusti 2026" in interim_cover
    assert "1 januari – 31 december 2026" in annual_cover
    assert "Delårsrapport 2026" in interim_cover and "Årsredovisning 2026" in annual_cover


def test_the_interim_report_counts_only_the_internal_control_performed_in_the_period(world) -> None:
    plan = ic_services.create_plan(world.unit("bun"), world.year)
    process = Process.objects.create(plan=plan, name="Inköp", owner="Förvaltningschef")
    risk = Risk.objects.create(
        plan=plan,
        process=process,
        likelihood=3,
        consequence=4,
        description="Inköp utanför avtal",
        category=Risk.Category.LEGAL,
        owner="Ekonomichef",
    )
    control = Control.objects.create(
        risk=risk,
        owner=world.users["ic_officer"],
        frequency=Frequency.TERTIAL,
        what="Stickprov på fakturor",
        method="Tio fakturor granskas.",
        report_to="Nämnden",
    )
    officer = world.users["ic_officer"]
    for occurrence, performed_on, outcome, findings in [
        (1, datetime.date(2026, 4, 20), ControlResult.Outcome.NO_REMARK, ""),
        # The second tertial's control was carried out after the interim period ended.
        (2, datetime.date(2026, 9, 10), ControlResult.Outcome.DEVIATION, "Två fakturor saknade avtal."),
        # Reported early for the last tertial, after the period too.
        (3, datetime.date(2026, 9, 12), ControlResult.Outcome.NO_REMARK, ""),
    ]:
        ic_services.report_result(
            control,
            occurrence=occurrence,
            performed_on=performed_on,
            outcome=outcome,
            findings=findings,
            reported_by=officer,
        )
    summary = services.control_summary(world.unit("bun"), world.periods["t2"])
    assert (summary.planned, summary.due, summary.reported, summary.missing) == (3, 2, 1, 1)
    assert summary.deviations == []
    report = services.get_or_create_report(world.unit("bun"), world.periods["t2"], None)
    text = _text(services.render_report(report)[2])
    assert "hade 1 av 2 kontrolltillfällen" in text
    assert "Två fakturor saknade avtal." not in text
    # The annual report counts them all, the deviation with it.
    annual = services.get_or_create_report(world.unit("bun"), world.periods["ye"], None)
    text = _text(services.render_report(annual)[2])
    assert "hade 3 av 3 kontrolltillfällen" in text
    assert "Två fakturor saknade avtal." in text


def test_every_font_is_embedded_and_the_pdf_stays_tagged(world) -> None:
    make_goal(world)
    make_economy(world)
    report = make_report(world)
    data = _pdf_of(report)
    assert unembedded_fonts(data) == []
    root = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "sv"


def test_the_cover_and_headings_use_the_municipalitys_logo_and_colour(world) -> None:
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (40, 20), (31, 58, 95)).save(picture, format="PNG")
    ReportStyle.objects.create(logo=picture.getvalue(), logo_type="image/png", colour="#7a1f3d")
    BudgetFrame.objects.create(board=world.unit("bun"), year=world.year, amount=Decimal("1000"))
    EconomyFigure.objects.create(
        board=world.unit("bun"), period=world.periods["t2"], outcome=Decimal("600"), forecast=Decimal("990")
    )
    report = make_report(world)
    assert "#7a1f3d" in report.document_html
    assert 'src="data:image/png;base64,' in report.document_html
    cover = pypdf.PdfReader(io.BytesIO(_pdf_of(report))).pages[0]
    assert len(cover.images) == 1
