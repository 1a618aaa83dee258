from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from internal_control.models import ControlPlan, Process, Risk
from styrmodell.models import Year

from .conftest import make_control, make_plan, make_process, make_risk


def test_it_creates_a_plan_for_a_board_the_officer_keeps(world, client):
    client.force_login(world.users["ic_officer"])
    response = client.post(
        reverse("internal_control:plan-create"), {"board": world.units["bun"].code, "year": 2026}
    )
    plan = ControlPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("internal_control:plan-detail", args=[plan.code])
    assert plan.board == world.units["bun"]
    assert plan.status == ControlPlan.Status.DRAFT
    assert plan.matrix.is_current


def test_it_refuses_a_board_the_user_does_not_keep(world, client):
    client.force_login(world.users["ic_officer"])
    response = client.post(
        reverse("internal_control:plan-create"), {"board": world.units["sn"].code, "year": 2026}
    )
    assert response.status_code == 200
    assert not ControlPlan.objects.exists()


def test_it_refuses_a_second_plan_for_the_same_year(world, client):
    make_plan(world.units["bun"], world.year)
    client.force_login(world.users["ic_officer"])
    response = client.post(
        reverse("internal_control:plan-create"), {"board": world.units["bun"].code, "year": 2026}
    )
    assert response.status_code == 200
    assert ControlPlan.objects.count() == 1


def test_it_builds_a_plan_from_process_to_control(world, client):
    plan = make_plan(world.units["bun"], world.year)
    client.force_login(world.users["ic_officer"])
    client.post(
        reverse("internal_control:process-create", args=[plan.code]),
        {"name": "Skolskjuts", "description": "Upphandlad skolskjuts", "owner": "Skolchef"},
    )
    process = Process.objects.get()
    assert (process.plan, process.owner) == (plan, "Skolchef")
    response = client.post(
        reverse("internal_control:risk-create", args=[plan.code]),
        {
            "process": process.pk,
            "description": "Elever hämtas inte",
            "category": "operations",
            "likelihood": 2,
            "consequence": 4,
            "owner": "Skolchef",
            "mitigation": "Rutin för avvikelser",
            "goal": "",
        },
    )
    risk = Risk.objects.get()
    assert response["Location"] == reverse("internal_control:risk-detail", args=[risk.code])
    assert (risk.score, risk.category, risk.plan) == (8, Risk.Category.OPERATIONS, plan)
    response = client.post(
        reverse("internal_control:control-create", args=[risk.code]),
        {
            "what": "Avvikelserapporter",
            "method": "Genomgång",
            "frequency": "monthly",
            "owner": world.users["manager"].pk,
            "report_to": "Nämnden",
        },
    )
    control = risk.controls.get()
    assert response["Location"] == reverse("internal_control:risk-detail", args=[risk.code])
    assert control.owner == world.users["manager"]
    assert control.occurrence_count == 12
    page = client.get(reverse("internal_control:plan-detail", args=[plan.code])).content.decode()
    assert "Elever hämtas inte" in page and "Avvikelserapporter" in page


def test_it_offers_only_people_of_the_board_as_control_owners(world, client):
    plan = make_plan(world.units["bun"], world.year)
    risk = make_risk(plan)
    client.force_login(world.users["ic_officer"])
    response = client.post(
        reverse("internal_control:control-create", args=[risk.code]),
        {
            "what": "X",
            "method": "Y",
            "frequency": "yearly",
            "owner": world.users["outsider"].pk,
            "report_to": "N",
        },
    )
    assert response.status_code == 200
    assert not risk.controls.exists()


