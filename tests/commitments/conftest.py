"""Builders for commitments tests.

`cworld` is the shared `world` plus a BUN goal and:
- `unit_c`: a commitment of Skola A (responsible: the manager), contributing to the goal;
- `personal`: the employee's commitment broken down from it (personal data);
- `other_c`: a commitment of Skola B.
T1 2026 is closed in `world`; T2 is open.
"""

from __future__ import annotations

import datetime

import pytest

from commitments.models import Commitment, Status, StatusReport
from goals.models import Direction, Goal, Vision
from styrmodell.models import OrgUnit, Period, User, Year


def make_goal(board: OrgUnit, year: Year, title: str = "Fler elever ska klara kunskapskraven") -> Goal:
    vision = Vision.objects.first() or Vision.objects.create(title="Vision", valid_from=2020, valid_to=2030)
    direction = Direction.objects.first() or Direction.objects.create(
        vision=vision, title="Ett livslångt lärande", valid_from=2025, valid_to=2027
    )
    return Goal.objects.create(board=board, year=year, direction=direction, title=title)


def make_commitment(unit: OrgUnit, year: Year, title: str = "Läsfrämjande insatser", **fields) -> Commitment:
    defaults = {"starts": datetime.date(year.year, 1, 1), "ends": datetime.date(year.year, 12, 31)}
    goals = fields.pop("goals", ())
    commitment = Commitment.objects.create(unit=unit, year=year, title=title, **{**defaults, **fields})
    if goals:
        commitment.goals.set(goals)
    return commitment


def make_report(
    commitment: Commitment, period: Period, status: str = Status.ON_TRACK, **fields
) -> StatusReport:
    return StatusReport.objects.create(commitment=commitment, period=period, status=status, **fields)


def make_employee_commitment(parent: Commitment, owner: User, title: str = "Läsgrupper i åk 2") -> Commitment:
    return make_commitment(parent.unit, parent.year, title, owner=owner, parent=parent)


@pytest.fixture
def cworld(world):
    world.goal = make_goal(world.units["bun"], world.year)
    world.unit_c = make_commitment(
        world.units["school_a"], world.year, responsible=world.users["manager"], goals=[world.goal]
    )
    world.personal = make_employee_commitment(world.unit_c, world.users["employee"])
    world.other_c = make_commitment(
        world.units["school_b"], world.year, "Skola B:s åtagande", goals=[world.goal]
    )
    return world
