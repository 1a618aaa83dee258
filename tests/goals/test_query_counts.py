"""The goal tree and the board page read a fixed number of queries, however many boards, goals and indicators."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.models import GoalAssessment
from styrmodell.models import OrgUnit

from .conftest import make_goal, make_indicator, make_outcome

TREE_BUDGET = 15
# One of them is the unread count of the notification bell in the header (dialogue), one the board's mission
# statement with its versions (plans).
BOARD_BUDGET = 16


def _fill(w, board: OrgUnit, goals: int, indicators: int = 2) -> None:
    for g in range(goals):
        goal = make_goal(board, w.year, w.direction, title=f"{board.name} mål {g}")
        GoalAssessment.objects.create(
            goal=goal, period=w.periods["t1"], verdict=GoalAssessment.Verdict.PARTLY
        )
        for i in range(indicators):
            make_outcome(make_indicator(goal, name=f"Indikator {i}"), w.periods["t1"], "84")


def _boards(w, count: int, start: int = 0) -> None:
    kf = w.unit("kf")
    for n in range(start, start + count):
        kf.refresh_from_db()
        board = OrgUnit.objects.create_child(
            kf, name=f"Nämnd {n}", short_name=f"N{n}", kind=OrgUnit.Kind.BOARD
        )
        _fill(w, board, goals=2)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("boards", [3, 30])
def test_the_goal_tree_reads_the_same_number_of_queries_for_3_and_30_boards(
    client, goal_world, boards, django_assert_max_num_queries
):
    w = goal_world
    client.force_login(w.users["council"])
    url = reverse("goals:goal-tree") + "?ar=2026&period=t1"
    client.get(url)  # warm the session and caches
    _boards(w, 3)
    small = _count(client, url)
    _boards(w, boards - 3, start=3)
    with django_assert_max_num_queries(TREE_BUDGET):
        response = client.get(url)
    assert _count(client, url) == small
    assert f"Nämnd {boards - 1} mål 1" in response.content.decode()


def test_the_board_page_reads_the_same_number_of_queries_for_3_and_30_goals(
    client, goal_world, django_assert_max_num_queries
):
    w = goal_world
    bun = w.unit("bun")
    client.force_login(w.users["board_member"])
    url = reverse("goals:board-detail", args=[bun.code]) + "?ar=2026&period=t1"
    client.get(url)
    _fill(w, bun, goals=3)
    small = _count(client, url)
    _fill(w, bun, goals=27, indicators=4)
    with django_assert_max_num_queries(BOARD_BUDGET):
        response = client.get(url)
    assert _count(client, url) == small
    assert "Indikator 3" in response.content.decode()
