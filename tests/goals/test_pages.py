from __future__ import annotations

from django.urls import reverse

from goals.models import GoalAssessment

from .conftest import make_goal, make_outcome


def test_the_goal_tree_shows_vision_directions_goals_assessment_and_lights(client, goal_world):
    w = goal_world
    make_outcome(w.indicator, w.periods["t1"], "83")
    GoalAssessment.objects.create(goal=w.goal, period=w.periods["t1"], verdict=GoalAssessment.Verdict.PARTLY)
    client.force_login(w.users["employee"])
    page = client.get(reverse("goals:goal-tree") + "?ar=2026&period=t1").content.decode()
    assert "Vision 2020" in page
    assert "Ett livslångt lärande" in page
    assert w.goal.title in page
    assert "Delvis uppfyllt" in page  # the assessment, in words
    assert "Nära målnivån" in page  # the indicator's light, in words (83 against 85 with tolerance 3)
    assert 'class="light light-yellow"' in page


def test_the_board_page_shows_the_mission_statement_and_flags_unmeasurable_goals(client, goal_world):
    w = goal_world
    make_goal(w.units["bun"], w.year, w.direction, title="Utveckla ett kvalitetssystem", target_year=None)
    client.force_login(w.users["manager"])
    page = client.get(reverse("goals:board-detail", args=[w.units["bun"].code]) + "?ar=2026").content.decode()
    assert "Verksamhetsidé" in page
    assert "Utveckla ett kvalitetssystem" in page
    assert "Inte mätbart" in page
    assert "Nytt mål" not in page  # a manager gets no write controls


def test_the_goal_page_shows_chart_data_table_smart_and_the_other_apps_sections(client, goal_world):
    w = goal_world
    make_outcome(w.indicator, w.periods["t1"], "83")
    client.force_login(w.users["board_member"])
    page = client.get(reverse("goals:goal-detail", args=[w.goal.code])).content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert "<caption>Utfall för Andel med slutbetyg</caption>" in page
    assert "SMART-kontroll" in page
    assert "Anta målet" in page
    assert "Ändringshistorik" in page


def test_the_goal_page_offers_nothing_to_change_to_operations(client, goal_world):
    w = goal_world
    client.force_login(w.users["employee"])
    page = client.get(reverse("goals:goal-detail", args=[w.goal.code])).content.decode()
    assert reverse("goals:goal-update", args=[w.goal.code]) not in page
    assert "Anta målet" not in page


def test_the_start_page_and_the_unit_page_link_to_the_boards_goals(client, goal_world):
    w = goal_world
    client.force_login(w.users["manager"])
    home = client.get(reverse("home")).content.decode()
    assert reverse("goals:board-detail", args=[w.units["bun"].code]) in home
    assert reverse("goals:board-detail", args=[w.units["sn"].code]) not in home
    unit_page = client.get(reverse("unit-detail", args=[w.units["school_a"].code])).content.decode()
    assert "Mål för Barn- och utbildningsnämnden (BUN)" in unit_page
