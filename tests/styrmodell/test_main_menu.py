"""The main menu is rendered once per language, page and set of roles (styrmodell/templatetags/main_menu.py):
what it shows must still follow the person's roles and the page at every request."""

import re

from django.urls import reverse

from styrmodell.models import Role, RoleGrant
from tests.conftest import grant


def _menu(response) -> str:
    match = re.search(
        r'<nav aria-label="[^"]*" class="main-nav">(.*?)</nav>', response.content.decode(), re.S
    )
    assert match, "the page has no main menu"
    return match.group(1)


def test_a_new_role_shows_in_the_menu_at_the_next_request_and_a_removed_one_goes(client, world):
    employee = world.users["employee"]
    client.force_login(employee)
    talks = reverse("dialogue:development-talk-list")
    assert talks not in _menu(client.get(reverse("home")))

    grant(employee, Role.MANAGER, world.unit("team_a1"))
    assert talks in _menu(client.get(reverse("home")))

    RoleGrant.objects.filter(user=employee, permission__codename=Role.MANAGER.codename).delete()
    assert talks not in _menu(client.get(reverse("home")))


def test_two_people_with_different_roles_each_see_their_own_menu(client, world):
    talks = reverse("dialogue:development-talk-list")
    client.force_login(world.users["manager"])
    assert talks in _menu(client.get(reverse("home")))
    client.force_login(world.users["employee"])
    assert talks not in _menu(client.get(reverse("home")))
    client.force_login(world.users["manager"])
    assert talks in _menu(client.get(reverse("home")))


def test_the_menu_marks_the_page_the_person_is_on(client, world):
    client.force_login(world.users["manager"])
    mine = reverse("commitments:commitment-mine")
    current = re.compile(r'<a href="([^"]*)" aria-current="page">')
    assert current.findall(_menu(client.get(mine))) == [mine]
    assert current.findall(_menu(client.get(reverse("home")))) == [reverse("home")]
    assert current.findall(_menu(client.get(mine))) == [mine]
