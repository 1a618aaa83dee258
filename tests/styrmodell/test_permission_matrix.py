"""Every core view × persona × read/write → expected status (pretix-style permission matrix)."""

import pytest
from django.urls import reverse

from styrmodell.models import RoleGrant

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
]
OK = {200, 302}


def _url(world, name):
    unit = world.unit("school_a")
    period = world.periods["t2"]
    person = world.users["employee"]
    grant = RoleGrant.objects.filter(user=person).first()
    return {
        "home": reverse("home"),
        "unit-list": reverse("unit-list"),
        "unit-detail": reverse("unit-detail", args=[unit.code]),
        "unit-create": reverse("unit-create", args=[unit.code]),
        "unit-update": reverse("unit-update", args=[unit.code]),
        "unit-move": reverse("unit-move", args=[unit.code]),
        "unit-deactivate": reverse("unit-deactivate", args=[unit.code]),
        "person-list": reverse("person-list"),
        "person-create": reverse("person-create"),
        "person-detail": reverse("person-detail", args=[person.code]),
        "role-revoke": reverse("role-revoke", args=[person.code, grant.pk]),
        "year-list": reverse("year-list"),
        "year-create": reverse("year-create"),
        "period-update": reverse("period-update", args=[period.code]),
        "period-close": reverse("period-close", args=[period.code, "staff"]),
        "period-create": reverse("period-create", args=[2026]),
        "calendar-apply": reverse("calendar-apply", args=[2026]),
        "reopen": reverse("reopening-create", args=[unit.code]),
        "year-close": reverse("year-close", args=[2026]),
    }[name]


# view name, method, who may (everyone else gets the status in `denied`)
MATRIX = [
    ("home", "get", set(PERSONAS), None),
    ("unit-list", "get", set(PERSONAS), None),
    ("unit-detail", "get", set(PERSONAS), None),
    ("unit-create", "get", {"admin"}, 403),
    ("unit-update", "get", {"admin"}, 403),
    ("unit-update", "post", {"admin"}, 403),
    ("unit-move", "get", {"admin"}, 403),
    ("unit-deactivate", "post", {"admin"}, 403),
    ("person-list", "get", {"admin"}, 403),
    ("person-create", "get", {"admin"}, 403),
    ("person-detail", "get", {"admin"}, 404),
    ("role-revoke", "post", {"admin"}, 404),
    ("year-list", "get", set(PERSONAS), None),
    ("year-create", "post", {"admin"}, 403),
    ("period-update", "get", {"admin"}, 403),
    ("period-close", "post", {"admin"}, 403),
    ("period-create", "get", {"admin"}, 403),
    ("calendar-apply", "post", {"admin"}, 403),
    ("reopen", "get", {"admin", "secretary"}, 403),
    ("year-close", "post", {"admin"}, 403),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("view", "method", "allowed", "denied"), MATRIX, ids=[f"{m[0]}-{m[1]}" for m in MATRIX]
)
def test_it_answers_each_persona_as_the_matrix_says(client, world, persona, view, method, allowed, denied):
    client.force_login(world.users[persona])
    url = _url(world, view)
    data = {"name": "Nytt namn", "year": 2031} if method == "post" else None
    response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    if persona in allowed:
        assert response.status_code in OK
    else:
        assert response.status_code == denied


@pytest.mark.parametrize("view", ["home", "unit-list", "unit-detail", "person-list", "year-list"])
def test_it_sends_anonymous_visitors_to_the_login_page(client, world, view):
    response = client.get(_url(world, view))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_refuses_writes_by_get(client, world):
    client.force_login(world.users["admin"])
    period = world.periods["t2"]
    assert client.get(reverse("period-close", args=[period.code, "board"])).status_code == 405
    period.refresh_from_db()
    assert not period.is_closed
