"""Builders for internal-control tests: a plan of a board with processes, risks, controls and results."""

from __future__ import annotations

import datetime

from internal_control import services
from internal_control.models import (
    Action,
    Control,
    ControlPlan,
    ControlResult,
    Frequency,
    Process,
    Risk,
)
from styrmodell.models import OrgUnit, User, Year


def make_plan(board: OrgUnit, year: Year, *, adopted: bool = False) -> ControlPlan:
    plan = services.create_plan(board, year)
    if adopted:
        services.adopt_plan(plan, datetime.date(year.year - 1, 11, 20), "§ 12")
    return plan


def make_process(plan: ControlPlan, name: str = "Inköp och upphandling", **fields) -> Process:
    fields.setdefault("owner", "Förvaltningschef")
    return Process.objects.create(plan=plan, name=name, **fields)


def make_risk(
    plan: ControlPlan, process: Process | None = None, likelihood: int = 3, consequence: int = 4, **fields
) -> Risk:
    process = process or plan.processes.first() or make_process(plan)
    fields.setdefault("description", "Inköp görs utanför avtal")
    fields.setdefault("category", Risk.Category.LEGAL)
    fields.setdefault("owner", "Ekonomichef")
    return Risk.objects.create(
        plan=plan, process=process, likelihood=likelihood, consequence=consequence, **fields
    )


def make_control(risk: Risk, owner: User, frequency: str = Frequency.TERTIAL, **fields) -> Control:
    fields.setdefault("what", "Stickprov på fakturor")
    fields.setdefault("method", "Tio slumpvis valda fakturor granskas mot avtal.")
    fields.setdefault("report_to", "Nämnden")
    return Control.objects.create(risk=risk, owner=owner, frequency=frequency, **fields)


def make_result(
    control: Control,
    occurrence: int = 1,
    outcome: str = ControlResult.Outcome.NO_REMARK,
    reported_by: User | None = None,
    **fields,
) -> ControlResult:
    fields.setdefault("performed_on", datetime.date(2026, 4, 20))
    fields.setdefault(
        "findings", "Två fakturor saknade avtal." if outcome == ControlResult.Outcome.DEVIATION else ""
    )
    return services.report_result(
        control, occurrence=occurrence, outcome=outcome, reported_by=reported_by or control.owner, **fields
    )


def make_action(
    result: ControlResult, due_date: datetime.date = datetime.date(2026, 6, 30), **fields
) -> Action:
    fields.setdefault("description", "Utbilda beställare i avtalstrohet")
    fields.setdefault("owner", "Ekonomichef")
    return Action.objects.create(result=result, due_date=due_date, **fields)
