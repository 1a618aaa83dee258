from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from goals.models import Goal, IndicatorTarget
from tests.conftest import make_year


def test_it_copies_goals_indicators_and_targets_into_next_year_as_drafts(client, goal_world):
    w = goal_world
    w.goal.status = Goal.Status.ADOPTED
    w.goal.decision_paragraph = "§ 5"
    w.goal.save()
    IndicatorTarget.objects.create(indicator=w.indicator, year=2027, value=Decimal("87"))
    next_year, _periods = make_year(2027)
    client.force_login(w.users["secretary"])
    response = client.post(reverse("goals:board-goals-copy", args=[w.units["bun"].code, 2026]))
    assert response.status_code == 302
    assert response["Location"].endswith("?ar=2027")
    copy = Goal.objects.get(year=next_year)
    assert copy.copied_from == w.goal
    assert copy.title == w.goal.title
    assert copy.status == Goal.Status.DRAFT
    assert copy.decision_paragraph == ""
    indicator = copy.indicators.get()
    assert indicator.name == w.indicator.name
    assert {t.year: t.value for t in indicator.targets.all()} == {2026: Decimal("85"), 2027: Decimal("87")}

    client.post(reverse("goals:board-goals-copy", args=[w.units["bun"].code, 2026]))
    assert Goal.objects.filter(year=next_year).count() == 1  # running it twice copies nothing new


def test_it_explains_when_next_year_does_not_exist(client, goal_world):
    w = goal_world
    client.force_login(w.users["board_member"])
    response = client.post(reverse("goals:board-goals-copy", args=[w.units["bun"].code, 2026]), follow=True)
    assert "2027 finns inte ännu" in response.content.decode()
    assert Goal.objects.count() == 1


def test_it_refuses_the_copy_to_operations_and_outsiders(client, goal_world):
    w = goal_world
    make_year(2027)
    # The board page is read by everyone signed in (one municipality), so an outsider is refused with a 403.
    for persona, status in [("manager", 403), ("controller", 403), ("outsider", 403)]:
        client.force_login(w.users[persona])
        assert (
            client.post(reverse("goals:board-goals-copy", args=[w.units["bun"].code, 2026])).status_code
            == status
        )
    assert Goal.objects.count() == 1


def test_it_starts_next_years_target_level_from_the_latest_one(client, goal_world):
    w = goal_world
    next_year, _periods = make_year(2027)
    client.force_login(w.users["board_member"])
    client.post(reverse("goals:board-goals-copy", args=[w.units["bun"].code, 2026]))
    indicator = Goal.objects.get(year=next_year).indicators.get()
    assert {t.year: t.value for t in indicator.targets.all()} == {2026: Decimal("85"), 2027: Decimal("85")}
