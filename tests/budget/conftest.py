"""Builders for the budget process: the executive board (KS, the budget preparation) with a member and a
secretary, a directive with frames, requests in each state, and an adopted plan."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from budget import services
from budget.models import BudgetRequest, StrategyPlan
from styrmodell.models import OrgUnit, Role
from tests.conftest import grant, make_user


@pytest.fixture
def budget_world(world):
    """`world` plus KS with `ks_member` and `ks_secretary` (the budget preparation besides the council)."""
    kf = world.unit("kf")
    ks = OrgUnit.objects.create_child(kf, name="Kommunstyrelsen", short_name="KS", kind=OrgUnit.Kind.BOARD)
    world.units["ks"] = ks
    for username, role in (("ks_member", Role.BOARD_MEMBER), ("ks_secretary", Role.SECRETARY)):
        user = make_user(username)
        grant(user, role, ks)
        world.users[username] = user
    return world


def make_directive(w, frames: dict[str, Decimal] | None = None):
    frames = frames or {"bun": Decimal("400000"), "sn": Decimal("380000")}
    return services.save_directive(
        w.year,
        assumptions="Skattesats 22,85 kr",
        decision_date=datetime.date(2025, 12, 15),
        decision_paragraph="§ 142",
        frames={w.unit(key): amount for key, amount in frames.items()},
        user=w.users["council"],
    )


def make_request(
    w, board: str = "bun", amount: str = "1000", *, submitted: bool = True, title: str = "Fler lärare"
):
    budget_request = BudgetRequest.objects.create(
        board=w.unit(board),
        year=w.year,
        title=title,
        amount=Decimal(amount),
        justification="Fler elever.",
        created_by=w.users["secretary"],
    )
    if submitted:
        services.submit(budget_request)
    return budget_request


def adopt_plan(w) -> StrategyPlan:
    plan = services.create_plan(w.year, w.users["council"])
    services.adopt_plan(
        plan, decision_date=datetime.date(2026, 6, 12), paragraph="§ 61", user=w.users["council"]
    )
    plan.refresh_from_db()
    return plan
