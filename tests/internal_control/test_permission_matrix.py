"""Every view of internal control × every persona × method → the expected status."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from internal_control.models import ControlResult
from styrmodell.models import Year
from tests.conftest import PERSONAS

from .conftest import make_action, make_control, make_plan, make_process, make_result, make_risk

OUT = {"outsider": 404, "other_board_member": 404}
# Who keeps the BUN plan; who reports on the control owned by the manager.
EDITORS = {"board_member", "secretary", "ic_officer"}
REPORTERS = {"manager", "ic_officer"}


def expect(ok: int, allowed: set[str] | None, *, scoped: bool = True) -> dict[str, int]:
    """ok for the allowed personas (everyone when None), 404 outside the board when scoped, else 403."""
    result = {}
    for persona in PERSONAS:
        if scoped and persona in OUT:
            result[persona] = OUT[persona]
        elif allowed is None or persona in allowed:
            result[persona] = ok
        else:
            result[persona] = 403
    return result


@pytest.fixture
def objs(world):
    plan = make_plan(world.units["bun"], world.year)
    p1 = make_process(plan, "Inköp")
    p2 = make_process(plan, "Tom process")
    r1 = make_risk(plan, p1, 4, 4)
    r2 = make_risk(plan, p1, 1, 2, description="Liten risk")
    c1 = make_control(r1, world.users["manager"])
    c2 = make_control(r2, world.users["manager"], what="Annan kontroll")
    res1 = make_result(c1, 1, ControlResult.Outcome.DEVIATION)
    a1 = make_action(res1)
    next_year = Year.objects.create(year=2027)
    adopted = make_plan(world.units["bun"], next_year, adopted=True)
    return {
        "plan": plan,
        "p1": p1,
        "p2": p2,
        "r1": r1,
        "r2": r2,
        "c1": c1,
        "c2": c2,
        "res1": res1,
        "a1": a1,
        "adopted": adopted,
        "world": world,
    }


def risk_data(o):
    return {
        "process": o["p1"].pk,
        "description": "Ny risk",
        "category": "it",
        "likelihood": 2,
        "consequence": 3,
        "owner": "IT-chef",
        "mitigation": "",
        "goal": "",
    }


def control_data(o):
    return {
        "what": "Kontroll",
        "method": "Stickprov",
        "frequency": "yearly",
        "owner": o["world"].users["manager"].pk,
        "report_to": "Nämnden",
    }


RESULT_DATA = {"occurrence": 1, "performed_on": "2026-04-10", "outcome": "no_remark", "findings": ""}

# name, method, url builder, data builder, expectations
CASES = [
    (
        "plan-list",
        "get",
        lambda o: reverse("internal_control:plan-list"),
        None,
        expect(200, None, scoped=False),
    ),
    (
        "matrix-detail",
        "get",
        lambda o: reverse("internal_control:matrix-detail"),
        None,
        expect(200, None, scoped=False),
    ),
    (
        "matrix-update",
        "get",
        lambda o: reverse("internal_control:matrix-update"),
        None,
        expect(200, {"admin"}, scoped=False),
    ),
    (
        "matrix-update",
        "post",
        lambda o: reverse("internal_control:matrix-update"),
        lambda o: {
            "likelihood_labels": "A\nB\nC\nD",
            "consequence_labels": "A\nB\nC\nD",
            "medium_from": 4,
            "high_from": 8,
            "very_high_from": 12,
        },
        expect(302, {"admin"}, scoped=False),
    ),
    (
        "plan-create",
        "get",
        lambda o: reverse("internal_control:plan-create"),
        None,
        expect(200, EDITORS | {"other_board_member"}, scoped=False),
    ),
    (
        "compilation-current",
        "get",
        lambda o: reverse("internal_control:compilation-current"),
        None,
        expect(302, None, scoped=False),
    ),
    (
        "compilation",
        "get",
        lambda o: reverse("internal_control:compilation", args=[2026]),
        None,
        expect(200, None, scoped=False),
    ),
    (
        "compilation-pdf",
        "get",
        lambda o: reverse("internal_control:compilation-pdf", args=[2026]),
        None,
        expect(200, None, scoped=False),
    ),
    (
        "plan-detail",
        "get",
        lambda o: reverse("internal_control:plan-detail", args=[o["plan"].code]),
        None,
        expect(200, None),
    ),
    (
        "plan-followup",
        "get",
        lambda o: reverse("internal_control:plan-followup", args=[o["plan"].code]),
        None,
        expect(200, None),
    ),
    (
        "plan-followup-pdf",
        "get",
        lambda o: reverse("internal_control:plan-followup-pdf", args=[o["plan"].code]),
        None,
        expect(200, None),
    ),
    (
        "plan-export",
        "get",
        lambda o: reverse("internal_control:plan-export", args=[o["plan"].code]),
        None,
        expect(200, None),
    ),
    (
        "plan-adopt",
        "post",
        lambda o: reverse("internal_control:plan-adopt", args=[o["plan"].code]),
        lambda o: {"decision_date": "2026-01-20", "decision_paragraph": "§ 3"},
        expect(302, EDITORS),
    ),
    (
        "plan-reopen",
        "post",
        lambda o: reverse("internal_control:plan-reopen", args=[o["adopted"].code]),
        None,
        expect(302, EDITORS),
    ),
    (
        "process-create",
        "get",
        lambda o: reverse("internal_control:process-create", args=[o["plan"].code]),
        None,
        expect(200, EDITORS),
    ),
    (
        "process-create",
        "post",
        lambda o: reverse("internal_control:process-create", args=[o["plan"].code]),
        lambda o: {"name": "Löner", "description": "", "owner": "HR-chef"},
        expect(302, EDITORS),
    ),
    (
        "process-update",
        "get",
        lambda o: reverse("internal_control:process-update", args=[o["p1"].code]),
        None,
        expect(200, EDITORS),
    ),
    (
        "process-update",
        "post",
        lambda o: reverse("internal_control:process-update", args=[o["p1"].code]),
        lambda o: {"name": "Inköp 2", "description": "", "owner": "X"},
        expect(302, EDITORS),
    ),
    (
        "process-delete",
        "post",
        lambda o: reverse("internal_control:process-delete", args=[o["p2"].code]),
        None,
        expect(302, EDITORS),
    ),
    (
        "risk-create",
        "get",
        lambda o: reverse("internal_control:risk-create", args=[o["plan"].code]),
        None,
        expect(200, EDITORS),
    ),
    (
        "risk-create",
        "post",
        lambda o: reverse("internal_control:risk-create", args=[o["plan"].code]),
        risk_data,
        expect(302, EDITORS),
    ),
    (
        "risk-detail",
        "get",
        lambda o: reverse("internal_control:risk-detail", args=[o["r1"].code]),
        None,
        expect(200, None),
    ),
    (
        "risk-update",
        "get",
        lambda o: reverse("internal_control:risk-update", args=[o["r2"].code]),
        None,
        expect(200, EDITORS),
    ),
    (
        "risk-update",
        "post",
        lambda o: reverse("internal_control:risk-update", args=[o["r2"].code]),
        risk_data,
        expect(302, EDITORS),
    ),
    (
        "risk-delete",
        "post",
        lambda o: reverse("internal_control:risk-delete", args=[o["r2"].code]),
        None,
        expect(302, EDITORS),
    ),
    (
        "control-create",
        "get",
        lambda o: reverse("internal_control:control-create", args=[o["r2"].code]),
        None,
        expect(200, EDITORS),
    ),
    (
        "control-create",
        "post",
        lambda o: reverse("internal_control:control-create", args=[o["r2"].code]),
        control_data,
        expect(302, EDITORS),
    ),
    (
        "control-detail",
        "get",
        lambda o: reverse("internal_control:control-detail", args=[o["c1"].code]),
        None,
        expect(200, None),
    ),
    (
        "control-update",
        "get",
        lambda o: reverse("internal_control:control-update", args=[o["c2"].code]),
        None,
        expect(200, EDITORS),
    ),
    (
        "control-update",
        "post",
        lambda o: reverse("internal_control:control-update", args=[o["c2"].code]),
        control_data,
        expect(302, EDITORS),
    ),
    (
        "control-delete",
        "post",
        lambda o: reverse("internal_control:control-delete", args=[o["c2"].code]),
        None,
        expect(302, EDITORS),
    ),
    (
        "result-create",
        "get",
        lambda o: reverse("internal_control:result-create", args=[o["c2"].code]),
        None,
        expect(200, REPORTERS),
    ),
    (
        "result-create",
        "post",
        lambda o: reverse("internal_control:result-create", args=[o["c2"].code]),
        lambda o: RESULT_DATA,
        expect(302, REPORTERS),
    ),
    (
        "result-correct",
        "get",
        lambda o: reverse("internal_control:result-correct", args=[o["res1"].code]),
        None,
        expect(200, REPORTERS),
    ),
    (
        "result-correct",
        "post",
        lambda o: reverse("internal_control:result-correct", args=[o["res1"].code]),
        lambda o: {"performed_on": "2026-04-22", "outcome": "no_remark", "findings": ""},
        expect(302, REPORTERS),
    ),
    (
        "action-create",
        "get",
        lambda o: reverse("internal_control:action-create", args=[o["res1"].code]),
        None,
        expect(200, REPORTERS),
    ),
    (
        "action-create",
        "post",
        lambda o: reverse("internal_control:action-create", args=[o["res1"].code]),
        lambda o: {"description": "Åtgärd", "owner": "Chef", "due_date": "2026-09-30"},
        expect(302, REPORTERS),
    ),
    (
        "action-complete",
        "post",
        lambda o: reverse("internal_control:action-complete", args=[o["a1"].code]),
        None,
        expect(302, REPORTERS),
    ),
]


@pytest.mark.parametrize(
    ("name", "method", "url", "data", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_it_answers_each_persona_as_expected(client, objs, name, method, url, data, expected):
    """Each persona's request runs in a savepoint that is rolled back, so every persona meets the same data."""
    got = {}
    for persona in PERSONAS:
        with transaction.atomic():
            client.force_login(objs["world"].users[persona])
            target = url(objs)
            if method == "get":
                response = client.get(target)
            else:
                response = client.post(target, data(objs) if data else {})
            got[persona] = response.status_code
            transaction.set_rollback(True)
    assert got == expected


@pytest.mark.parametrize(
    ("name", "method", "url", "data", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_it_sends_anonymous_visitors_to_login(client, objs, name, method, url, data, expected):
    response = getattr(client, method)(url(objs))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_it_refuses_writes_on_get(client, objs):
    client.force_login(objs["world"].users["ic_officer"])
    for name in ("plan-adopt", "process-delete", "risk-delete", "control-delete"):
        code = {
            "plan-adopt": objs["plan"].code,
            "process-delete": objs["p2"].code,
            "risk-delete": objs["r2"].code,
            "control-delete": objs["c2"].code,
        }[name]
        assert client.get(reverse(f"internal_control:{name}", args=[code])).status_code == 405
