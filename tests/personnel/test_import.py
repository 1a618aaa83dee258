"""Importing the HR system's file: every row checked before anything is written, the same file twice changes
nothing, a new file replaces the period's figures."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from personnel import importer
from personnel.models import PersonnelFigure, PersonnelImport
from personnel.services import figures_for

from .conftest import ROWS, csv_bytes, post_import, xlsx_bytes


def _snapshot() -> list[tuple]:
    return list(
        PersonnelFigure.objects.order_by("pk").values_list(
            "pk", "period_id", "unit_id", "gender", "age_group", "headcount", "working_hours", "sick_hours"
        )
    ) + list(PersonnelImport.objects.values_list("pk", "sha256", "rows"))


def _shares(figures) -> dict[str, Decimal | None]:
    return {row.key: row.current.value for row in figures.rows}


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(csv_bytes(), id="csv-semicolon-utf8"),
        pytest.param(b"\xef\xbb\xbf" + csv_bytes(), id="csv-bom"),
        pytest.param(csv_bytes(delimiter=",", encoding="cp1252"), id="csv-comma-windows-1252"),
        pytest.param(xlsx_bytes(), id="xlsx"),
    ],
)
def test_the_administrator_imports_the_hr_file_and_sees_the_laws_shares(client, world, data) -> None:
    period = world.periods["t2"]
    client.force_login(world.users["admin"])
    response = post_import(client, period, data, name="hr.xlsx" if data[:2] == b"PK" else "hr.csv")
    assert response.status_code == 302
    assert response["Location"] == reverse("personnel:figures", kwargs={"period": period.code})
    assert PersonnelFigure.objects.filter(period=period).count() == len(ROWS)
    figure = PersonnelFigure.objects.get(unit=world.unit("school_a"), age_group="-29")
    assert (figure.gender, figure.headcount, figure.fte) == ("women", 12, Decimal("11.50"))
    figures = figures_for(period)
    assert figures.total.headcount == 78
    # 3050 of 36500 hours; women 2500/29000; men 550/7000; by age 300/6000, 1050/15500, 1700/15000; long 1500/3050
    assert _shares(figures) == {
        "total": Decimal("8.4"),
        "women": Decimal("8.6"),
        "men": Decimal("7.9"),
        "-29": Decimal("5.0"),
        "30-49": Decimal("6.8"),
        "50-": Decimal("11.3"),
        "long": Decimal("49.2"),
    }
    page = client.get(response["Location"]).content.decode()
    assert "8,4 %" in page and "49,2 %" in page


def _refused(client, world, data: bytes, name: str = "hr.csv"):
    client.force_login(world.users["admin"])
    before = _snapshot()
    response = post_import(client, world.periods["t2"], data, name=name)
    assert response.status_code == 422
    assert _snapshot() == before
    problems = response.context["result"].problems
    html = response.content.decode()
    assert "Inget importerades" in html
    assert 'id="id_file_error"' in html and "listas ovan" in html  # beside the file field as well
    return problems, html


def _row(**changes) -> list:
    row = list(ROWS[0])
    names = ["unit", "gender", "age", "headcount", "fte", "working", "sick", "long"]
    for key, value in changes.items():
        row[names.index(key)] = value
    return row


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (_row(unit="Skola Ö"), "Enhet", "Ingen enhet i organisationen heter ”Skola Ö”."),
        (_row(gender="okänd"), "Kön", "Kön ska vara kvinna, man eller annat."),
        (_row(age="20-39"), "Åldersgrupp", "Åldersgruppen ska vara -29, 30-49 eller 50-."),
        (_row(headcount="tolv"), "Antal anställda", "Inte ett tal."),
        (_row(headcount="12,5"), "Antal anställda", "Antalet anställda ska vara ett heltal."),
        (_row(working="-6000"), "Ordinarie arbetstid (timmar)", "Talet kan inte vara negativt."),
        (_row(working="1E+20"), "Ordinarie arbetstid (timmar)", "Talet är för stort."),
        (_row(sick="NaN"), "Sjukfrånvaro (timmar)", "Inte ett tal."),
        (_row(sick=""), "Sjukfrånvaro (timmar)", "Ett tal måste anges."),
        (
            _row(sick="6001"),
            "Sjukfrånvaro (timmar)",
            "Sjukfrånvaron är fler timmar än den ordinarie arbetstiden.",
        ),
        (
            _row(long="301"),
            "Varav 60 dagar eller mer (timmar)",
            "Långtidssjukfrånvaron är fler timmar än sjukfrånvaron som helhet.",
        ),
    ],
)
def test_a_bad_row_is_refused_with_row_column_and_reason(client, world, row, column, reason) -> None:
    problems, html = _refused(client, world, csv_bytes([ROWS[1], row]))
    assert [(p.row, p.column, p.reason) for p in problems] == [(3, column, reason)]
    assert reason.replace("”", "&quot;")[:10] in html or reason[:10] in html


def test_a_duplicate_row_names_the_first(client, world) -> None:
    problems, _html = _refused(
        client, world, csv_bytes([ROWS[0], ROWS[1], ["skola a", "Kvinnor", "≤29", 1, "", "10", "0", "0"]])
    )
    assert [(p.row, p.column, p.reason) for p in problems] == [
        (4, "Enhet", "Enheten, könet och åldersgruppen finns redan på rad 2.")
    ]


def test_a_name_two_units_share_is_ambiguous(client, world) -> None:
    from styrmodell.models import OrgUnit

    OrgUnit.objects.create_child(world.unit("sof"), name="Skola A", kind=OrgUnit.Kind.UNIT)
    problems, _html = _refused(client, world, csv_bytes([ROWS[0]]))
    assert [(p.row, p.column) for p in problems] == [(2, "Enhet")]
    assert problems[0].reason.startswith("2 enheter heter ”Skola A”")


def test_every_problem_is_listed_and_nothing_written_even_with_good_rows(client, world) -> None:
    client.force_login(world.users["admin"])
    assert post_import(client, world.periods["t2"], csv_bytes()).status_code == 302
    problems, _html = _refused(client, world, csv_bytes([ROWS[0], _row(unit="Skola Ö", sick="x")]))
    assert {(p.row, p.column) for p in problems} == {(3, "Enhet"), (3, "Sjukfrånvaro (timmar)")}
    assert PersonnelFigure.objects.count() == len(ROWS)  # the earlier import stands


def test_a_missing_column_is_named(client, world) -> None:
    header = [c for c in importer.COLUMNS if c != importer.SICK]
    rows = [[v for i, v in enumerate(r) if importer.COLUMNS[i] != importer.SICK] for r in ROWS]
    problems, _html = _refused(client, world, csv_bytes(rows, header=header))
    assert len(problems) == 1 and problems[0].row == 1
    assert "saknas: Sjukfrånvaro (timmar)" in problems[0].reason


def test_the_full_time_equivalents_column_may_be_left_out(client, world) -> None:
    header = [c for c in importer.COLUMNS if c != importer.FTE]
    rows = [[v for i, v in enumerate(r) if importer.COLUMNS[i] != importer.FTE] for r in ROWS]
    client.force_login(world.users["admin"])
    assert post_import(client, world.periods["t2"], csv_bytes(rows, header=header)).status_code == 302
    assert figures_for(world.periods["t2"]).total.fte is None


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "bild.png",
            "Filen är varken en CSV-fil eller en Excel-arbetsbok",
        ),
        (b"PK\x03\x04 not a zip at all", "hr.xlsx", "inte en Excel-arbetsbok"),
        (xlsx_bytes()[:2000], "hr.xlsx", "inte en Excel-arbetsbok"),
        (b"", "hr.csv", "tom"),
        (b"Enhet;K\xc3\xb6n\r\n", "hr.csv", "saknas"),
    ],
)
def test_a_file_that_is_not_an_hr_file_is_refused(client, world, data, name, reason) -> None:
    client.force_login(world.users["admin"])
    before = _snapshot()
    response = post_import(client, world.periods["t2"], data, name=name)
    assert response.status_code == 422
    assert reason in response.content.decode()
    assert _snapshot() == before


def _damaged_xlsx(cell_xml: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(r'<c r="G2"[^>]*>.*?</c>', cell_xml, content.decode()).encode()
            target.writestr(item, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="G2" t="s"><v>9999</v></c>',
        '<c r="G2" t="d"><v>2026-13-45</v></c>',
        '<c r="G2" t="n"><v>x</v></c>',
    ],
)
def test_a_damaged_excel_cell_is_named_by_row_and_column(client, world, cell) -> None:
    problems, _html = _refused(client, world, _damaged_xlsx(cell), name="hr.xlsx")
    assert [(p.row, p.column) for p in problems] == [(2, "Sjukfrånvaro (timmar)")]
    assert problems[0].reason == "Cellen kan inte läsas: dess sparade värde är skadat."


def test_a_file_too_large_is_refused_before_it_is_read(client, world, monkeypatch) -> None:
    monkeypatch.setattr(importer, "MAX_BYTES", 200)
    problems, html = _refused(client, world, csv_bytes())
    assert len(problems) == 1 and "högst 200" in problems[0].reason


def test_the_row_limit_is_enforced(client, world, monkeypatch) -> None:
    monkeypatch.setattr(importer, "MAX_ROWS", 5)
    problems, _html = _refused(client, world, csv_bytes(ROWS * 2))
    assert [p.row for p in problems] == [7]
    assert "fler än 5 rader" in problems[0].reason


def test_a_million_row_workbook_is_refused_from_its_declared_size(client, world) -> None:
    def change(xml: str) -> str:
        return re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:H1000000"/>', xml)

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode()).encode()
            target.writestr(item, content)
    problems, _html = _refused(client, world, out.getvalue(), name="hr.xlsx")
    assert [(p.row, p.reason) for p in problems] == [
        (10002, "Filen har fler än 10000 rader med uppgifter; högst 10000 kan importeras åt gången.")
    ]


def test_the_same_file_twice_changes_nothing(client, world) -> None:
    client.force_login(world.users["admin"])
    period = world.periods["t2"]
    assert post_import(client, period, csv_bytes()).status_code == 302
    before = _snapshot()
    response = post_import(client, period, csv_bytes(), name="samma-igen.csv")
    assert response.status_code == 302
    assert _snapshot() == before
    assert PersonnelImport.objects.get().filename == "hr.csv"
    assert "redan importerad" in client.get(response["Location"]).content.decode()


def test_a_new_file_replaces_the_periods_figures_and_leaves_other_periods(client, world) -> None:
    client.force_login(world.users["admin"])
    t1, t2 = world.periods["t1"], world.periods["t2"]
    assert post_import(client, t1, csv_bytes()).status_code == 302
    assert post_import(client, t2, csv_bytes()).status_code == 302
    assert post_import(client, t2, csv_bytes([ROWS[0]]), name="ny.csv").status_code == 302
    assert PersonnelFigure.objects.filter(period=t2).count() == 1
    assert PersonnelFigure.objects.filter(period=t1).count() == len(ROWS)
    assert PersonnelImport.objects.get(period=t2).filename == "ny.csv"


def test_a_closed_year_is_not_imported(client, world) -> None:
    world.year.is_closed = True
    world.year.save(update_fields=["is_closed"])
    client.force_login(world.users["admin"])
    response = post_import(client, world.periods["t2"], csv_bytes())
    assert response.status_code == 422
    assert not PersonnelFigure.objects.exists()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_template_imports_as_it_is(client, world, kind) -> None:
    client.force_login(world.users["admin"])
    response = client.get(reverse(f"personnel:template-{kind}"))
    assert response.status_code == 200
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [c.value for c in sheet[1]] == importer.COLUMNS
    response = post_import(client, world.periods["t2"], response.content, name=f"mall.{kind}")
    assert response.status_code == 302, response.context["result"].problems
    assert PersonnelFigure.objects.count() == 2
