"""Forgot password, and the second step at login with an authenticator app (TOTP)."""

from __future__ import annotations

import re
import time

from django.core import mail
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.views import ENROL_KEY


def test_forgot_password_from_the_login_page(client, world):
    login = client.get(reverse("login")).content.decode()
    assert "Glömt lösenordet?" in login and reverse("accounts:password-reset") in login
    response = client.post(reverse("accounts:password-reset"), {"email": "manager@example.se"})
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert len(mail.outbox) == 1 and "Nytt lösenord" in mail.outbox[0].subject
    link = re.search(r"http://testserver(/konto/nytt-losenord/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "nytt-losen-2026", "new_password2": "nytt-losen-2026"})
    assert response["Location"] == reverse("accounts:password-reset-complete")
    manager = world.users["manager"]
    manager.refresh_from_db()
    assert manager.check_password("nytt-losen-2026")
    assert "Länken har redan använts" in client.get(link, follow=True).content.decode()


def test_forgot_password_tells_nothing_about_unknown_addresses(client, world):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.se"})
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mail.outbox == []


def _code(key_hex: str) -> str:
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time()
    return f"{totp.token():06d}"


def _enrol(client) -> TOTPDevice:
    page = client.get(reverse("accounts:second-factor-enrol")).content.decode()
    assert "data:image/svg+xml" in page and 'class="secret-key"' in page
    key = client.session[ENROL_KEY]
    response = client.post(reverse("accounts:second-factor-enrol"), {"code": _code(key)})
    assert response.status_code == 302
    return TOTPDevice.objects.get(confirmed=True)


def test_an_admin_enrols_and_is_asked_for_a_code_at_the_next_login(client, world):
    admin = world.users["admin"]
    client.force_login(admin)
    device = _enrol(client)
    assert device.user == admin
    client.logout()
    client.force_login(admin)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:second-factor"))
    wrong = client.post(reverse("accounts:second-factor"), {"code": "000000", "next": "/"})
    assert wrong.status_code == 200 and "Koden är fel" in wrong.content.decode()
    device.refresh_from_db()
    # The throttle after the wrong code, and the replay guard (the enrolment used this 30-second window's code),
    # would otherwise make the test wait.
    device.throttling_failure_count, device.throttling_failure_timestamp, device.last_t = 0, None, -1
    device.save()
    response = client.post(reverse("accounts:second-factor"), {"code": _code(device.key), "next": "/"})
    assert response["Location"] == "/"
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_does_not_enrol(client, world):
    client.force_login(world.users["admin"])
    client.get(reverse("accounts:second-factor-enrol"))
    response = client.post(reverse("accounts:second-factor-enrol"), {"code": "12345"})
    assert response.status_code == 200 and "sex siffror" in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_required_roles_must_enrol_before_anything_else(client, world, settings):
    settings.MFA_REQUIRED_ROLES = ["admin"]
    client.force_login(world.users["admin"])
    response = client.get(reverse("unit-list"))
    assert response["Location"].startswith(reverse("accounts:second-factor-enrol"))
    # Other roles are not asked.
    client.logout()
    client.force_login(world.users["manager"])
    assert client.get(reverse("home")).status_code == 200
    # A required person cannot turn it off.
    client.logout()
    client.force_login(world.users["admin"])
    _enrol(client)
    assert client.post(reverse("accounts:second-factor-remove")).status_code == 403


def test_anyone_may_turn_their_own_second_step_off(client, world):
    client.force_login(world.users["manager"])
    _enrol(client)
    response = client.post(reverse("accounts:second-factor-remove"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
