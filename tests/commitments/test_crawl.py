"""Following every commitments link from "Mina åtaganden" changes nothing and never leads to a missing or
failing page (a crawl limited to this app; the project-wide crawl covers the rest)."""

from collections import deque

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.crawler import changed_tables, database_fingerprint, links_in

from .conftest import make_report

APP = "/ataganden/"


def crawl_app(client: Client, start: str, limit: int = 80) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for href in links_in(response.content.decode()):
                target = href.split("#")[0]
                if target.startswith(APP) and target not in seen:
                    queue.append(target)
    return seen


@pytest.mark.parametrize("persona", ["manager", "employee", "board_member"])
def test_it_changes_nothing_and_finds_no_dead_link_from_my_commitments(cworld, persona):
    make_report(cworld.unit_c, cworld.periods["t2"], "at_risk", comment="Lokaler")
    client = Client()
    client.force_login(cworld.users[persona])
    before = database_fingerprint()
    statuses = crawl_app(client, reverse("commitments:commitment-mine"))
    assert changed_tables(before, database_fingerprint()) == []
    assert {path: code for path, code in statuses.items() if code not in (200, 302)} == {}
    assert len(statuses) >= 1
