"""A small municipality with one object of every kind, built from the apps' own test builders.

`rich` is the shared `world` plus, for BUN in 2026 (T1 closed, T2 open): an adopted goal with an indicator,
outcomes and an assessment (T2), a mission statement, a commitment of Skola A with a T2 status report, the
employee's own commitment broken down from it, an internal-control plan with a process, a risk, a control, a
deviation and an action, economy figures, and a built T2 report.
"""

from __future__ import annotations

import pytest

from goals.models import BoardProfile, GoalAssessment, IndicatorOutcome
from tests.commitments.conftest import make_employee_commitment
from tests.internal_control.conftest import (
    make_action,
    make_control,
    make_plan,
    make_process,
    make_result,
    make_risk,
)
from tests.reporting.conftest import make_commitment, make_economy, make_goal, make_report


@pytest.fixture
def rich(world):
    w = world
    t2 = w.periods["t2"]
    w.goal = make_goal(w)
    w.direction = w.goal.direction
    w.vision = w.direction.vision
    w.indicator = w.goal.indicators.get()
    w.outcome = IndicatorOutcome.objects.get(indicator=w.indicator, period=t2)
    w.assessment = GoalAssessment.objects.get(goal=w.goal, period=t2)
    w.profile = BoardProfile.objects.create(
        board=w.unit("bun"), mission_statement="Vi ger alla barn en bra start."
    )
    w.commitment = make_commitment(w)
    w.commitment.goals.set([w.goal])
    w.status_report = w.commitment.reports.get()
    w.personal = make_employee_commitment(w.commitment, w.users["employee"])
    w.plan = make_plan(w.unit("bun"), w.year)
    w.process = make_process(w.plan)
    w.risk = make_risk(w.plan, w.process)
    w.control = make_control(w.risk, w.users["ic_officer"])
    from internal_control.models import ControlResult

    w.result = make_result(w.control, outcome=ControlResult.Outcome.DEVIATION)
    w.action = make_action(w.result)
    w.economy = make_economy(w)
    w.report = make_report(w)
    return w
