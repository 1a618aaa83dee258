from __future__ import annotations

import io

import pytest
from django.utils import timezone

from goals import demo as goals_demo
from goals import services
from goals.models import BoardProfile, Goal, GoalAssessment, IndicatorOutcome, Vision
from styrmodell import demo as core_demo


def _load() -> None:
    ctx = core_demo.DemoContext(stdout=io.StringIO())
    core_demo.load(ctx)
    goals_demo.load(ctx)


def _smart(fragment: str):
    goal = services.goals_with_details(Goal.objects.filter(title__contains=fragment)).get()
    return services.smart_check(goal)


@pytest.mark.django_db
def test_it_passes_and_flags_the_seeds_four_example_goals():
    _load()
    for passing in ["minst 85 %", "uppgå till 96 %"]:
        check = _smart(passing)
        assert check.measurable and check.time_bound, passing
    for flagged in ["kvalitetssystem", "miljöplan"]:
        assert _smart(flagged).measurable is False, flagged


@pytest.mark.django_db
def test_it_fills_the_four_boards_with_goals_outcomes_and_assessments():
    _load()
    vision = Vision.objects.get(title="Vision 2020")
    assert "Tornio" in vision.partner
    year = timezone.localdate().year
    boards = set(Goal.objects.filter(year__year=year).values_list("board__short_name", flat=True))
    assert boards == {"KS", "BUN", "SN", "SBN"}
    assert BoardProfile.objects.exclude(mission_statement="").count() == 4
    assert IndicatorOutcome.objects.filter(period__year__year=year - 1).exists()
    locked = IndicatorOutcome.objects.filter(period__is_closed=True).count()
    assert locked == IndicatorOutcome.objects.count()  # outcomes only in closed periods
    assert GoalAssessment.objects.count() == GoalAssessment.objects.filter(period__is_closed=True).count()


@pytest.mark.django_db
def test_it_changes_nothing_when_loaded_twice():
    _load()
    counts = [m.objects.count() for m in (Vision, Goal, IndicatorOutcome, GoalAssessment, BoardProfile)]
    history = Goal.history.count() + IndicatorOutcome.history.count()
    _load()
    assert [
        m.objects.count() for m in (Vision, Goal, IndicatorOutcome, GoalAssessment, BoardProfile)
    ] == counts
    assert Goal.history.count() + IndicatorOutcome.history.count() == history
