"""The Excel import flags, like the form, a value far outside the indicator's own history: a file cannot be asked
for a confirmation, so the value is saved, marked unusual (also in the history) and named in the result."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from goals.models import IndicatorKind, IndicatorOutcome
from reporting import exports
from tests.goals.conftest import make_direction, make_goal, make_indicator, make_outcome, make_vision
from tests.goals.test_plausibility import _workbook


def _indicator(w):
    goal = make_goal(w.units["bun"], w.year, make_direction(make_vision()))
    indicator = make_indicator(goal, kind=IndicatorKind.SHARE, baseline_value=Decimal("81"))
    make_outcome(indicator, w.periods["t1"], "80")
    return goal, indicator


def test_an_unusual_value_is_saved_marked_and_named(world):
    goal, indicator = _indicator(world)
    file = _workbook([[str(indicator.code), goal.title, indicator.name, "%", 85, 20, None]])
    result = exports.import_workbook(file, world.units["bun"], world.periods["t2"], world.users["controller"])
    assert result.ok, result.problems
    assert result.unusual == [indicator.name]
    outcome = IndicatorOutcome.objects.get(indicator=indicator, period=world.periods["t2"])
    assert (outcome.value, outcome.is_unusual) == (Decimal("20"), True)
    assert outcome.history.first().is_unusual


def test_a_usual_value_is_not_marked_and_a_later_usual_one_clears_the_mark(world):
    goal, indicator = _indicator(world)
    for value, unusual in ((20, True), (82, False)):
        file = _workbook([[str(indicator.code), goal.title, indicator.name, "%", 85, value, None]])
        result = exports.import_workbook(
            file, world.units["bun"], world.periods["t2"], world.users["controller"]
        )
        assert result.ok and bool(result.unusual) == unusual
        outcome = IndicatorOutcome.objects.get(indicator=indicator, period=world.periods["t2"])
        assert outcome.is_unusual == unusual


def test_the_import_page_says_which_values_were_marked(client, world):
    goal, indicator = _indicator(world)
    file = _workbook([[str(indicator.code), goal.title, indicator.name, "%", 85, 20, None]])
    file.name = "utfall.xlsx"
    client.force_login(world.users["controller"])
    url = reverse("reporting:excel-import", args=[world.units["bun"].code, world.periods["t2"].code])
    page = client.post(url, {"file": file}, follow=True).content.decode()
    assert "markerat som ovanligt" in page
    assert indicator.name in page
    assert "Importerade 1 indikatorutfall" in page
