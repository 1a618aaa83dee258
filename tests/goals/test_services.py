from __future__ import annotations

from decimal import Decimal

import pytest

from goals import services
from goals.models import GoalAssessment, Indicator, Light

from .conftest import make_goal, make_indicator, make_outcome

D = Decimal


@pytest.mark.parametrize(
    ("better", "outcome", "target", "tolerance", "expected"),
    [
        (Indicator.Better.HIGHER, "85", "85", "3", Light.GREEN),
        (Indicator.Better.HIGHER, "90", "85", "3", Light.GREEN),
        (Indicator.Better.HIGHER, "82", "85", "3", Light.YELLOW),
        (Indicator.Better.HIGHER, "81.99", "85", "3", Light.RED),
        (Indicator.Better.HIGHER, "84.99", "85", "0", Light.RED),
        (Indicator.Better.LOWER, "6", "6", "0.5", Light.GREEN),
        (Indicator.Better.LOWER, "5", "6", "0.5", Light.GREEN),
        (Indicator.Better.LOWER, "6.5", "6", "0.5", Light.YELLOW),
        (Indicator.Better.LOWER, "6.6", "6", "0.5", Light.RED),
        (Indicator.Better.HIGHER, None, "85", "3", Light.NONE),
        (Indicator.Better.HIGHER, "85", None, "3", Light.NONE),
    ],
)
def test_it_turns_outcome_target_and_tolerance_into_a_light(better, outcome, target, tolerance, expected):
    indicator = Indicator(better=better, tolerance=D(tolerance))
    result = services.indicator_light(
        indicator, D(outcome) if outcome else None, D(target) if target else None
    )
    assert result == expected


@pytest.mark.parametrize(
    ("lights", "expected"),
    [
        ([Light.GREEN, Light.GREEN, Light.NONE], GoalAssessment.Verdict.FULFILLED),
        ([Light.RED, Light.RED], GoalAssessment.Verdict.NOT_FULFILLED),
        ([Light.GREEN, Light.RED], GoalAssessment.Verdict.PARTLY),
        ([Light.YELLOW], GoalAssessment.Verdict.PARTLY),
        ([Light.NONE], GoalAssessment.Verdict.NOT_ASSESSED),
        ([], GoalAssessment.Verdict.NOT_ASSESSED),
    ],
)
def test_it_suggests_a_verdict_from_the_lights(lights, expected):
    assert services.verdict_from_lights(lights) == expected


def test_it_suggests_from_the_goals_indicators_in_the_period(goal_world):
    w = goal_world
    make_outcome(w.indicator, w.periods["t1"], "86")
    second = make_indicator(
        w.goal, target="10", name="Avbrott", better=Indicator.Better.LOWER, tolerance=D("0")
    )
    make_outcome(second, w.periods["t1"], "12")
    goal = services.goals_with_details(type(w.goal).objects.filter(pk=w.goal.pk)).get()
    assert services.suggest_verdict(goal, w.periods["t1"]) == GoalAssessment.Verdict.PARTLY
    assert services.suggest_verdict(goal, w.periods["t2"]) == GoalAssessment.Verdict.NOT_ASSESSED


def _smart(goal):
    return services.smart_check(services.goals_with_details(type(goal).objects.filter(pk=goal.pk)).get())


@pytest.mark.parametrize(
    ("target_year", "time_bound"),
    [(None, False), (2025, False), (2026, True), (2029, True), (2030, False)],
)
def test_it_calls_a_goal_time_bound_when_its_target_year_lies_within_three_years(
    goal_world, target_year, time_bound
):
    w = goal_world
    w.goal.target_year = target_year
    w.goal.save(update_fields=["target_year"])
    assert _smart(w.goal).time_bound is time_bound


def test_it_calls_a_goal_measurable_only_with_an_indicator_that_has_a_target(goal_world):
    w = goal_world
    bare = make_goal(w.units["bun"], w.year, w.direction, title="Utveckla ett kvalitetssystem")
    assert _smart(bare).measurable is False
    make_indicator(bare, target=None, name="Nöjdhet")
    assert _smart(bare).measurable is False
    assert _smart(w.goal).measurable is True


def test_it_counts_confirmed_criteria_only_with_a_motivation(goal_world):
    w = goal_world
    w.goal.smart_specific = True
    w.goal.smart_accepted, w.goal.smart_accepted_motivation = True, "Förankrat i nämnden"
    w.goal.save()
    check = _smart(w.goal)
    assert check.get("specific").met is False
    assert check.get("accepted").met is True
    assert check.get("realistic").met is False
    assert check.passed is False


def test_it_loads_a_boards_goals_in_constant_queries(goal_world, django_assert_num_queries):
    w = goal_world
    for n in range(5):
        goal = make_goal(w.units["bun"], w.year, w.direction, title=f"Mål {n}")
        for m in range(3):
            indicator = make_indicator(goal, name=f"I{m}")
            make_outcome(indicator, w.periods["t1"], "83")
    with django_assert_num_queries(5):
        statuses = services.board_goal_statuses(w.units["bun"], w.periods["t1"])
    assert len(statuses) == 6
    assert statuses[1].indicators[0].light == Light.YELLOW
