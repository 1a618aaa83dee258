from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from goals.models import GoalAssessment, Indicator, IndicatorOutcome, IndicatorTarget
from styrmodell.models import Role
from tests.conftest import grant, make_user

from .conftest import make_outcome


def test_it_adds_an_indicator_with_its_target_level(client, goal_world):
    w = goal_world
    client.force_login(w.users["board_member"])
    data = {
        "name": "Frisknärvaro",
        "unit": "%",
        "better": "higher",
        "baseline_value": "94",
        "baseline_year": "2024",
        "tolerance": "1",
        "kolada_kpi": "",
        "position": "0",
        "target_value": "96",
    }
    response = client.post(reverse("goals:indicator-create", args=[w.goal.code]), data)
    assert response.status_code == 302
    indicator = Indicator.objects.get(name="Frisknärvaro")
    assert indicator.goal == w.goal
    assert indicator.baseline_value == Decimal("94")
    assert IndicatorTarget.objects.get(indicator=indicator, year=2026).value == Decimal("96")


def test_it_keeps_target_level_changes_in_history(client, goal_world):
    w = goal_world
    client.force_login(w.users["secretary"])
    response = client.post(
        reverse("goals:target-set", args=[w.indicator.code]), {"year": "2026", "value": "87"}
    )
    assert response.status_code == 302
    target = IndicatorTarget.objects.get(indicator=w.indicator, year=2026)
    assert target.value == Decimal("87")
    assert target.history.count() == 2
    page = client.get(reverse("goals:goal-detail", args=[w.goal.code])).content.decode()
    assert "87" in page


def test_it_lets_the_controller_enter_an_outcome(client, goal_world):
    w = goal_world
    client.force_login(w.users["controller"])
    period = w.periods["t2"]
    response = client.post(
        reverse("goals:outcome-set", args=[w.indicator.code]),
        {"period": period.pk, "value": "84,5", "comment": "Prognos"},
    )
    assert response.status_code == 302
    outcome = IndicatorOutcome.objects.get(indicator=w.indicator, period=period)
    assert outcome.value == Decimal("84.5")
    assert outcome.comment == "Prognos"
    assert outcome.entered_by == w.users["controller"]


def test_it_refuses_an_outcome_in_a_closed_period_with_a_clear_message(client, goal_world):
    w = goal_world
    make_outcome(w.indicator, w.periods["t1"], "80")
    client.force_login(w.users["controller"])
    response = client.post(
        reverse("goals:outcome-set", args=[w.indicator.code]),
        {"period": w.periods["t1"].pk, "value": "99", "comment": ""},
    )
    assert response.status_code == 200
    assert "är stängd" in response.content.decode()
    assert IndicatorOutcome.objects.get(indicator=w.indicator, period=w.periods["t1"]).value == Decimal("80")


def test_it_refuses_outcomes_from_everyone_but_controllers(client, goal_world):
    w = goal_world
    for persona, status in [("board_member", 403), ("manager", 403), ("outsider", 404)]:
        client.force_login(w.users[persona])
        response = client.post(
            reverse("goals:outcome-set", args=[w.indicator.code]),
            {"period": w.periods["t2"].pk, "value": "1"},
        )
        assert response.status_code == status, persona
    assert not IndicatorOutcome.objects.exists()


def test_it_saves_an_assessment_and_only_suggests_a_verdict(client, goal_world):
    w = goal_world
    make_outcome(w.indicator, w.periods["t2"], "86")
    client.force_login(w.users["board_member"])
    form = client.get(reverse("goals:assessment-set", args=[w.goal.code]) + "?period=t2").content.decode()
    assert "Uppfyllt" in form  # the suggestion from the green indicator
    assert not GoalAssessment.objects.exists()  # shown, never applied
    response = client.post(
        reverse("goals:assessment-set", args=[w.goal.code]),
        {"period": w.periods["t2"].pk, "verdict": "partly", "analysis": "Nästan i mål."},
    )
    assert response.status_code == 302
    assessment = GoalAssessment.objects.get(goal=w.goal, period=w.periods["t2"])
    assert assessment.verdict == GoalAssessment.Verdict.PARTLY
    assert assessment.analysis == "Nästan i mål."
    assert assessment.assessed_by == w.users["board_member"]


def test_it_refuses_an_assessment_in_a_closed_period(client, goal_world):
    w = goal_world
    client.force_login(w.users["board_member"])
    response = client.post(
        reverse("goals:assessment-set", args=[w.goal.code]),
        {"period": w.periods["t1"].pk, "verdict": "fulfilled", "analysis": ""},
    )
    assert response.status_code == 200
    assert not GoalAssessment.objects.exists()


def test_it_refuses_an_assessment_from_a_manager(client, goal_world):
    w = goal_world
    client.force_login(w.users["manager"])
    response = client.post(
        reverse("goals:assessment-set", args=[w.goal.code]),
        {"period": w.periods["t2"].pk, "verdict": "fulfilled", "analysis": ""},
    )
    assert response.status_code == 403
    assert not GoalAssessment.objects.exists()


def test_it_lets_only_a_controller_on_the_board_or_above_enter_outcomes(client, goal_world):

    w = goal_world
    below = make_user("department_controller")
    grant(below, Role.CONTROLLER, w.units["schools"])
    client.force_login(below)
    assert client.get(reverse("goals:goal-detail", args=[w.goal.code])).status_code == 200  # reads the goal
    response = client.post(
        reverse("goals:outcome-set", args=[w.indicator.code]), {"period": w.periods["t2"].pk, "value": "1"}
    )
    assert response.status_code == 403
    above = make_user("municipal_controller")
    grant(above, Role.CONTROLLER, w.units["kf"])
    client.force_login(above)
    response = client.post(
        reverse("goals:outcome-set", args=[w.indicator.code]), {"period": w.periods["t2"].pk, "value": "1"}
    )
    assert response.status_code == 302
    assert IndicatorOutcome.objects.get().entered_by == above


def test_it_offers_the_first_open_period_with_its_current_outcome(client, goal_world):
    w = goal_world
    make_outcome(w.indicator, w.periods["t2"], "84.5", comment="Enligt prognos")
    client.force_login(w.users["controller"])
    form = client.get(reverse("goals:outcome-set", args=[w.indicator.code])).context["form"]
    assert form.initial["period"] == w.periods["t2"]
    assert form.initial["value"] == Decimal("84.5")
    assert form.initial["comment"] == "Enligt prognos"
