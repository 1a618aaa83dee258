"""No state change on GET: every persona follows every link it can reach from the start page, and afterwards the
database is exactly as before (every table, every row). No reachable page fails, and no link leads nowhere."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from styrmodell.models import User
from tests.conftest import PERSONAS

from .crawler import changed_tables, crawl, database_fingerprint

# One demo user per role (the demo municipality holds data of every app, so the crawl reaches their pages).
DEMO_USERS = [
    "admin",
    "kf-ledamot",
    "bun-ledamot",
    "bun-sekreterare",
    "bun-ekonom",
    "bun-ik",
    "chef-aspen",
    "medarbetare-aspen",
]


def assert_crawl_is_clean(client: Client, max_pages: int = 300) -> set[str]:
    before = database_fingerprint()
    result = crawl(client, "/", max_pages=max_pages)
    after = database_fingerprint()
    assert result.writes == []
    assert changed_tables(before, after) == []
    assert result.with_status(lambda status: status >= 500) == []
    assert result.with_status(lambda status: status == 404) == []
    assert len(result.visited) > 3
    return result.routes


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_it_changes_nothing_when_a_persona_follows_every_link(world, persona):
    client = Client()
    client.force_login(world.users[persona])
    routes = assert_crawl_is_clean(client)
    assert {"home", "unit-list", "accessibility"} <= routes


def test_it_changes_nothing_when_demo_users_follow_every_link(db):
    call_command("load_demo", stdout=io.StringIO())
    reached: set[str] = set()
    for username in DEMO_USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        reached |= assert_crawl_is_clean(client, max_pages=250)
    assert "unit-detail" in reached
