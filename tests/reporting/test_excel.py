"""Excel export, the import template, and imports that change nothing unless every row is right."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from goals.models import Indicator, IndicatorOutcome
from reporting.exports import ECONOMY_COLUMNS, OUTCOME_COLUMNS
from reporting.models import EconomyFigure

from .conftest import make_commitment, make_economy, make_goal


def _urls(world, name: str, kind: str = "t2") -> str:
    return reverse(
        f"reporting:{name}", kwargs={"code": world.unit("bun").code, "period": world.periods[kind].code}
    )


def _book(response) -> Workbook:
    return load_workbook(io.BytesIO(response.content))


def test_export_has_goals_indicators_commitments_and_economy(client, world) -> None:
    goal = make_goal(world, title='=HYPERLINK("http://evil","klicka")')
    make_commitment(world, comment="+1 och -2 @allt")
    make_economy(world)
    client.force_login(world.users["board_member"])
    response = client.get(_urls(world, "excel-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = _book(response)
    assert book.sheetnames == ["Mål", "Indikatorer", "Åtaganden", "Ekonomi"]
    assert book["Mål"]["B2"].value == "'" + goal.title
    assert book["Mål"]["B2"].data_type == "s"
    assert book["Indikatorer"]["B2"].value == "Andel elever med slutbetyg"
    assert book["Indikatorer"]["F2"].value == 85
    assert book["Indikatorer"]["G2"].value == 82
    assert book["Åtaganden"]["E2"].value == "'+1 och -2 @allt"
    economy = book["Ekonomi"]
    assert [c.value for c in economy[1]][:7] == ECONOMY_COLUMNS + ["Avvikelse (tkr)"]
    t2 = [c.value for c in economy[3]]  # rows in period order: tertial 1, tertial 2, year-end
    assert t2[3] == 168000 and t2[4] == 253500 and t2[6] == -3500


def test_export_query_count_does_not_grow_with_goals(client, world, django_assert_max_num_queries) -> None:
    client.force_login(world.users["board_member"])
    for i in range(2):
        make_goal(world, title=f"Mål {i}")
    with django_assert_max_num_queries(25) as small:
        client.get(_urls(world, "excel-export"))
    for i in range(10):
        make_goal(world, title=f"Fler mål {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(_urls(world, "excel-export"))


def _template(client, world) -> Workbook:
    client.force_login(world.users["controller"])
    response = client.get(_urls(world, "excel-template"))
    assert response.status_code == 200
    return _book(response)


def _upload(client, world, book: Workbook):
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("utfall.xlsx", buffer.getvalue())
    return client.post(_urls(world, "excel-import"), {"file": upload})


def test_controller_imports_outcomes_and_economy_from_the_template(client, world) -> None:
    goal = make_goal(world, outcome="70")
    book = _template(client, world)
    sheet = book["Utfall"]
    assert [c.value for c in sheet[1]] == OUTCOME_COLUMNS
    assert sheet["A2"].value == str(goal.indicators.get().code)
    sheet["F2"] = 86.5
    sheet["G2"] = "'=Bättre än väntat"  # as our own workbooks write formula-like text
    economy = book["Ekonomi"]
    economy["D2"] = "170 000,5"
    economy["E2"] = 251000
    economy["F2"] = "Prognosen förbättrad."
    response = _upload(client, world, book)
    assert response.status_code == 302
    assert response["Location"] == _urls(world, "excel-import")
    outcome = IndicatorOutcome.objects.get(period=world.periods["t2"])
    assert outcome.value == Decimal("86.5")
    assert outcome.comment == "=Bättre än väntat"  # the template's protective apostrophe is removed again
    assert outcome.source == Indicator.Source.EXCEL
    figure = EconomyFigure.objects.get()
    assert figure.outcome == Decimal("170000.5")
    assert figure.forecast == Decimal("251000")
    assert figure.analysis == "Prognosen förbättrad."


def test_a_bad_import_changes_nothing_and_lists_every_problem(client, world) -> None:
    make_goal(world, outcome="70")
    make_goal(world, title="Ett andra mål", outcome="71")
    book = _template(client, world)
    sheet = book["Utfall"]
    sheet["F2"] = 90  # a valid row: still not imported, because others are wrong
    sheet["F3"] = "många"
    sheet.append(["inte-ett-id", "", "", "", "", 5, ""])
    sheet.append(["00000000-0000-0000-0000-000000000000", "", "", "", "", 5, ""])
    book["Ekonomi"]["D2"] = "x"
    response = _upload(client, world, book)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing was imported" in html or "Inget importerades" in html
    problems = response.context["result"].problems
    assert {(p.sheet, p.row, p.column) for p in problems} == {
        ("Utfall", 3, "Utfall"),
        ("Utfall", 4, "Indikator-id"),
        ("Utfall", 5, "Indikator-id"),
        ("Ekonomi", 2, "Utfall hittills (tkr)"),
        ("Ekonomi", 2, "Helårsprognos (tkr)"),
    }
    assert sorted(
        IndicatorOutcome.objects.filter(period=world.periods["t2"]).values_list("value", flat=True)
    ) == [70, 71]
    assert not EconomyFigure.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(client, world) -> None:
    client.force_login(world.users["controller"])
    upload = SimpleUploadedFile("utfall.xlsx", b"PK not really")
    response = client.post(_urls(world, "excel-import"), {"file": upload})
    assert response.status_code == 422
    html = response.content.decode()
    assert "inte en Excel-arbetsbok" in html
    assert not IndicatorOutcome.objects.exists()


def test_a_wrong_header_is_reported(client, world) -> None:
    book = Workbook()
    book.active.title = "Utfall"
    book.active.append(["Fel", "rubrik"])
    client.force_login(world.users["controller"])
    response = _upload(client, world, book)
    assert [(p.sheet, p.row) for p in response.context["result"].problems] == [("Utfall", 1)]


def test_nothing_is_imported_into_a_closed_period(client, world) -> None:
    client.force_login(world.users["controller"])
    url = _urls(world, "excel-import", "t1")
    response = client.post(url, {"file": SimpleUploadedFile("x.xlsx", b"x")})
    assert response.status_code == 422


@pytest.mark.parametrize("persona", ["secretary", "board_member", "manager"])
def test_only_controllers_import(client, world, persona: str) -> None:
    client.force_login(world.users[persona])
    assert client.get(_urls(world, "excel-import")).status_code == 403
    assert client.get(_urls(world, "excel-template")).status_code == 403


def test_an_import_changes_and_adds_outcomes_and_records_both_in_the_history(client, world) -> None:
    goal = make_goal(world, outcome="70")  # the goal's indicator already has an outcome in T2
    added = Indicator.objects.create(goal=goal, name="Andel nöjda elever", unit="%", position=2)
    book = _template(client, world)
    sheet = book["Utfall"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    changed = goal.indicators.exclude(pk=added.pk).get()
    sheet.cell(row=rows[str(changed.code)], column=6).value = 90
    sheet.cell(row=rows[str(added.code)], column=6).value = "72,5"
    del book["Ekonomi"]  # outcomes only
    response = _upload(client, world, book)
    assert response.status_code == 302, response.context["result"].problems

    period = world.periods["t2"]
    assert IndicatorOutcome.objects.get(indicator=changed, period=period).value == Decimal("90")
    assert IndicatorOutcome.objects.get(indicator=added, period=period).value == Decimal("72.5")
    history = IndicatorOutcome.history.filter(period=period).order_by("history_id")
    latest = {h.indicator_id: h for h in history}
    assert latest[changed.pk].history_type == "~" and latest[changed.pk].value == Decimal("90")
    assert latest[added.pk].history_type == "+" and latest[added.pk].value == Decimal("72.5")
    assert {latest[changed.pk].history_user, latest[added.pk].history_user} == {world.users["controller"]}
