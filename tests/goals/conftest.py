"""Builders for goals tests: a vision, a direction, goals with indicators, target levels and outcomes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from goals.models import Direction, Goal, Indicator, IndicatorOutcome, IndicatorTarget, Vision
from styrmodell.models import OrgUnit, Period, Year


def make_vision(**fields) -> Vision:
    defaults = {"title": "Vision 2020", "partner": "Tornio", "valid_from": 2020, "valid_to": 2030}
    return Vision.objects.create(**{**defaults, **fields})


def make_direction(vision: Vision, **fields) -> Direction:
    defaults = {"title": "Ett livslångt lärande", "valid_from": 2025, "valid_to": 2027}
    return Direction.objects.create(vision=vision, **{**defaults, **fields})


def make_goal(board: OrgUnit, year: Year, direction: Direction, **fields) -> Goal:
    defaults = {
        "title": "Andelen med slutbetyg från gymnasieskolan skall vara minst 85 % [2026]",
        "target_year": year.year,
    }
    return Goal.objects.create(board=board, year=year, direction=direction, **{**defaults, **fields})


def make_indicator(goal: Goal, target: Decimal | str | None = "85", **fields) -> Indicator:
    defaults = {"name": "Andel med slutbetyg", "unit": "%", "tolerance": Decimal("3")}
    indicator = Indicator.objects.create(goal=goal, **{**defaults, **fields})
    if target is not None:
        IndicatorTarget.objects.create(indicator=indicator, year=goal.year.year, value=Decimal(target))
    return indicator


def make_outcome(indicator: Indicator, period: Period, value: Decimal | str, **fields) -> IndicatorOutcome:
    return IndicatorOutcome.objects.create(indicator=indicator, period=period, value=Decimal(value), **fields)


@pytest.fixture
def goal_world(world):
    """The shared world plus a vision, a direction and one BUN goal with one indicator (target 85 %)."""
    world.vision = make_vision()
    world.direction = make_direction(world.vision)
    world.goal = make_goal(world.units["bun"], world.year, world.direction)
    world.indicator = make_indicator(world.goal)
    return world
