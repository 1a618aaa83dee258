"""Every goals view × every persona: 200/302 for those allowed, 403 for related read-only roles, 404 outside."""

from __future__ import annotations

import urllib.error

import pytest
from django.urls import reverse

from goals import kolada

PERSONAS = [
    "admin",
    "council",
    "board_member",
    "secretary",
    "manager",
    "employee",
    "controller",
    "ic_officer",
    "outsider",
    "other_board_member",
]
EDITORS = {"board_member", "secretary"}
OUT_OF_SCOPE = {"outsider", "other_board_member"}


def editor_rule(ok: int):
    return lambda persona: ok if persona in EDITORS else (404 if persona in OUT_OF_SCOPE else 403)


def reader_rule(persona: str) -> int:
    return 404 if persona in OUT_OF_SCOPE else 200


def board_editor_rule(ok: int):
    """A board's page is read by every signed-in person (one municipality), so refusing its forms is a 403."""
    return lambda persona: ok if persona in EDITORS else 403


def council_rule(persona: str) -> int:
    return 200 if persona == "council" else 403


def controller_rule(persona: str) -> int:
    return 200 if persona == "controller" else (404 if persona in OUT_OF_SCOPE else 403)


def kolada_rule(persona: str) -> int:
    if persona in OUT_OF_SCOPE:
        return 404
    return 302 if persona in EDITORS | {"controller"} else 403


# name, method, url args (a key into the objects below), expected status per persona
VIEWS = [
    ("goals:goal-tree", "get", None, lambda p: 200),
    ("goals:vision-list", "get", None, lambda p: 200),
    ("goals:vision-create", "get", None, council_rule),
    ("goals:vision-update", "get", "vision", council_rule),
    ("goals:direction-create", "get", None, council_rule),
    ("goals:direction-update", "get", "direction", council_rule),
    ("goals:board-detail", "get", "board", lambda p: 200),
    ("goals:board-profile-update", "get", "board", board_editor_rule(200)),
    ("goals:goal-create", "get", "board_year", board_editor_rule(200)),
    ("goals:board-goals-copy", "post", "board_year", board_editor_rule(302)),
    ("goals:goal-detail", "get", "goal", reader_rule),
    ("goals:goal-update", "get", "goal", editor_rule(200)),
    ("goals:goal-adopt", "post", "goal", editor_rule(302)),
    ("goals:assessment-set", "get", "goal", editor_rule(200)),
    ("goals:indicator-create", "get", "goal", editor_rule(200)),
    ("goals:indicator-update", "get", "indicator", editor_rule(200)),
    ("goals:target-set", "post", "indicator", editor_rule(302)),
    ("goals:outcome-set", "get", "indicator", controller_rule),
    ("goals:kolada-import", "post", "indicator", kolada_rule),
    ("goals:kolada-search", "get", None, lambda p: 200),
    # Controllers fetch the outcomes, so they may also link the indicator to a KPI.
    ("goals:indicator-kolada-link", "post", "indicator", kolada_rule),
]


def _args(goal_world, key):
    w = goal_world
    return {
        None: [],
        "vision": [w.vision.code],
        "direction": [w.direction.code],
        "board": [w.units["bun"].code],
        "board_year": [w.units["bun"].code, w.year.year],
        "goal": [w.goal.code],
        "indicator": [w.indicator.code],
    }[key]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "method", "arg_key", "expected"), VIEWS, ids=[v[0] for v in VIEWS])
def test_it_answers_every_persona_as_the_matrix_says(
    client, goal_world, monkeypatch, persona, name, method, arg_key, expected
):
    goal_world.indicator.kolada_kpi = "N17461"
    goal_world.indicator.save(update_fields=["kolada_kpi"])

    def unreachable(url):
        raise urllib.error.URLError("offline")

    monkeypatch.setattr(kolada, "_open", unreachable)
    client.force_login(goal_world.users[persona])
    url = reverse(name, args=_args(goal_world, arg_key))
    response = getattr(client, method)(url)
    assert response.status_code == expected(persona)


@pytest.mark.parametrize(
    "name", ["goals:goal-adopt", "goals:target-set", "goals:kolada-import", "goals:board-goals-copy"]
)
def test_it_refuses_get_on_writes(client, goal_world, name):
    client.force_login(goal_world.users["board_member"])
    arg_key = {"goals:goal-adopt": "goal", "goals:board-goals-copy": "board_year"}.get(name, "indicator")
    response = client.get(reverse(name, args=_args(goal_world, arg_key)))
    assert response.status_code == 405


def test_it_sends_anonymous_visitors_to_login(client, goal_world):
    response = client.get(reverse("goals:goal-detail", args=[goal_world.goal.code]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- an adopted goal is the municipality's: read by every signed-in person, changed only by its board ---------

ADOPTED_VIEWS = [
    ("goals:goal-detail", "get", "goal", lambda p: 200),
    ("goals:goal-update", "get", "goal", lambda p: 200 if p in EDITORS else 403),
    ("goals:indicator-update", "get", "indicator", lambda p: 200 if p in EDITORS else 403),
    ("goals:outcome-set", "get", "indicator", lambda p: 200 if p == "controller" else 403),
    (
        "goals:kolada-search",
        "get",
        "search_indicator",
        lambda p: 200 if p in EDITORS | {"controller"} else 403,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "arg_key", "expected"), ADOPTED_VIEWS, ids=[v[0] for v in ADOPTED_VIEWS]
)
def test_an_adopted_goal_answers_every_persona_as_the_matrix_says(
    client, goal_world, persona, name, method, arg_key, expected
):
    goal_world.goal.status = "adopted"
    goal_world.goal.save(update_fields=["status"])
    client.force_login(goal_world.users[persona])
    if arg_key == "search_indicator":
        url = reverse(name) + f"?q=N1&indikator={goal_world.indicator.code}"
    else:
        url = reverse(name, args=_args(goal_world, arg_key))
    response = getattr(client, method)(url)
    assert response.status_code == expected(persona)
