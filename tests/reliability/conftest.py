"""Reliability tests: real gunicorn, Celery, PostgreSQL and Redis processes on 127.0.0.1.

Tests marked `needs_postgres` start servers against PostgreSQL databases of their own (`styr_reliability_*`,
created and dropped here) and Redis database 14. They run in the PostgreSQL pass of CI (DATABASE_URL is a
PostgreSQL URL); on SQLite they are deselected with that reason, since SQLite cannot be shared by several
server processes under load. `./dev soak` runs the long versions (SOAK_SECONDS).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .tools import procs

NEEDS_POSTGRES_REASON = "runs in the PostgreSQL pass of CI"
# An open problem, not a limitation: on PostgreSQL the in-process crawl of test_bad_input intermittently finds
# the test's connection closed by the client side (no server-side termination logged); until that is
# understood it runs in the SQLite pass only, where it covers the same forms and views.


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers",
        "needs_postgres: starts gunicorn/Celery against PostgreSQL and Redis; runs in the PostgreSQL pass of CI",
    )
    config.addinivalue_line("markers", "soak: a load test whose length SOAK_SECONDS sets (./dev soak)")


def pytest_collection_modifyitems(config, items) -> None:
    on_postgres = bool(procs.postgres_url())
    for item in items:
        if not on_postgres and item.get_closest_marker("needs_postgres"):
            item.add_marker(pytest.mark.skip(reason=NEEDS_POSTGRES_REASON))


def soak_seconds(default: float) -> float:
    """How long a soak runs: SOAK_SECONDS when set (./dev soak), else the short CI length."""
    return float(os.environ.get("SOAK_SECONDS") or default)


@pytest.fixture(scope="session")
def reliability_tmp() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="styr-reliability-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def demo_template(reliability_tmp: Path) -> Iterator[str]:
    """A PostgreSQL database with every migration and the demo municipality, built once per test session;
    tests copy it (CREATE DATABASE … TEMPLATE) rather than use it."""
    name = f"{procs.DB_PREFIX}template_{os.getpid()}"
    procs.prepare_demo_db(name, reliability_tmp / "template-media")
    yield name
    procs.drop_db(name)


@pytest.fixture
def live_db(demo_template: str, request) -> Iterator[str]:
    """A copy of the demo database for this one test; yields its URL and drops it afterwards."""
    # Unique per test run, so two runs on one server (two developers, CI) never touch each other's databases.
    name = (
        f"{procs.DB_PREFIX}{os.getpid()}_" + request.node.name.lower().replace("[", "_").replace("]", "")[:30]
    )
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in name)
    url = procs.create_db(name, template=demo_template)
    yield url
    procs.drop_db(name)


@pytest.fixture
def media_root(tmp_path: Path, reliability_tmp: Path) -> Path:
    """The media folder of this test: a copy of the demo's files (the reports the demo built and archived)."""
    path = tmp_path / "media"
    template = reliability_tmp / "template-media"
    if template.exists():
        shutil.copytree(template, path)
    else:
        path.mkdir()
    return path
