from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from internal_control.models import ControlResult

from .conftest import make_action, make_control, make_plan, make_process, make_result, make_risk


def _plan(world):
    plan = make_plan(world.units["bun"], world.year, adopted=True)
    process = make_process(plan, '=HYPERLINK("http://evil")', owner="Skolchef")
    risk = make_risk(plan, process, 4, 3, description="Fusk vid nationella prov")
    control = make_control(risk, world.users["manager"], what="Granskning av provrutiner")
    result = make_result(control, 1, ControlResult.Outcome.DEVIATION, findings="Proven förvarades olåst")
    make_action(result, description="Låsbart skåp köps in", owner="Rektor")
    return plan


def test_it_exports_the_plan_and_its_results_to_excel(world, client):
    plan = _plan(world)
    client.force_login(world.users["employee"])
    response = client.get(reverse("internal_control:plan-export", args=[plan.code]))
    assert response.status_code == 200
    assert "internkontrollplan-BUN-2026.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Processer", "Risker", "Kontrollmoment", "Resultat"]
    assert book["Processer"]["A2"].value == '\'=HYPERLINK("http://evil")'
    risks = book["Risker"]
    assert risks["B2"].value == "Fusk vid nationella prov"
    assert risks["F2"].value == 12
    assert risks["G2"].value == "Mycket hög"
    results = [[c.value for c in row] for row in book["Resultat"].iter_rows(min_row=2)]
    deviation = next(r for r in results if r[1] == "Tertial 1")
    assert deviation[3] == "Avvikelse"
    assert deviation[4] == "Proven förvarades olåst"
    assert deviation[6] == "Låsbart skåp köps in"
    assert len(results) == 3


def test_it_renders_the_followup_as_pdf(world, client):
    plan = _plan(world)
    client.force_login(world.users["board_member"])
    response = client.get(reverse("internal_control:plan-followup-pdf", args=[plan.code]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Barn- och utbildningsnämnden" in text
    assert "Proven förvarades olåst" in text
    assert reader.metadata.title.startswith("Uppföljning av intern kontroll")


def test_it_renders_the_compilation_as_pdf(world, client):
    _plan(world)
    client.force_login(world.users["council"])
    response = client.get(reverse("internal_control:compilation-pdf", args=[2026]))
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert len(reader.pages) == 1
    assert "Socialnämnden" in text and "Ingen plan" in text
