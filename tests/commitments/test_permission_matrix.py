"""Every view of the commitments app for every persona: persona x view x method -> status code."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from styrmodell.models import Step
from styrmodell.services import reopen
from tests.conftest import PERSONAS

ALL = list(PERSONAS)
# Persona -> status for each view; personas not named get `default`.
MATRIX: dict[str, tuple[str, dict[str, int], int]] = {
    # view key: (method, exceptions, default)
    "mine": ("get", {}, 200),
    "rollup-index": ("get", {"employee": 404, "outsider": 404, "manager": 302}, 302),
    "rollup-bun": ("get", {"manager": 404, "employee": 404, "outsider": 404, "other_board_member": 404}, 200),
    "unit": ("get", {"employee": 404, "outsider": 404, "other_board_member": 404}, 200),
    "create": ("get", {"manager": 200, "employee": 404, "outsider": 404, "other_board_member": 404}, 403),
    "create-post": (
        "post",
        {"manager": 200, "employee": 404, "outsider": 404, "other_board_member": 404},
        403,
    ),
    "carry-over": ("get", {"manager": 200, "employee": 404, "outsider": 404, "other_board_member": 404}, 403),
    # Reopening is the core's (the organisation is visible to every signed-in person, so the page answers 403);
    # closing a reopening early is for those who may reopen, and nobody else learns it exists.
    "reopen": ("get", {"admin": 200, "secretary": 200}, 403),
    "reopen-close": ("post", {"admin": 302, "secretary": 302}, 404),
    "detail": ("get", {"outsider": 404, "other_board_member": 404}, 200),
    "detail-personal": ("get", {"employee": 200, "manager": 200, "admin": 200}, 404),
    "update": ("get", {"manager": 200, "outsider": 404, "other_board_member": 404}, 403),
    "update-personal": ("get", {"manager": 200, "employee": 403, "admin": 403}, 404),
    "delegate": ("post", {"manager": 302, "outsider": 404, "other_board_member": 404}, 403),
    "delegate-get": ("get", {}, 405),
    "copy-down": ("post", {"manager": 302, "outsider": 404, "other_board_member": 404}, 403),
    # The copy page (GET) lets the manager choose who is responsible for each copy; it changes nothing.
    "copy-down-get": ("get", {"manager": 200, "outsider": 404, "other_board_member": 404}, 403),
    "break-down": ("get", {"manager": 200, "outsider": 404, "other_board_member": 404}, 403),
    "report": ("get", {"manager": 200, "outsider": 404, "other_board_member": 404}, 403),
    "report-personal": ("get", {"employee": 200, "manager": 200, "admin": 403}, 404),
}

UNTIL = datetime.date.today() + datetime.timedelta(days=30)


def _url(key: str, w) -> str:
    unit, c, p = w.units["school_a"], w.unit_c, w.personal
    t2 = w.periods["t2"]
    urls = {
        "mine": reverse("commitments:commitment-mine"),
        "rollup-index": reverse("commitments:rollup-index"),
        "rollup-bun": reverse("commitments:rollup", args=[w.units["bun"].code]),
        "unit": reverse("commitments:unit-commitments", args=[unit.code]),
        "create": reverse("commitments:commitment-create", args=[unit.code]),
        "create-post": reverse("commitments:commitment-create", args=[unit.code]),
        "carry-over": reverse("commitments:commitment-carry-over", args=[unit.code]),
        "reopen": reverse("reopening-create", args=[unit.code]),
        "reopen-close": reverse("reopening-close", args=[w.reopening.code]),
        "detail": reverse("commitments:commitment-detail", args=[c.code]),
        "detail-personal": reverse("commitments:commitment-detail", args=[p.code]),
        "update": reverse("commitments:commitment-update", args=[c.code]),
        "update-personal": reverse("commitments:commitment-update", args=[p.code]),
        "delegate": reverse("commitments:commitment-delegate", args=[c.code]),
        "delegate-get": reverse("commitments:commitment-delegate", args=[c.code]),
        "copy-down": reverse("commitments:commitment-copy-down", args=[c.code]),
        "copy-down-get": reverse("commitments:commitment-copy-down", args=[c.code]),
        "break-down": reverse("commitments:commitment-break-down", args=[c.code]),
        "report": reverse("commitments:report-update", args=[c.code, t2.code]),
        "report-personal": reverse("commitments:report-update", args=[p.code, t2.code]),
    }
    return urls[key]


def _setup(w):
    w.reopening = reopen(
        w.periods["t1"], Step.STAFF, w.units["school_a"], reason="Rättelse", until=UNTIL, by=w.users["admin"]
    )


@pytest.mark.parametrize("persona", ALL)
def test_it_answers_each_persona_as_the_matrix_says(client, cworld, persona):
    """One persona per test, every view in turn (the writes come last in MATRIX order and change nothing the
    later views depend on); the assertion compares the whole row, so a failure shows every difference."""
    _setup(cworld)
    client.force_login(cworld.users[persona])
    expected, actual = {}, {}
    for view, (method, exceptions, default) in MATRIX.items():
        expected[view] = exceptions.get(persona, default)
        actual[view] = getattr(client, method)(_url(view, cworld)).status_code
    assert actual == expected


def test_it_sends_anonymous_visitors_to_log_in(client, cworld):
    _setup(cworld)
    for view, (method, _exceptions, _default) in MATRIX.items():
        response = getattr(client, method)(_url(view, cworld))
        if method == "get" and view in ("copy-down-get", "delegate-get"):
            assert response.status_code in (302, 405)
            continue
        assert response.status_code == 302, view
        assert reverse("login") in response["Location"]
