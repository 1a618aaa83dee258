"""An administrator adds a person, who gets an e-mailed single-use link to choose a password and then signs in."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Profile
from styrmodell.models import User


def _add_person(client, world, username: str = "ny.rektor") -> User:
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("person-create"),
        {"username": username, "first_name": "Ny", "last_name": "Rektor", "email": f"{username}@example.se"},
    )
    assert response.status_code == 302
    return User.objects.get(username=username)


def _link(message) -> str:
    return re.search(r"http://testserver(/konto/inbjudan/\S+/)", message.body).group(1)


def test_it_sends_a_swedish_invitation_when_a_person_is_added(client, world):
    person = _add_person(client, world)
    assert not person.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny.rektor@example.se"]
    assert "inbjuden" in message.subject
    assert "Välj ditt lösenord" in message.body and "7 dagar" in message.body
    profile = Profile.objects.get(user=person)
    assert profile.invited_by == world.users["admin"] and profile.invited_at is not None
    page = client.get(reverse("person-detail", args=[person.code])).content.decode()
    assert "inget lösenord valt ännu" in page


def test_the_link_sets_the_password_once_and_signs_in(client, world):
    person = _add_person(client, world)
    link = _link(mail.outbox[0])
    client.logout()
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "Välj ditt lösenord" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "ett-bra-losenord-42", "new_password2": "ett-bra-losenord-42"}
    )
    assert response["Location"] == reverse("home")
    person.refresh_from_db()
    assert person.check_password("ett-bra-losenord-42")
    assert client.get(reverse("home")).status_code == 200  # signed in
    # Single use: the same link no longer opens the form.
    client.logout()
    page = client.get(link, follow=True).content.decode()
    assert "redan använts eller är för gammal" in page


def test_it_refuses_a_weak_password_in_swedish(client, world):
    person = _add_person(client, world)
    link = _link(mail.outbox[0])
    client.logout()
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "för vanligt" in page or "helt numeriskt" in page
    person.refresh_from_db()
    assert not person.has_usable_password()


def test_an_expired_invitation_does_not_open(client, world, settings, monkeypatch):
    person = _add_person(client, world)
    link = _link(mail.outbox[0])
    client.logout()
    from accounts.tokens import invitation_tokens

    later = invitation_tokens._now().timestamp() + (settings.INVITATION_LINK_DAYS + 1) * 24 * 3600
    import datetime

    monkeypatch.setattr(invitation_tokens, "_now", lambda: datetime.datetime.fromtimestamp(later))
    page = client.get(link, follow=True).content.decode()
    assert "redan använts eller är för gammal" in page
    person.refresh_from_db()
    assert not person.has_usable_password()


def test_a_resent_invitation_replaces_the_old_link(client, world):
    person = _add_person(client, world)
    old_link = _link(mail.outbox[0])
    response = client.post(reverse("accounts:person-invite", args=[person.code]))
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    new_link = _link(mail.outbox[1])
    client.logout()
    assert "redan använts" in client.get(old_link, follow=True).content.decode()
    assert "Välj ditt lösenord" in client.get(new_link, follow=True).content.decode()


def test_no_invitation_with_the_identity_provider(client, world, settings):
    settings.OIDC_ENABLED = True
    person = _add_person(client, world)
    assert mail.outbox == []
    page = client.get(reverse("person-detail", args=[person.code])).content.decode()
    assert "ingen inbjudan behövs" in page
    assert client.post(reverse("accounts:person-invite", args=[person.code])).status_code == 403
    client.logout()
    login = client.get(reverse("login")).content.decode()
    assert "Nyanställda behöver ingen inbjudan" in login


def test_a_deactivated_person_cannot_sign_in_and_keeps_their_history(client, world):
    employee = world.users["employee"]
    client.force_login(world.users["admin"])
    response = client.post(reverse("accounts:person-deactivate", args=[employee.code]))
    assert response.status_code == 302
    employee.refresh_from_db()
    assert not employee.is_active
    assert employee.history.first().is_active is False
    client.logout()
    response = client.post(reverse("login"), {"username": "employee", "password": "test-password-1"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    # Reactivated, they sign in again.
    client.force_login(world.users["admin"])
    client.post(reverse("accounts:person-activate", args=[employee.code]))
    employee.refresh_from_db()
    assert employee.is_active


def test_a_deactivated_persons_open_session_ends(client, world):
    employee = world.users["employee"]
    client.force_login(employee)
    User.objects.filter(pk=employee.pk).update(is_active=False)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


ACCESS_URLS = ["accounts:person-invite", "accounts:person-deactivate", "accounts:person-activate"]


@pytest.mark.parametrize("url_name", ACCESS_URLS)
@pytest.mark.parametrize(
    "persona,expected",
    [
        ("admin", 302),
        ("manager", 404),
        ("employee", 404),
        ("board_member", 404),
        ("secretary", 404),
        ("council", 404),
        ("controller", 404),
        ("ic_officer", 404),
        ("outsider", 404),
    ],
)
def test_permission_matrix(client, world, url_name, persona, expected):
    target = world.users["other_board_member"]
    client.force_login(world.users[persona])
    response = client.post(reverse(url_name, args=[target.code]))
    assert response.status_code == expected


def test_a_unit_admin_cannot_change_a_municipal_admin_nor_themselves(client, world):
    from styrmodell.models import Role
    from tests.conftest import grant, make_user

    unit_admin = make_user("enhetsadmin")
    grant(unit_admin, Role.ADMIN, world.unit("school_a"))
    client.force_login(unit_admin)
    assert (
        client.post(reverse("accounts:person-deactivate", args=[world.users["admin"].code])).status_code
        == 403
    )
    assert client.post(reverse("accounts:person-deactivate", args=[unit_admin.code])).status_code == 403
    assert (
        client.post(reverse("accounts:person-deactivate", args=[world.users["employee"].code])).status_code
        == 302
    )


def test_writes_refuse_get(client, world):
    client.force_login(world.users["admin"])
    for name in ACCESS_URLS:
        assert client.get(reverse(name, args=[world.users["employee"].code])).status_code == 405
    world.users["employee"].refresh_from_db()
    assert world.users["employee"].is_active
