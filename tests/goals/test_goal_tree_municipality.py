""" "Kommunens mål" as one municipality: every signed-in person reads every board's adopted goals in the goal tree,
drafts stay with their board, and "?mina=1" narrows the tree to one's own board(s). The number of queries does not
grow with the boards and goals shown, in either view."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.models import Direction, Goal, GoalAssessment
from styrmodell.models import OrgUnit

from .conftest import make_direction, make_goal, make_indicator, make_outcome

TREE = reverse("goals:goal-tree")
WHOLE = "?ar=2026&period=t1"
OWN = "?ar=2026&period=t1&mina=1"
ADOPTED = Goal.Status.ADOPTED


@pytest.fixture
def municipality(goal_world):
    """BUN: an adopted and a draft goal; SN: an adopted goal under a direction of its own, and a draft."""
    w = goal_world
    w.goal.status = ADOPTED
    w.goal.save(update_fields=["status"])
    w.bun_draft = make_goal(w.units["bun"], w.year, w.direction, title="BUN:s utkast om läxhjälp")
    w.care_direction = make_direction(w.vision, title="En trygg omsorg", position=2)
    w.sn_adopted = make_goal(
        w.units["sn"], w.year, w.care_direction, title="Fler äldre ska känna sig trygga hemma", status=ADOPTED
    )
    make_indicator(w.sn_adopted, name="Andel trygga brukare")
    w.sn_draft = make_goal(w.units["sn"], w.year, w.care_direction, title="SN:s utkast om nattpatrull")
    return w


def _page(client, user, query: str = WHOLE) -> str:
    client.force_login(user)
    response = client.get(TREE + query)
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str, heading_text: str) -> str:
    """The part of the page from the direction's heading to the next direction (or the board list)."""
    start = page.index(heading_text)
    ends = [
        i for i in (page.find('class="direction"', start), page.find('id="boards-heading"', start)) if i > 0
    ]
    return page[start : min(ends)]


def test_a_board_member_reads_every_boards_adopted_goals_and_only_their_own_drafts(client, municipality):
    w = municipality
    page = _page(client, w.users["board_member"])
    assert w.goal.title in page and w.bun_draft.title in page
    assert w.sn_adopted.title in page
    assert "Andel trygga brukare" in page  # the other board's indicator light too
    assert w.sn_draft.title not in page
    # The direction where only SN has a goal no longer claims that no board has one.
    care = _section(page, "En trygg omsorg")
    assert w.sn_adopted.title in care
    assert "Ingen nämnd har ännu något mål under denna inriktning" not in care
    assert "Socialnämnden" in care


def test_someone_working_under_another_board_reads_bun_adopted_goals_but_not_its_drafts(client, municipality):
    w = municipality
    page = _page(client, w.users["outsider"])  # an employee of Hemtjänsten (SN)
    assert w.goal.title in page
    assert w.bun_draft.title not in page
    assert w.sn_adopted.title in page and w.sn_draft.title in page


def test_the_whole_municipality_lists_every_board_and_marks_the_view_as_current(client, municipality):
    w = municipality
    page = _page(client, w.users["manager"])
    boards = page[page.index('id="boards-heading"') :]
    assert "Barn- och utbildningsnämnden" in boards and "Socialnämnden" in boards
    whole_link = page[page.index("Hela kommunen") - 120 : page.index("Hela kommunen")]
    assert 'aria-current="page"' in whole_link


def test_my_board_shows_only_the_goals_of_ones_own_board(client, municipality):
    w = municipality
    page = _page(client, w.users["board_member"], OWN)
    assert w.goal.title in page and w.bun_draft.title in page
    assert w.sn_adopted.title not in page and w.sn_draft.title not in page
    boards = page[page.index('id="boards-heading"') :]
    assert "Barn- och utbildningsnämnden" in boards and "Socialnämnden" not in boards
    care = _section(page, "En trygg omsorg")
    assert "Din nämnd har ännu inget mål under denna inriktning" in care
    own_link = page[page.index("Min nämnd") - 120 : page.index("Min nämnd")]
    assert 'aria-current="page"' in own_link


def test_my_board_for_a_manager_deep_in_the_tree_is_the_board_above_them(client, municipality):
    w = municipality
    page = _page(client, w.users["manager"], OWN)  # manager of Skola A, under BUN
    assert w.goal.title in page and w.bun_draft.title in page
    assert w.sn_adopted.title not in page


def test_my_board_for_the_other_board_shows_its_drafts_and_none_of_bun(client, municipality):
    w = municipality
    page = _page(client, w.users["other_board_member"], OWN)
    assert w.sn_adopted.title in page and w.sn_draft.title in page
    assert w.goal.title not in page and w.bun_draft.title not in page


def test_choosing_another_period_keeps_the_filter(client, municipality):
    w = municipality
    page = _page(client, w.users["board_member"], OWN)
    picker = page[page.index('class="inline-form period-picker"') :]
    picker = picker[: picker.index("</form>")]
    assert '<input type="hidden" name="mina" value="1">' in picker
    whole = _page(client, w.users["board_member"])
    picker = whole[whole.index('class="inline-form period-picker"') :]
    assert 'name="mina"' not in picker[: picker.index("</form>")]


# --- queries ---------------------------------------------------------------------------------------------------


def _add_boards(w, count: int, start: int) -> None:
    """Boards each with an adopted and a draft goal, two indicators with outcomes and an assessment, under a
    direction of their own; and one more goal of BUN's (the board member's own board)."""
    for n in range(start, start + count):
        kf = w.unit("kf")
        board = OrgUnit.objects.create_child(
            kf, name=f"Nämnd {n}", short_name=f"N{n}", kind=OrgUnit.Kind.BOARD
        )
        direction = Direction.objects.create(
            vision=w.vision, title=f"Inriktning {n}", valid_from=2025, valid_to=2027
        )
        for status in (ADOPTED, Goal.Status.DRAFT):
            goal = make_goal(board, w.year, direction, title=f"Mål {n} {status}", status=status)
            GoalAssessment.objects.create(
                goal=goal, period=w.periods["t1"], verdict=GoalAssessment.Verdict.PARTLY
            )
            for i in range(2):
                make_outcome(make_indicator(goal, name=f"Indikator {n}.{i}"), w.periods["t1"], "80")
        own = make_goal(w.units["bun"], w.year, direction, title=f"BUN mål {n}", status=ADOPTED)
        make_outcome(make_indicator(own, name=f"BUN indikator {n}"), w.periods["t1"], "90")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("query", [WHOLE, OWN], ids=["whole-municipality", "my-board"])
def test_the_tree_reads_the_same_number_of_queries_for_2_and_12_more_boards(
    client, municipality, query, django_assert_num_queries
):
    w = municipality
    client.force_login(w.users["board_member"])
    client.get(TREE + query)  # the session and the caches are warm before counting
    _add_boards(w, 2, start=0)
    small = _queries(client, TREE + query)
    _add_boards(w, 10, start=2)
    with django_assert_num_queries(small):
        response = client.get(TREE + query)
    page = response.content.decode()
    assert "BUN mål 11" in page  # the larger tree is really shown
    if query == WHOLE:
        assert "Mål 11 adopted" in page and "Mål 11 draft" not in page
    else:
        assert "Mål 11 adopted" not in page
