"""Every view of the budget process × every persona → the expected status. Writes run in a savepoint that is
rolled back, so each persona meets the same state."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from budget import services
from tests.conftest import PERSONAS

from .conftest import adopt_plan, make_directive, make_request

ALL = set(PERSONAS) | {"ks_member", "ks_secretary"}
OUTSIDE_BUN = {"outsider", "other_board_member"}
WRITERS = {"board_member", "secretary", "controller"}
PREPARATION = {"council", "ks_member", "ks_secretary"}
KEEPERS = {"controller", "secretary"}


def expect(ok: int, allowed: set[str] | None, *, hidden: set[str] = frozenset()) -> dict[str, int]:
    """ok for the allowed personas (everyone when None), 404 for the hidden ones, 403 for the rest."""
    return {p: 404 if p in hidden else ok if allowed is None or p in allowed else 403 for p in sorted(ALL)}


@pytest.fixture
def objs(budget_world):
    w = budget_world
    make_directive(w)
    submitted = make_request(w)
    draft = make_request(w, submitted=False, title="Utkast")
    return {"w": w, "bun": w.unit("bun"), "submitted": submitted, "draft": draft}


def request_data(o):
    return {"title": "Nytt äskande", "amount": "1500", "justification": "Behov", "goal": "", "direction": ""}


CASES = [
    ("year-detail", "get", lambda o: reverse("budget:year-detail", args=[2026]), None, expect(200, None)),
    (
        "directive-detail",
        "get",
        lambda o: reverse("budget:directive-detail", args=[2026]),
        None,
        expect(200, None),
    ),
    (
        "directive-update",
        "post",
        lambda o: reverse("budget:directive-update", args=[2026]),
        lambda o: {"assumptions": "Ny skattesats", "decision_date": "", "decision_paragraph": ""},
        expect(302, {"admin", "council"}),
    ),
    (
        "calendar-update",
        "get",
        lambda o: reverse("budget:calendar-update", args=[2026]),
        None,
        expect(200, {"admin"} | PREPARATION),
    ),
    (
        "board-detail",
        "get",
        lambda o: reverse("budget:board-detail", args=[2026, o["bun"].code]),
        None,
        expect(200, None, hidden=OUTSIDE_BUN),
    ),
    (
        "analysis-update",
        "post",
        lambda o: reverse("budget:analysis-update", args=[2026, o["bun"].code]),
        lambda o: {"text": "Fler barn"},
        expect(302, WRITERS, hidden=OUTSIDE_BUN),
    ),
    (
        "request-create",
        "post",
        lambda o: reverse("budget:request-create", args=[2026, o["bun"].code]),
        request_data,
        expect(302, WRITERS, hidden=OUTSIDE_BUN),
    ),
    (
        "request-detail submitted",
        "get",
        lambda o: reverse("budget:request-detail", args=[o["submitted"].code]),
        None,
        expect(200, None, hidden=OUTSIDE_BUN),
    ),
    (
        "request-detail draft",
        "get",
        lambda o: reverse("budget:request-detail", args=[o["draft"].code]),
        None,
        # The budget preparation sees what a board submitted, not its drafts.
        expect(200, None, hidden=OUTSIDE_BUN | {"ks_member", "ks_secretary"}),
    ),
    (
        "request-update",
        "post",
        lambda o: reverse("budget:request-update", args=[o["draft"].code]),
        request_data,
        expect(302, WRITERS, hidden=OUTSIDE_BUN | {"ks_member", "ks_secretary"}),
    ),
    (
        "request-submit",
        "post",
        lambda o: reverse("budget:request-submit", args=[o["draft"].code]),
        None,
        expect(302, WRITERS, hidden=OUTSIDE_BUN | {"ks_member", "ks_secretary"}),
    ),
    (
        "request-withdraw",
        "post",
        lambda o: reverse("budget:request-withdraw", args=[o["submitted"].code]),
        None,
        expect(302, WRITERS, hidden=OUTSIDE_BUN),
    ),
    (
        "request-decide",
        "post",
        lambda o: reverse("budget:request-decide", args=[o["submitted"].code]),
        lambda o: {"decision": "approved", "approved_amount": "", "decision_comment": "Bra"},
        expect(302, PREPARATION, hidden=OUTSIDE_BUN),
    ),
    (
        "preparation",
        "get",
        lambda o: reverse("budget:preparation", args=[2026]),
        None,
        expect(200, PREPARATION | {"admin"}, hidden=ALL - PREPARATION - {"admin"}),
    ),
    ("plan-detail", "get", lambda o: reverse("budget:plan-detail", args=[2026]), None, expect(200, None)),
    (
        "plan-create",
        "post",
        lambda o: reverse("budget:plan-create", args=[2026]),
        None,
        expect(302, PREPARATION),
    ),
    (
        "working-budget",
        "get",
        lambda o: reverse("budget:working-budget", args=[2026, o["bun"].code]),
        None,
        expect(200, None, hidden=OUTSIDE_BUN),
    ),
    (
        "working-budget-import",
        "get",
        lambda o: reverse("budget:working-budget-import", args=[2026, o["bun"].code]),
        None,
        expect(200, KEEPERS, hidden=OUTSIDE_BUN),
    ),
]


@pytest.mark.parametrize(("name", "method", "url", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_permission_matrix(objs, name, method, url, data, expected):
    got = {}
    for persona in sorted(ALL):
        client = Client()
        client.force_login(objs["w"].users[persona])
        with transaction.atomic():
            if method == "get":
                response = client.get(url(objs))
            else:
                response = client.post(url(objs), data(objs) if data else {})
            got[persona] = response.status_code
            transaction.set_rollback(True)
    assert got == expected


def test_working_budget_is_kept_by_the_controllers_and_secretary(objs):
    w, bun = objs["w"], objs["bun"]
    adopt_plan(w)
    frame = services.adopted_frame(bun, w.year)
    school_a = w.unit("school_a")
    data = {f"unit_{school_a.pk}": str(frame)}
    got = {}
    for persona in sorted(ALL):
        client = Client()
        client.force_login(w.users[persona])
        with transaction.atomic():
            got[persona] = client.post(
                reverse("budget:working-budget", args=[2026, bun.code]), data
            ).status_code
            transaction.set_rollback(True)
    assert got == expect(302, KEEPERS, hidden=OUTSIDE_BUN)
    assert frame == Decimal("400000")


def test_anonymous_visitors_are_sent_to_login(client, objs):
    for url in [
        reverse("budget:year-detail", args=[2026]),
        reverse("budget:board-detail", args=[2026, objs["bun"].code]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/logga-in/" in response["Location"]
