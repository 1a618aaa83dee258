"""No state change on GET: every persona follows every link it can reach from the start page, and afterwards the
database is exactly as before (every table, every row). No reachable page fails, and no link leads nowhere.

Two data sets: the test personas on a municipality with one object of every kind (`rich`), and one demo user per
role on the demo municipality (`load_demo`, which holds data of every app).
"""

import io

from django.core.management import call_command
from django.test import Client

from styrmodell.models import User
from tests.conftest import PERSONAS

from .crawler import changed_tables, crawl, database_fingerprint

DEMO_USERS = [
    "admin",
    "bun-ledamot",
    "bun-sekreterare",
    "bun-ik",
    "chef-aspen",
    "medarbetare-aspen",
]


def crawl_problems(who: str, user: User, max_pages: int) -> tuple[list[str], set[str]]:
    client = Client()
    client.force_login(user)
    before = database_fingerprint()
    result = crawl(client, "/", max_pages=max_pages)
    after = database_fingerprint()
    problems = [f"{who}: {write}" for write in result.writes]
    problems += [f"{who}: changed {change}" for change in changed_tables(before, after)]
    problems += [f"{who}: {failure}" for failure in result.with_status(lambda status: status >= 500)]
    problems += [
        f"{who}: broken link {failure}" for failure in result.with_status(lambda status: status == 404)
    ]
    if len(result.visited) <= 3:
        problems.append(f"{who}: reached only {list(result.visited)}")
    return problems, result.routes


def test_it_changes_nothing_when_each_persona_follows_every_link(rich):
    problems: list[str] = []
    reached: set[str] = set()
    for persona in PERSONAS:
        found, routes = crawl_problems(persona, rich.users[persona], max_pages=150)
        problems += found
        reached |= routes
    assert not problems, "\n".join(problems)
    assert {
        "home",
        "unit-list",
        "accessibility",
        "goals:goal-detail",
        "commitments:commitment-detail",
    } <= reached


def test_it_changes_nothing_when_demo_users_follow_every_link(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    problems: list[str] = []
    reached: set[str] = set()
    for username in DEMO_USERS:
        found, routes = crawl_problems(username, User.objects.get(username=username), max_pages=150)
        problems += found
        reached |= routes
    assert not problems, "\n".join(problems)
    assert "unit-detail" in reached
