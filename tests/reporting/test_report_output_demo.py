"""Every report of the demo municipality, as a reader gets it: each kind (interim, annual, quick) for every demo
board and the municipality's interim and annual reports. Nothing is cut at the page's edges, the PDF is tagged
with its language, every font is embedded, and the text has every section the report's outline names.

One pass over the demo (about fourteen PDFs): the slowest test of the reporting app, well within a minute."""

from __future__ import annotations

import io

import pypdf
from django.core.management import call_command
from django.utils.translation import override

from reporting import parts as report_parts
from reporting import services
from reporting.models import Report
from styrmodell.lib import pdf
from styrmodell.models import OrgUnit, Period

from .test_report_output import unembedded_fonts

BOARD_SECTIONS = [
    "Innehåll",
    "Sammanfattning",
    "Översikt",
    "Ekonomi",
    "Måluppfyllelse",
    "Åtaganden",
    "Intern kontroll",
    "Noter",
]
MUNICIPAL_SECTIONS = BOARD_SECTIONS[:3] + [
    "Måluppfyllelse per inriktning",
    "Jämförelse med föregående år",
    "Noter",
]
QUICK_SECTIONS = ["Nämndens kommentar", "Ekonomi", "Åtaganden i riskzonen eller försenade"]


def _reports() -> list[Report]:
    """The reports to build: for each board its interim report of the latest tertial, the annual report of this
    year and the quick report of the latest month; for the municipality the interim and annual reports."""
    year = Period.objects.filter(kind=Period.Kind.MONTH).order_by("-ends").first().year
    periods = {p.key: p for p in year.periods.all()}
    months = [p for p in year.periods.filter(kind=Period.Kind.MONTH).order_by("ends")]
    reports = []
    for board in OrgUnit.objects.boards().active():
        for period in (periods["t2"], periods["ye"], months[-1]):
            reports.append(services.get_or_create_report(board, period, None))
    root = OrgUnit.objects.get(depth=1)
    for period in (periods["t2"], periods["ye"]):
        reports.append(services.get_or_create_report(root, period, None))
    return reports


def _headings(report: Report) -> list[str]:
    if report.is_quick:
        return QUICK_SECTIONS
    with override("sv"):
        contributed = [str(block.title) for block in report_parts.blocks(report, 3)]
    if report.scope == Report.Scope.MUNICIPALITY:
        boards = list(OrgUnit.objects.boards().active().values_list("name", flat=True))
        return MUNICIPAL_SECTIONS + boards + contributed
    return BOARD_SECTIONS + contributed


def test_every_demo_report_fits_its_pages_and_has_its_sections(db) -> None:
    call_command("load_demo", stdout=io.StringIO())
    reports = _reports()
    assert {r.kind for r in reports} == set(Report.Kind.values)
    assert any(r.scope == Report.Scope.MUNICIPALITY for r in reports)
    problems: dict[str, list] = {}
    for report in reports:
        _body, html = services.render_report_html(report)
        document = pdf.render_document(html)
        cut = pdf.text_outside_page(document)
        data = pdf.write_pdf(document)
        reader = pypdf.PdfReader(io.BytesIO(data))
        root = reader.trailer["/Root"]
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        found = {
            "cut at the page's edge": [(o.page, o.text) for o in cut],
            "not tagged": [] if "/StructTreeRoot" in root and root.get("/Lang") == "sv" else ["no tags"],
            "fonts not embedded": unembedded_fonts(data),
            "sections missing": [h for h in _headings(report) if " ".join(h.split()) not in text],
            "not Swedish": [w for w in ("Draft", "Contents", "Notes", "Summary") if w in text.split()],
        }
        found = {k: v for k, v in found.items() if v}
        if found:
            problems[report.title] = found
    assert problems == {}
