"""On PostgreSQL a quick statement is prepared once it has run five times on a connection, and a statement seen
running slowly never is, so each of its runs is planned for its own parameters (styrmodell/lib/db.py)."""

from __future__ import annotations

import pytest
from django.db import connection

from styrmodell.lib import db

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's (DB_PREPARED); SQLite has none to choose")


def _prepared(marker: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{marker}%"])
        return cursor.fetchone()[0] > 0


def _run(marker: str, times: int) -> None:
    with connection.cursor() as cursor:
        for n in range(times):
            cursor.execute(f"SELECT %s::int AS {marker}", [n])
            assert cursor.fetchone()[0] == n


def test_a_quick_statement_is_prepared_after_five_runs():
    _run("quick_statement", 4)
    assert not _prepared("quick_statement")
    _run("quick_statement", 3)
    assert _prepared("quick_statement")


def test_a_statement_seen_running_slowly_is_never_prepared(monkeypatch):
    monkeypatch.setattr(db, "SLOW_SECONDS", 0.0)  # every statement counts as slow
    _run("slow_statement", 8)
    assert not _prepared("slow_statement")
    assert any("slow_statement" in statement for statement in db._slow)
