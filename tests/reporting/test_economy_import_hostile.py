"""Hostile workbooks for the Excel import: numbers the fields cannot hold, damaged cells, huge sheets. Each is
refused with a message naming the sheet, row and column; nothing is written; the pages still work afterwards."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook

from goals.models import IndicatorOutcome
from reporting import exports
from reporting.exports import ECONOMY_COLUMNS, OUTCOME_COLUMNS
from reporting.models import EconomyFigure

from .conftest import make_economy, make_goal

OUTCOME = "Utfall hittills (tkr)"
FORECAST = "Helårsprognos (tkr)"


def _sv(msgid: str, **params) -> str:
    with translation.override("sv"):
        text = gettext(msgid)
    return text % params if params else text


def _economy_book(outcome, forecast=251000, analysis="Analys") -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Ekonomi"
    sheet.append(ECONOMY_COLUMNS)
    sheet.append(["BUN", "T2", 250000, outcome, forecast, analysis])
    return book


def _bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, member: str, change) -> bytes:
    """The workbook with one of its XML parts rewritten by `change(text) -> text` (hand-made damage)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == member:
                content = change(content.decode()).encode()
            target.writestr(item, content)
    return out.getvalue()


def _replace_cell(data: bytes, ref: str, cell_xml: str) -> bytes:
    return _rewrite(
        data, "xl/worksheets/sheet1.xml", lambda xml: re.sub(rf'<c r="{ref}"[^>]*>.*?</c>', cell_xml, xml)
    )


@pytest.fixture
def urls(world):
    board, period = world.unit("bun"), world.periods["t2"]
    kwargs = {"code": board.code, "period": period.code}
    return {
        "import": reverse("reporting:excel-import", kwargs=kwargs),
        "export": reverse("reporting:excel-export", kwargs=kwargs),
        "economy": reverse("reporting:economy-detail", kwargs={"code": board.code, "year": world.year.year}),
    }


def _post(client, world, urls, data: bytes):
    client.force_login(world.users["controller"])
    return client.post(urls["import"], {"file": SimpleUploadedFile("ekonomi.xlsx", data)})


def _assert_refused(response, world, urls, client, expected: set[tuple[str, int, str]], reason: str) -> None:
    assert response.status_code == 422
    problems = response.context["result"].problems
    assert {(p.sheet, p.row, p.column) for p in problems} == expected
    assert all(p.reason == reason for p in problems)
    assert reason in response.content.decode()
    figure = EconomyFigure.objects.get()  # the one make_economy wrote, unchanged
    assert (figure.outcome, figure.forecast) == (Decimal("168000"), Decimal("253500"))
    for name in ("economy", "export"):
        assert client.get(urls[name]).status_code == 200


@pytest.mark.parametrize("value", [1e20, "1E+20", 10**13, "9999999999999,96", -(10**14)])
def test_a_number_the_field_cannot_hold_is_refused(client, world, urls, value) -> None:
    make_economy(world)
    response = _post(client, world, urls, _bytes(_economy_book(value)))
    _assert_refused(
        response,
        world,
        urls,
        client,
        {("Ekonomi", 2, OUTCOME)},
        _sv("The number is too large; at most %(digits)s digits before the decimal point.", digits=13),
    )


def test_the_largest_number_the_field_holds_is_imported(client, world, urls) -> None:
    make_economy(world)
    response = _post(client, world, urls, _bytes(_economy_book("9999999999999,9", -9999999999999.9)))
    assert response.status_code == 302
    figure = EconomyFigure.objects.get()
    assert figure.outcome == Decimal("9999999999999.9")
    assert figure.forecast == Decimal("-9999999999999.9")
    assert client.get(urls["economy"]).status_code == 200


def test_an_infinite_number_is_not_a_number(client, world, urls) -> None:
    make_economy(world)
    data = _replace_cell(_bytes(_economy_book(1)), "D2", '<c r="D2" t="n"><v>1e999</v></c>')
    response = _post(client, world, urls, data)
    _assert_refused(response, world, urls, client, {("Ekonomi", 2, OUTCOME)}, _sv("Not a number."))


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="E2" t="n"><v>abc</v></c>',  # a number cell holding text
        '<c r="E2" t="d"><v>2026-13-45</v></c>',  # a date cell holding no date
        '<c r="E2" t="s"><v>999</v></c>',  # a shared string past the end of the table
        '<c r="E2" t="b"><v>ja</v></c>',  # a truth value that is none
    ],
)
def test_a_damaged_cell_is_named_by_sheet_row_and_column(client, world, urls, cell) -> None:
    make_economy(world)
    data = _replace_cell(_bytes(_economy_book(170000)), "E2", cell)
    response = _post(client, world, urls, data)
    _assert_refused(
        response,
        world,
        urls,
        client,
        {("Ekonomi", 2, FORECAST)},
        _sv("The cell cannot be read: its stored value is damaged or not a valid number, date or text."),
    )