def test_it_adopts_the_plan_with_a_decision_date(world, client):
    plan = make_plan(world.units["bun"], world.year)
    client.force_login(world.users["board_member"])
    response = client.post(
        reverse("internal_control:plan-adopt", args=[plan.code]),
        {"decision_date": "2026-01-28", "decision_paragraph": "§ 7"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == ControlPlan.Status.ADOPTED
    assert plan.decision_date == datetime.date(2026, 1, 28)
    assert plan.decision_paragraph == "§ 7"


def test_it_needs_a_decision_date_to_adopt(world, client):
    plan = make_plan(world.units["bun"], world.year)
    client.force_login(world.users["board_member"])
    client.post(reverse("internal_control:plan-adopt", args=[plan.code]), {"decision_date": ""})
    plan.refresh_from_db()
    assert not plan.is_adopted


@pytest.mark.parametrize(
    ("view", "obj"),
    [
        ("process-create", "plan"),
        ("risk-create", "plan"),
        ("risk-update", "risk"),
        ("risk-delete", "risk"),
        ("control-create", "risk"),
        ("control-update", "control"),
        ("control-delete", "control"),
        ("process-update", "process"),
        ("process-delete", "process"),
    ],
)
def test_it_locks_risks_and_controls_of_an_adopted_plan(world, client, view, obj):
    plan = make_plan(world.units["bun"], world.year, adopted=True)
    process = make_process(plan)
    risk = make_risk(plan, process)
    control = make_control(risk, world.users["manager"])
    objs = {"plan": plan, "risk": risk, "control": control, "process": process}
    client.force_login(world.users["ic_officer"])
    assert client.post(reverse(f"internal_control:{view}", args=[objs[obj].code]), {}).status_code == 403
    assert Risk.objects.filter(pk=risk.pk).exists()


def test_it_reopens_an_adopted_plan(world, client):
    plan = make_plan(world.units["bun"], world.year, adopted=True)
    client.force_login(world.users["secretary"])
    response = client.post(reverse("internal_control:plan-reopen", args=[plan.code]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == ControlPlan.Status.DRAFT
    assert plan.history.filter(status=ControlPlan.Status.ADOPTED).exists()


def test_it_keeps_a_closed_year_read_only(world, client):
    year = Year.objects.create(year=2025, is_closed=True)
    plan = make_plan(world.units["bun"], year)
    client.force_login(world.users["ic_officer"])
    assert client.get(reverse("internal_control:plan-detail", args=[plan.code])).status_code == 200
    assert client.post(reverse("internal_control:process-create", args=[plan.code]), {}).status_code == 403


def test_it_hides_a_plan_from_another_board(world, client):
    plan = make_plan(world.units["bun"], world.year)
    client.force_login(world.users["other_board_member"])
    assert client.get(reverse("internal_control:plan-detail", args=[plan.code])).status_code == 404
    client.force_login(world.users["employee"])
    assert client.get(reverse("internal_control:plan-detail", args=[plan.code])).status_code == 200


def test_it_lists_only_plans_the_user_may_read(world, client):
    make_plan(world.units["bun"], world.year)
    make_plan(world.units["sn"], world.year)
    client.force_login(world.users["manager"])
    body = client.get(reverse("internal_control:plan-list")).content.decode()
    assert "Barn- och utbildningsnämnden" in body
    assert "Socialnämnden" not in body


def test_it_refuses_removing_a_process_with_risks(world, client):
    plan = make_plan(world.units["bun"], world.year)
    risk = make_risk(plan)
    client.force_login(world.users["ic_officer"])
    client.post(reverse("internal_control:process-delete", args=[risk.process.code]))
    assert Process.objects.filter(pk=risk.process.pk).exists()


def test_it_records_history_of_a_risk(world, client):
    plan = make_plan(world.units["bun"], world.year)
    risk = make_risk(plan)
    client.force_login(world.users["ic_officer"])
    data = {
        "process": risk.process.pk,
        "description": "Ändrad beskrivning",
        "category": "legal",
        "likelihood": 1,
        "consequence": 1,
        "owner": "X",
        "mitigation": "",
        "goal": "",
    }
    client.post(reverse("internal_control:risk-update", args=[risk.code]), data)
    last = risk.history.first()
    assert last.history_user == world.users["ic_officer"]
    assert last.description == "Ändrad beskrivning"
    body = client.get(reverse("internal_control:risk-detail", args=[risk.code])).content.decode()
    assert "Ändringshistorik" in body
