"""Builders for plans tests: `plan_world` is the shared world plus a BUN goal with an indicator and a target level,
a unit commitment of Skola A and an employee commitment under it, and BUN's internal-control plan with one risk
and one control."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from commitments.models import Commitment
from goals.models import Direction, Goal, Indicator, IndicatorTarget, Vision
from internal_control import services as ic_services
from internal_control.models import Control, Frequency, Process, Risk
from plans import services
from styrmodell.models import OrgUnit, User, Year


def make_goal(board: OrgUnit, year: Year, title: str, *, position: int = 0) -> Goal:
    vision = Vision.objects.first() or Vision.objects.create(
        title="Vision 2030", valid_from=2020, valid_to=2030
    )
    direction = Direction.objects.first() or Direction.objects.create(
        vision=vision, title="Ett livslångt lärande", valid_from=2025, valid_to=2027
    )
    return Goal.objects.create(
        board=board,
        year=year,
        direction=direction,
        title=title,
        status=Goal.Status.ADOPTED,
        position=position,
    )


def make_indicator(goal: Goal, name: str = "Andel med slutbetyg", target: str = "85") -> Indicator:
    indicator = Indicator.objects.create(goal=goal, name=name, unit="%", tolerance=Decimal("3"))
    IndicatorTarget.objects.create(indicator=indicator, year=goal.year.year, value=Decimal(target))
    return indicator


def make_commitment(
    unit: OrgUnit,
    year: Year,
    title: str,
    goals=(),
    owner: User | None = None,
    parent: Commitment | None = None,
) -> Commitment:
    commitment = Commitment.objects.create(
        unit=unit,
        year=year,
        title=title,
        owner=owner,
        parent=parent,
        starts=datetime.date(year.year, 1, 1),
        ends=datetime.date(year.year, 12, 31),
    )
    commitment.goals.set(goals)
    return commitment


def adopt_board_idea(board: OrgUnit, text: str, paragraph: str = "§ 14", when=datetime.date(2026, 2, 12)):
    return services.add_version(
        services.board_idea(board),
        text=text,
        change_note="",
        user=None,
        decision_date=when,
        decision_paragraph=paragraph,
    )


@pytest.fixture
def plan_world(world):
    w = world
    w.goal = make_goal(w.units["bun"], w.year, "Andelen med slutbetyg skall vara minst 85 % [2026]")
    make_indicator(w.goal)
    w.unit_c = make_commitment(w.units["school_a"], w.year, "Läsfrämjande insatser i alla klasser", [w.goal])
    w.personal = make_commitment(
        w.units["school_a"],
        w.year,
        "Personligt åtagande om läsgrupper",
        [w.goal],
        owner=w.users["employee"],
        parent=w.unit_c,
    )
    plan = ic_services.create_plan(w.units["bun"], w.year)
    process = Process.objects.create(plan=plan, name="Inköp och upphandling", owner="Förvaltningschef")
    risk = Risk.objects.create(
        plan=plan,
        process=process,
        likelihood=3,
        consequence=4,
        description="Inköp görs utanför avtal",
        category=Risk.Category.LEGAL,
        owner="Ekonomichef",
    )
    Control.objects.create(
        risk=risk,
        owner=w.users["ic_officer"],
        frequency=Frequency.TERTIAL,
        what="Stickprov på fakturor",
        method="Tio fakturor granskas.",
        report_to="Nämnden",
    )
    return w
