"""The working budget from Excel: the template lists the board's units; a good file is imported in full; a bad file
changes nothing and every problem is shown with its sheet, row and column in Swedish."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from budget.models import WorkingBudgetLine
from styrmodell.lib.xlsx import XLSX_CONTENT_TYPE

from .conftest import adopt_plan, make_directive


@pytest.fixture
def adopted(budget_world):
    w = budget_world
    make_directive(w, {"bun": Decimal("1000"), "sn": Decimal("500")})
    adopt_plan(w)
    return w


def upload(rows, header=("Enhetens id", "Enhet", "Belopp (tkr)"), sheet="Arbetsbudget") -> SimpleUploadedFile:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("arbetsbudget.xlsx", buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)


def test_the_template_lists_every_unit_of_the_board(client, adopted):
    w = adopted
    client.force_login(w.users["controller"])
    response = client.get(reverse("budget:working-budget-template", args=[2026, w.unit("bun").code]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Arbetsbudget"].iter_rows(values_only=True))
    assert rows[0] == ("Enhetens id", "Enhet", "Belopp (tkr)")
    assert {r[1] for r in rows[1:]} == {
        "Barn- och utbildningsförvaltningen",
        "Skolavdelningen",
        "Skola A",
        "Skola B",
        "Lag A1",
    }
    assert "Hemtjänsten" not in {r[1] for r in rows[1:]}


def test_a_good_file_is_imported(client, adopted):
    w = adopted
    bun = w.unit("bun")
    client.force_login(w.users["secretary"])
    file = upload(
        [(str(w.unit("school_a").code), "Skola A", 600), (str(w.unit("school_b").code), "Skola B", "400,0")]
    )
    response = client.post(reverse("budget:working-budget-import", args=[2026, bun.code]), {"file": file})
    assert response.status_code == 302
    amounts = dict(WorkingBudgetLine.objects.filter(board=bun).values_list("unit__name", "amount"))
    assert amounts == {"Skola A": Decimal("600"), "Skola B": Decimal("400")}


def test_a_bad_file_changes_nothing_and_names_every_problem(client, adopted):
    w = adopted
    bun = w.unit("bun")
    WorkingBudgetLine.objects.create(board=bun, year=w.year, unit=w.unit("school_a"), amount=Decimal("1000"))
    client.force_login(w.users["controller"])
    file = upload(
        [
            (str(w.unit("school_b").code), "Skola B", "mycket"),
            (str(w.unit("home_care").code), "Hemtjänsten", 10),
            ("inte-ett-id", "?", 5),
            (str(w.unit("school_a").code), "Skola A", -3),
            (str(w.unit("school_a").code), "Skola A", 3),
        ]
    )
    response = client.post(reverse("budget:working-budget-import", args=[2026, bun.code]), {"file": file})
    assert response.status_code == 422
    html = response.content.decode()
    assert "importerades" in html  # "Inget importerades" (the wording of the reporting app's import)
    for text in [
        "<td>Arbetsbudget</td><td>2</td><td>Belopp (tkr)</td><td>Inte ett tal.</td>",
        "<td>3</td><td>Enhetens id</td><td>Ingen enhet i nämnden har detta id.</td>",
        "<td>4</td><td>Enhetens id</td><td>Inte ett enhets-id från mallen.</td>",
        "<td>5</td><td>Belopp (tkr)</td><td>Beloppet ska ligga mellan 0 och 100 000 000 tkr.</td>",
        "<td>6</td><td>Enhetens id</td><td>Enheten finns redan på rad 5.</td>",
    ]:
        assert text in html
    assert list(WorkingBudgetLine.objects.values_list("unit__name", "amount")) == [
        ("Skola A", Decimal("1000"))
    ]


def test_a_file_that_does_not_add_up_changes_nothing(client, adopted):
    w = adopted
    bun = w.unit("bun")
    client.force_login(w.users["controller"])
    file = upload([(str(w.unit("school_a").code), "Skola A", 999)])
    response = client.post(reverse("budget:working-budget-import", args=[2026, bun.code]), {"file": file})
    assert response.status_code == 422
    assert "Beloppen blir tillsammans 999 tkr men nämndens ram är 1\xa0000 tkr" in response.content.decode()
    assert not WorkingBudgetLine.objects.exists()


def test_a_file_that_is_not_excel_is_refused(client, adopted):
    w = adopted
    client.force_login(w.users["controller"])
    file = SimpleUploadedFile("x.xlsx", b"not a zip", content_type=XLSX_CONTENT_TYPE)
    response = client.post(
        reverse("budget:working-budget-import", args=[2026, w.unit("bun").code]), {"file": file}
    )
    assert response.status_code == 422
    assert "Filen är inte en Excel-arbetsbok (.xlsx)." in response.content.decode()
    assert not WorkingBudgetLine.objects.exists()
