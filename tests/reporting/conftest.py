"""Builders for the reporting tests."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from commitments.models import Commitment, Status, StatusReport
from goals.models import Direction, Goal, GoalAssessment, Indicator, IndicatorOutcome, IndicatorTarget, Vision
from reporting import services
from reporting.models import BudgetFrame, EconomyFigure, Report
from styrmodell.models import OrgUnit, Role
from tests.conftest import World, grant, make_user


def make_direction(title: str = "Alla barn och elever ska lyckas") -> Direction:
    vision = Vision.objects.get_or_create(
        title="Vision 2030", defaults={"valid_from": 2024, "valid_to": 2030}
    )[0]
    return Direction.objects.create(vision=vision, title=title, valid_from=2025, valid_to=2027)


def make_goal(
    world: World,
    board_key: str = "bun",
    title: str = "Andelen med slutbetyg från gymnasieskolan skall vara minst 85 %",
    *,
    direction: Direction | None = None,
    adopted: bool = True,
    period_kind: str = "t2",
    outcome: str = "82",
    analysis: str = "Resultaten förbättras men når inte målnivån.",
) -> Goal:
    period = world.periods[period_kind]
    goal = Goal.objects.create(
        board=world.unit(board_key),
        year=world.year,
        direction=direction or make_direction(),
        title=title,
        status=Goal.Status.ADOPTED if adopted else Goal.Status.DRAFT,
    )
    indicator = Indicator.objects.create(
        goal=goal,
        name="Andel elever med slutbetyg",
        unit="%",
        baseline_value=Decimal("78"),
        baseline_year=2024,
    )
    IndicatorTarget.objects.create(indicator=indicator, year=world.year.year, value=Decimal("85"))
    IndicatorOutcome.objects.create(indicator=indicator, period=world.periods["t1"], value=Decimal("80"))
    IndicatorOutcome.objects.create(indicator=indicator, period=period, value=Decimal(outcome))
    GoalAssessment.objects.create(
        goal=goal, period=period, verdict=GoalAssessment.Verdict.PARTLY, analysis=analysis
    )
    return goal


def make_commitment(
    world: World,
    unit_key: str = "school_a",
    *,
    status: str = Status.DELAYED,
    comment: str = "Brist på lärare.",
) -> Commitment:
    commitment = Commitment.objects.create(
        unit=world.unit(unit_key),
        year=world.year,
        title="Läsfrämjande insatser i alla klasser",
        starts=datetime.date(2026, 1, 1),
        ends=datetime.date(2026, 12, 31),
        responsible=world.users["manager"],
    )
    StatusReport.objects.create(
        commitment=commitment, period=world.periods["t2"], status=status, comment=comment
    )
    return commitment


def make_economy(world: World, board_key: str = "bun") -> EconomyFigure:
    board = world.unit(board_key)
    BudgetFrame.objects.create(board=board, year=world.year, amount=Decimal("250000"))
    return EconomyFigure.objects.create(
        board=board,
        period=world.periods["t2"],
        outcome=Decimal("168000"),
        forecast=Decimal("253500"),
        analysis="Underskott inom skolskjuts.",
    )


def make_report(world: World, board_key: str = "bun", *, built: bool = True) -> Report:
    report = services.get_or_create_report(world.unit(board_key), world.periods["t2"], None)
    if built:
        report = services.build_report(report.pk)
    return report


@pytest.fixture
def council_secretary(world: World):
    """The secretary of the council, who builds the municipality's compilation."""
    user = make_user("council_secretary")
    grant(user, Role.SECRETARY, world.unit("kf"))
    return user


@pytest.fixture
def root(world: World) -> OrgUnit:
    return world.unit("kf")
