"""Finnish beside Swedish: every catalogue translated, staff who choose Finnish read Finnish, and the public site's
language switch; Swedish stays the language of everyone who chooses nothing, whatever the browser asks for."""

import re
from io import StringIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Profile
from tests.reporting.conftest import make_goal

SWEDISH = sorted(Path(settings.BASE_DIR).glob("*/locale/sv/LC_MESSAGES/django.po"))


def _messages(path: Path, locale: str) -> dict:
    with path.open("rb") as handle:
        return {
            (message.context, message.id): message for message in read_po(handle, locale=locale) if message.id
        }


def test_finnish_is_offered_beside_swedish_and_english():
    assert [code for code, _name in settings.LANGUAGES] == ["sv", "fi", "en"]
    assert settings.LANGUAGE_CODE == "sv"


@pytest.mark.parametrize("swedish", SWEDISH, ids=[p.parts[-5] for p in SWEDISH])
def test_every_string_of_the_app_is_translated_to_finnish(swedish):
    finnish = swedish.parents[2] / "fi" / "LC_MESSAGES" / "django.po"
    assert finnish.exists(), f"{swedish.parts[-5]} has no Finnish catalogue"
    translated = _messages(finnish, "fi")
    untranslated = [
        key[1]
        for key in _messages(swedish, "sv")
        if key not in translated
        or translated[key].fuzzy
        or not (
            all(translated[key].string) if isinstance(translated[key].id, tuple) else translated[key].string
        )
    ]
    assert untranslated == []


@pytest.mark.parametrize("swedish", SWEDISH, ids=[p.parts[-5] for p in SWEDISH])
def test_the_finnish_catalogue_keeps_every_placeholder_and_plural(swedish):
    with (swedish.parents[2] / "fi" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalogue = read_po(handle, locale="fi")
    assert catalogue.num_plurals == 2
    for message in catalogue:
        if not message.id or not message.python_format:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = {name for text in ids for name in _placeholders(text)}
        for text in strings:
            assert _placeholders(text) <= wanted, (message.id, text)
        assert _placeholders(strings[-1]) == _placeholders(ids[-1]), (message.id, strings[-1])


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\([a-zA-Z_]+\)[sd]", text))


def test_the_compile_step_compiles_finnish_too(tmp_path, settings):
    app = tmp_path / "app" / "locale" / "fi" / "LC_MESSAGES"
    app.mkdir(parents=True)
    (app / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Goal"\nmsgstr "Tavoite"\n'
    )
    settings.BASE_DIR = tmp_path
    call_command("compiletranslations", stdout=StringIO())
    assert (app / "django.mo").exists()


def test_a_person_who_chose_finnish_reads_finnish_staff_pages(client, world):
    goal = make_goal(world)
    user = world.users["board_member"]
    Profile.objects.update_or_create(user=user, defaults={"language": "fi"})
    client.force_login(user)
    start = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="sv-SE,sv;q=0.9").content.decode()
    assert '<html lang="fi">' in start
    assert "Kirjaudu ulos" in start and "Oma yleiskatsaus" in start
    assert "Logga ut" not in start
    page = client.get(reverse("goals:goal-detail", args=[goal.code])).content.decode()
    assert '<html lang="fi">' in page
    assert "Mittarit" in page and "Tavoitetaso" in page


def test_the_account_page_offers_finnish(client, world):
    client.force_login(world.users["manager"])
    page = client.get(reverse("accounts:account")).content.decode()
    assert 'value="fi"' in page
    response = client.post(reverse("accounts:account"), {"language": "fi"})
    assert response.status_code == 302
    assert Profile.objects.get(user=world.users["manager"]).language == "fi"
    assert "Kirjaudu ulos" in client.get(reverse("home")).content.decode()


def test_the_public_site_switches_to_finnish(client, world):
    goal = make_goal(world)
    home = client.get(reverse("public:home")).content.decode()
    assert '<html lang="sv">' in home
    # Every language is named in itself and marked with its own language.
    assert '<strong lang="sv" aria-current="true">Svenska</strong>' in home
    assert 'lang="fi">Suomi</button>' in home and 'lang="en">English</button>' in home

    response = client.post(reverse("set_language"), {"language": "fi", "next": reverse("public:goal-list")})
    assert response.status_code == 302
    assert response["Location"] == reverse("public:goal-list")

    goals = client.get(reverse("public:goal-list")).content.decode()
    assert '<html lang="fi">' in goals
    assert "Tavoitteet ja tulokset" in goals and "Avoin data" in goals
    assert '<strong lang="fi" aria-current="true">Suomi</strong>' in goals
    page = client.get(reverse("public:goal-detail", args=[goal.code])).content.decode()
    assert '<html lang="fi">' in page and "Lautakunnan arvio" in page

    client.post(reverse("set_language"), {"language": "sv", "next": reverse("public:home")})
    assert '<html lang="sv">' in client.get(reverse("public:home")).content.decode()


def test_the_switch_works_without_a_csrf_token(world):
    """The header is part of pages cached for every visitor, so it carries no per-visitor token."""
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("set_language"), {"language": "fi", "next": "/resultat/"})
    assert response.status_code == 302
    assert '<html lang="fi">' in strict.get("/resultat/").content.decode()


def test_a_cached_public_page_is_kept_apart_per_language(client, world):
    make_goal(world)
    assert "Tavoitteet ja tulokset" not in client.get(reverse("public:home")).content.decode()
    client.post(reverse("set_language"), {"language": "fi"})
    assert "Tavoitteet ja tulokset" in client.get(reverse("public:home")).content.decode()


@pytest.mark.parametrize("accept", ["fi-FI,fi;q=0.9", "en-GB,en;q=0.9", "fi"])
def test_swedish_stays_the_default_whatever_the_browser_asks(client, world, accept):
    public = client.get(reverse("public:home"), HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    assert '<html lang="sv">' in public and "Mål och resultat" in public
    client.force_login(world.users["manager"])
    staff = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    assert '<html lang="sv">' in staff and "Logga ut" in staff


def test_an_unknown_language_is_refused_and_swedish_stays(client, world):
    client.post(reverse("set_language"), {"language": "xx"})
    assert '<html lang="sv">' in client.get(reverse("public:home")).content.decode()
