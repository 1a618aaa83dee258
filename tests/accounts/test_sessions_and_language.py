"""The interface language, the idle timeout, no caching of signed-in pages, Host ports and media."""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Profile
from accounts.services import SESSION_LAST_ACTIVITY


def test_an_english_browser_still_gets_swedish(client, world):
    client.force_login(world.users["manager"])
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="sv">' in page
    assert "Logga ut" in page


def test_a_person_chooses_english_on_their_account_page(client, world):
    client.force_login(world.users["manager"])
    response = client.post(reverse("accounts:account"), {"language": "en"})
    assert response.status_code == 302
    assert Profile.objects.get(user=world.users["manager"]).language == "en"
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page and "Log out" in page
    # The choice follows the person to their next sign-in.
    client.logout()
    client.force_login(world.users["manager"])
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_the_language_choices_come_from_the_settings(client, world, settings):
    settings.LANGUAGES = [("sv", "Svenska"), ("en", "English"), ("fi", "Suomi")]
    client.force_login(world.users["manager"])
    page = client.get(reverse("accounts:account")).content.decode()
    assert 'value="fi"' in page
    assert client.post(reverse("accounts:account"), {"language": "xx"}).status_code == 200
    assert not Profile.objects.filter(user=world.users["manager"], language="xx").exists()


def test_it_logs_out_after_the_idle_timeout(client, world, settings):
    client.force_login(world.users["manager"])
    session = client.session
    session[SESSION_LAST_ACTIVITY] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT_SECONDS - 5
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Du loggades ut eftersom ingenting hänt på länge." in page


def test_activity_keeps_the_session_and_is_written_at_most_once_a_minute(client, world, settings):
    client.force_login(world.users["manager"])
    session = client.session
    almost = int(time.time()) - settings.SESSION_IDLE_TIMEOUT_SECONDS + 30
    session[SESSION_LAST_ACTIVITY] = almost
    session.save()
    assert client.get(reverse("home")).status_code == 200
    renewed = client.session[SESSION_LAST_ACTIVITY]
    assert renewed > almost
    client.get(reverse("home"))
    assert client.session[SESSION_LAST_ACTIVITY] == renewed


def test_stay_logged_in_restarts_the_clock(client, world):
    client.force_login(world.users["manager"])
    session = client.session
    session[SESSION_LAST_ACTIVITY] = int(time.time()) - 3600
    session.save()
    assert client.post(reverse("accounts:keep-alive")).status_code == 204
    assert client.session[SESSION_LAST_ACTIVITY] >= int(time.time()) - 1
    assert client.get(reverse("accounts:keep-alive")).status_code == 405


def test_the_page_carries_the_timeout_notice(client, world):
    client.force_login(world.users["manager"])
    page = client.get(reverse("home")).content.decode()
    assert 'id="session-warning"' in page and "Fortsätt vara inloggad" in page
    assert 'data-timeout="28800"' in page


def test_signed_in_pages_are_not_stored(client, world):
    client.force_login(world.users["manager"])
    for url in (reverse("home"), reverse("commitments:commitment-mine")):
        assert "no-store" in client.get(url)["Cache-Control"]


def test_public_pages_may_be_cached(client, world):
    response = client.get("/resultat/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_media_has_no_public_url(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7")
    assert client.get("/media/report.pdf").status_code == 404
    client.force_login(world.users["admin"])
    assert client.get("/media/report.pdf").status_code == 404


@pytest.mark.parametrize("host", ["127.0.0.1:9999", "localhost:1", "testserver:8443"])
def test_it_refuses_a_host_with_an_unknown_port(client, world, settings, host):
    settings.ALLOWED_HOST_PORTS = []
    assert client.get(reverse("login"), HTTP_HOST=host).status_code == 400
    assert client.get("/resultat/oppna-data/", HTTP_HOST=host).status_code == 400


def test_open_data_and_cache_keys_carry_only_an_allowed_port(client, world, settings):
    from django.core.cache import cache

    # An in-memory cache whatever REDIS_URL says, so the test can read the keys that were written.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.ALLOWED_HOST_PORTS = ["8443"]
    cache.clear()
    ok = client.get("/resultat/oppna-data/visioner.json", HTTP_HOST="testserver:8443")
    assert ok.status_code == 200
    assert client.get("/resultat/oppna-data/visioner.json", HTTP_HOST="testserver:9999").status_code == 400
    keys = [str(k) for k in getattr(cache, "_cache", {})]
    assert any("testserver:8443" in k for k in keys)
    assert not any("9999" in k for k in keys)


def test_invitation_links_never_carry_an_unknown_port(client, world, settings):
    settings.ALLOWED_HOST_PORTS = []
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("person-create"),
        {"username": "ny", "first_name": "Ny", "last_name": "Person", "email": "ny@example.se"},
        HTTP_HOST="testserver:9999",
    )
    assert response.status_code == 400
    assert mail.outbox == []
