"""The deadline rush: a hundred staff log in at once and report status on their commitments, on gunicorn and
PostgreSQL. No request fails and every save the server acknowledged is in the database, exactly as last saved.

The CI run lasts RUSH_SECONDS; `./dev soak` runs it for SOAK_SECONDS (default 600)."""

from __future__ import annotations

import threading
import time

import pytest

from .conftest import soak_seconds
from .tools import procs
from .tools.load import Browser, Tally
from .tools.staff import Acknowledged, make_staff, rush, saved_reports

pytestmark = [pytest.mark.needs_postgres, pytest.mark.soak]

PEOPLE = 100
COMMITMENTS_EACH = 3
RUSH_SECONDS = 30
MAX_STEPS_PER_PERSON = 100_000


@pytest.fixture
def rush_site(live_db, media_root):
    env = procs.app_env(live_db, media_root, redis_url=None)
    staff = make_staff(env, PEOPLE, COMMITMENTS_EACH)
    with procs.gunicorn(env, workers=2) as port:
        yield port, live_db, staff


def assert_nothing_lost(url: str, acks: Acknowledged) -> None:
    saved = saved_reports(url)
    # Every (commitment, period) somebody saw saved is there, saved exactly as many times as acknowledged
    # (each save raises the version by one), with the comment of the last acknowledged save.
    assert set(saved) == set(acks.saves)
    assert {key: version for key, (version, _) in saved.items()} == dict(acks.saves)
    assert {key: comment for key, (_, comment) in saved.items()} == acks.last_comment


def test_it_keeps_every_acknowledged_report_in_the_deadline_rush(rush_site) -> None:
    port, url, staff = rush_site
    tally, acks = Tally(), Acknowledged()
    rush(port, staff, soak_seconds(RUSH_SECONDS), MAX_STEPS_PER_PERSON, tally, acks)
    print(f"rush: {tally.requests} requests {dict(tally.statuses)}, {sum(acks.saves.values())} saves")
    assert tally.server_errors == 0, tally.errors
    assert tally.statuses["network-error"] == 0, tally.errors
    assert acks.unexpected == []
    assert acks.conflicts == 0  # each person reports only on their own commitments
    # Everybody got at least one report through.
    assert len({key for key in acks.saves}) >= PEOPLE
    assert_nothing_lost(url, acks)


def test_it_recovers_when_the_database_drops_its_connections_under_load(rush_site) -> None:
    """PostgreSQL ends every connection of the app mid-rush (as a restart or failover does); the app reconnects
    by itself (CONN_HEALTH_CHECKS). Only requests in flight at that instant may fail; every acknowledged save
    is kept."""
    port, url, staff = rush_site
    seconds = soak_seconds(RUSH_SECONDS) / 2
    tally, acks = Tally(), Acknowledged()
    terminated: list[int] = []

    def drop_connections() -> None:
        time.sleep(seconds / 3)
        terminated.append(procs.terminate_connections(url.rsplit("/", 1)[1]))

    dropper = threading.Thread(target=drop_connections)
    dropper.start()
    rush(port, staff[:40], seconds, MAX_STEPS_PER_PERSON, tally, acks)
    dropper.join()
    assert terminated and terminated[0] >= 1, "no connection of the app was open to drop"
    # At most the requests in flight in the two workers when their connections were ended.
    assert tally.server_errors <= 2, tally.errors
    assert tally.statuses["network-error"] == 0, tally.errors

    # Afterwards everything answers again, without restarting the app.
    after = Tally()
    browser = Browser(port, after)
    browser.login(staff[0]["username"], "soak-password-1")
    for _ in range(20):
        browser.get("/ataganden/")
    assert after.statuses[200] >= 20, after.statuses
    assert after.server_errors == 0, after.errors

    # Nothing acknowledged was lost; a save in flight when the connection dropped may have been committed
    # without the person seeing it acknowledged, but never the other way round.
    saved = saved_reports(url)
    for key, count in acks.saves.items():
        version, comment = saved[key]
        assert version >= count
        if version == count:
            assert comment == acks.last_comment[key]
    assert sum(v for v, _ in saved.values()) - sum(acks.saves.values()) <= tally.server_errors
