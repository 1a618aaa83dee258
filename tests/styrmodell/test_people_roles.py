"""An administrator gives people roles on nodes."""

from django.urls import reverse

from styrmodell.models import Role, RoleGrant, User
from tests.conftest import grant, make_user


def test_it_adds_a_person_and_gives_a_role(client, world):
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("person-create"),
        {
            "username": "ny.rektor",
            "first_name": "Ny",
            "last_name": "Rektor",
            "email": "ny@example.se",
            "is_active": "on",
        },
    )
    person = User.objects.get(username="ny.rektor")
    assert response["Location"] == reverse("person-detail", args=[person.code])
    response = client.post(
        reverse("role-grant", args=[person.code]),
        {"role": Role.MANAGER, "unit": str(world.unit("school_b").code)},
    )
    assert response.status_code == 302
    row = RoleGrant.objects.get(user=person)
    assert (row.role, row.content_object) == (Role.MANAGER, world.unit("school_b"))
    assert row.history.count() == 1


def test_it_removes_a_role(client, world):
    client.force_login(world.users["admin"])
    employee = world.users["employee"]
    row = RoleGrant.objects.get(user=employee)
    response = client.post(reverse("role-revoke", args=[employee.code, row.pk]))
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(user=employee).exists()


def test_it_keeps_a_subtree_administrator_inside_their_subtree(client, world):
    sub_admin = make_user("sub_admin")
    grant(sub_admin, Role.ADMIN, world.unit("bun"))
    client.force_login(sub_admin)
    person = world.users["outsider"]
    outside = client.post(
        reverse("role-grant", args=[person.code]), {"role": Role.MANAGER, "unit": str(world.unit("sof").code)}
    )
    assert outside.status_code == 302  # the unit is not offered: the form is refused with a message
    assert not RoleGrant.objects.filter(
        user=person, content_object=world.unit("sof"), permission__codename="role_manager"
    ).exists()
    admin_role = client.post(
        reverse("role-grant", args=[person.code]), {"role": Role.ADMIN, "unit": str(world.unit("bun").code)}
    )
    assert admin_role.status_code == 403
    inside = client.post(
        reverse("role-grant", args=[person.code]),
        {"role": Role.EMPLOYEE, "unit": str(world.unit("school_b").code)},
    )
    assert inside.status_code == 302
    assert RoleGrant.objects.filter(user=person, content_object=world.unit("school_b")).exists()


def test_it_hides_people_from_non_administrators(client, world):
    client.force_login(world.users["manager"])
    assert client.get(reverse("person-list")).status_code == 403
    assert client.get(reverse("person-detail", args=[world.users["employee"].code])).status_code == 404
    response = client.post(
        reverse("role-grant", args=[world.users["manager"].code]),
        {"role": Role.ADMIN, "unit": str(world.unit("kf").code)},
    )
    assert response.status_code == 404
    assert not RoleGrant.objects.filter(
        user=world.users["manager"], permission__codename="role_admin"
    ).exists()


def test_it_shows_a_new_role_on_the_start_page(client, world):
    person = world.users["outsider"]
    grant(person, Role.CONTROLLER, world.unit("sn"))
    client.force_login(person)
    page = client.get(reverse("home")).content.decode()
    assert "Controller" in page or "Ekonom" in page
    assert "Socialnämnden" in page