def test_a_sheet_whose_xml_breaks_midway_is_refused(client, world, urls) -> None:
    make_economy(world)
    data = _rewrite(
        _bytes(_economy_book(170000)),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace('<row r="2"', '<row r="2"<<'),
    )
    response = _post(client, world, urls, data)
    _assert_refused(
        response,
        world,
        urls,
        client,
        {("Ekonomi", 2, "")},
        _sv("The sheet cannot be read from this row on; the file is damaged. Save it again from Excel."),
    )


def test_a_file_that_is_a_broken_zip_is_refused(client, world, urls) -> None:
    make_economy(world)
    data = _bytes(_economy_book(170000))
    response = _post(client, world, urls, data[: len(data) // 2])
    assert response.status_code == 422
    assert "inte en Excel-arbetsbok" in response.content.decode()
    assert EconomyFigure.objects.get().outcome == Decimal("168000")


def _too_many(limit: int) -> str:
    return _sv(
        "The sheet has more than %(max)s rows; at most %(max)s rows (the header included) can be imported.",
        max=limit,
    )


def test_a_million_row_economy_sheet_is_refused_from_its_declared_size(client, world, urls) -> None:
    make_economy(world)
    data = _rewrite(
        _bytes(_economy_book(170000)),
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:F1000000"/>', xml),
    )
    response = _post(client, world, urls, data)
    limit = exports.MAX_ECONOMY_ROWS
    _assert_refused(response, world, urls, client, {("Ekonomi", limit + 1, "")}, _too_many(limit))


def test_a_sheet_hiding_its_millionth_row_is_refused_at_the_limit(client, world, urls) -> None:
    """No dimension, and a row numbered 1,000,000: the loop stops at the first row past the limit instead of
    producing the 999,997 empty rows in between."""

    def change(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"\s*/>', "", xml)
        return xml.replace(
            "</sheetData>", '<row r="1000000"><c r="D1000000" t="n"><v>1</v></c></row></sheetData>'
        )

    make_economy(world)
    response = _post(
        client, world, urls, _rewrite(_bytes(_economy_book(170000)), "xl/worksheets/sheet1.xml", change)
    )
    limit = exports.MAX_ECONOMY_ROWS
    _assert_refused(response, world, urls, client, {("Ekonomi", 1000000, "")}, _too_many(limit))


def test_the_economy_row_limit_counts_every_row_without_a_dimension(client, world, urls, monkeypatch) -> None:
    monkeypatch.setattr(exports, "MAX_ECONOMY_ROWS", 4)
    make_economy(world)
    book = _economy_book(170000)
    for _ in range(5):
        book.active.append([])
        book.active.append(["", "", "", "", "", "fler rader"])
    data = _rewrite(
        _bytes(book), "xl/worksheets/sheet1.xml", lambda xml: re.sub(r"<dimension[^>]*/>", "", xml)
    )
    response = _post(client, world, urls, data)
    assert response.status_code == 422
    problems = response.context["result"].problems
    # Empty rows are not in the file: rows 4, 6, 8 … hold text, and row 6 is the first one past the limit.
    assert (problems[-1].sheet, problems[-1].row, problems[-1].reason) == ("Ekonomi", 6, _too_many(4))
    assert EconomyFigure.objects.get().outcome == Decimal("168000")


def test_an_outcome_the_field_cannot_hold_is_refused(client, world, urls) -> None:
    goal = make_goal(world, outcome="70")
    indicator = goal.indicators.get()
    book = Workbook()
    sheet = book.active
    sheet.title = "Utfall"
    sheet.append(OUTCOME_COLUMNS)
    sheet.append([str(indicator.code), goal.title, indicator.name, "%", 85, 1e20, ""])
    response = _post(client, world, urls, _bytes(book))
    assert response.status_code == 422
    problems = response.context["result"].problems
    assert [(p.sheet, p.row, p.column) for p in problems] == [("Utfall", 2, "Utfall")]
    assert problems[0].reason == _sv(
        "The number is too large; at most %(digits)s digits before the decimal point.", digits=12
    )
    assert IndicatorOutcome.objects.get(period=world.periods["t2"]).value == Decimal("70")


def test_a_million_row_outcome_sheet_is_refused_from_its_declared_size(client, world, urls) -> None:
    make_goal(world, outcome="70")
    book = Workbook()
    book.active.title = "Utfall"
    book.active.append(OUTCOME_COLUMNS)
    data = _rewrite(
        _bytes(book),
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:G1048576"/>', xml),
    )
    response = _post(client, world, urls, data)
    assert response.status_code == 422
    problems = response.context["result"].problems
    limit = exports.MAX_IMPORT_ROWS
    assert [(p.sheet, p.row, p.reason) for p in problems] == [("Utfall", limit + 1, _too_many(limit))]
