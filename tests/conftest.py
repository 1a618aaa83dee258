"""Personas and builders shared by every app's tests.

`world` builds a small municipality for one test:

    KF (council)
    ├── BUN (board) ── BUF (administration) ── Skolavdelningen (department) ─┬─ Skola A (unit) ── Lag A1 (team)
    │                                                                         └─ Skola B (unit)
    └── SN (board) ── SOF (administration) ── Hemtjänsten (unit)

and one persona per role, each holding that role on the node named in brackets:
admin [KF], council [KF], board_member [BUN], secretary [BUN], manager [Skola A], employee [Lag A1],
controller [BUN], ic_officer [BUN], and outsider (employee [Hemtjänsten], so every BUN object is out of scope).
`other_board_member` is board member of SN. Personas log in with `client.force_login(world.users["manager"])`.
"""

from __future__ import annotations

import datetime
import os
import urllib.parse
from dataclasses import dataclass, field

import pytest
from guardian.shortcuts import assign_perm

from styrmodell.models import OrgUnit, Period, Role, User, Year

# Parallel runs (`./dev test` runs the suite on pytest-xdist workers): the reliability tests, which start servers of
# their own (gunicorn, Celery, Redis database 14), run one after another on one worker, and so do the browser
# journeys (one Chromium at a time); everything else is spread one test at a time.
SERIAL_GROUPS = {
    "tests/reliability/": "servers",
    "tests/browser/": "browser",
}


def pytest_configure(config) -> None:
    """Each parallel worker gets a Redis database of its own: a test's `cache.clear()` (FLUSHDB) must not empty the
    cache under another worker's test. Worker gw0 keeps REDIS_URL's database, gwN uses (database - 2 - N) mod 16
    (database 14 belongs to the reliability tests' servers)."""
    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not settings.REDIS_URL or not worker.startswith("gw") or worker == "gw0":
        return
    parts = urllib.parse.urlsplit(settings.REDIS_URL)
    base = int(parts.path.strip("/") or 0)
    url = urllib.parse.urlunsplit(parts._replace(path=f"/{(base - 2 - int(worker[2:])) % 16}"))
    settings.REDIS_URL = settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = url
    settings.CACHES["default"]["LOCATION"] = url


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items) -> None:
    """The reliability tests first: they use databases of their own, never the test database, and they are the
    longest unit of work of a parallel run. Everything else keeps pytest-django's order, in which the tests that
    empty the test database (transactional ones, the browser journeys) come after those that need what the
    migrations put there."""
    items.sort(key=lambda item: not item.nodeid.startswith("tests/reliability/"))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup` with SERIAL_GROUPS: the tests under each of those paths form one unit of work, the rest are
    units of one test, handed out in the order collected. (pytest-xdist's own loadgroup reads a group suffix it
    writes into each node id, which pytest 9 no longer lets it write: every test went to any worker, and two
    reliability tests shared Redis database 14. Its default of handing out the largest units first would start a
    worker on the browser journeys, whose emptied database the tests after them on that worker could not use.)"""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SerialGroups(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return next(
                (group for prefix, group in SERIAL_GROUPS.items() if nodeid.startswith(prefix)), nodeid
            )

    config.option.loadscopereorder = False
    return SerialGroups(config, log)


PERSONAS: dict[str, tuple[Role, str]] = {
    "admin": (Role.ADMIN, "kf"),
    "council": (Role.COUNCIL, "kf"),
    "board_member": (Role.BOARD_MEMBER, "bun"),
    "secretary": (Role.SECRETARY, "bun"),
    "manager": (Role.MANAGER, "school_a"),
    "employee": (Role.EMPLOYEE, "team_a1"),
    "controller": (Role.CONTROLLER, "bun"),
    "ic_officer": (Role.IC_OFFICER, "bun"),
    "outsider": (Role.EMPLOYEE, "home_care"),
    "other_board_member": (Role.BOARD_MEMBER, "sn"),
}


@dataclass
class World:
    units: dict[str, OrgUnit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    year: Year | None = None
    periods: dict[str, Period] = field(default_factory=dict)

    def unit(self, key: str) -> OrgUnit:
        """The unit as it is in the database now (paths change when the tree is reorganised)."""
        return OrgUnit.objects.get(pk=self.units[key].pk)


def make_user(username: str, **extra) -> User:
    user = User.objects.create_user(
        username=username,
        password="test-password-1",
        first_name=extra.pop("first_name", username.replace("_", " ").title()),
        last_name=extra.pop("last_name", "Test"),
        email=f"{username}@example.se",
        **extra,
    )
    return user


def grant(user: User, role: Role, unit: OrgUnit) -> None:
    assign_perm(f"styrmodell.{role.codename}", user, unit)


def make_year(
    year: int = 2026, closed_kinds: tuple[str, ...] = (), staff_closed: tuple[str, ...] = ()
) -> tuple[Year, dict[str, Period]]:
    """A year with the seed's calendar (keys t1, t2, ye). `closed_kinds` names periods closed in both steps,
    `staff_closed` periods whose staff step alone is closed (the board's follow-up still open)."""
    obj = Year.objects.create(year=year)
    periods = {p.key: p for p in obj.create_default_periods()}
    for key in closed_kinds:
        periods[key].staff_closed = periods[key].is_closed = True
        periods[key].save(update_fields=["staff_closed", "is_closed"])
    for key in staff_closed:
        periods[key].staff_closed = True
        periods[key].save(update_fields=["staff_closed"])
    return obj, periods


def make_tree(parent: OrgUnit, breadth: int, depth: int, kind: str = OrgUnit.Kind.UNIT) -> list[OrgUnit]:
    """A regular subtree below `parent` (for query-count tests with small and large trees)."""
    made: list[OrgUnit] = []
    level = [parent]
    for _ in range(depth):
        next_level = []
        for node in level:
            for i in range(breadth):
                node.refresh_from_db()
                child = OrgUnit.objects.create_child(node, name=f"{node.name}.{i}", kind=kind)
                next_level.append(child)
        made.extend(next_level)
        level = next_level
    return made


@pytest.fixture
def world(db) -> World:
    w = World()
    kf = OrgUnit.objects.create_root(name="Kommunfullmäktige", short_name="KF", kind=OrgUnit.Kind.COUNCIL)
    w.units["kf"] = kf
    w.units["bun"] = bun = OrgUnit.objects.create_child(
        kf, name="Barn- och utbildningsnämnden", short_name="BUN", kind=OrgUnit.Kind.BOARD
    )
    kf.refresh_from_db()
    w.units["sn"] = sn = OrgUnit.objects.create_child(
        kf, name="Socialnämnden", short_name="SN", kind=OrgUnit.Kind.BOARD
    )
    w.units["buf"] = buf = OrgUnit.objects.create_child(
        bun, name="Barn- och utbildningsförvaltningen", short_name="BUF", kind=OrgUnit.Kind.ADMINISTRATION
    )
    w.units["schools"] = schools = OrgUnit.objects.create_child(
        buf, name="Skolavdelningen", kind=OrgUnit.Kind.DEPARTMENT
    )
    w.units["school_a"] = school_a = OrgUnit.objects.create_child(
        schools, name="Skola A", kind=OrgUnit.Kind.UNIT
    )
    schools.refresh_from_db()
    w.units["school_b"] = OrgUnit.objects.create_child(schools, name="Skola B", kind=OrgUnit.Kind.UNIT)
    w.units["team_a1"] = OrgUnit.objects.create_child(school_a, name="Lag A1", kind=OrgUnit.Kind.TEAM)
    w.units["sof"] = sof = OrgUnit.objects.create_child(
        sn, name="Socialförvaltningen", short_name="SOF", kind=OrgUnit.Kind.ADMINISTRATION
    )
    w.units["home_care"] = OrgUnit.objects.create_child(sof, name="Hemtjänsten", kind=OrgUnit.Kind.UNIT)
    for key in list(w.units):
        w.units[key].refresh_from_db()
    for username, (role, unit_key) in PERSONAS.items():
        user = make_user(username)
        grant(user, role, w.units[unit_key])
        w.users[username] = user
    w.year, w.periods = make_year(2026, closed_kinds=("t1",))
    return w


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Background tasks run in-process in tests, whatever REDIS_URL says; the reliability tests that need the real
    broker switch this off themselves."""
    from styrmodell.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    """Closing a streamed response (a PDF or CSV download) sends `request_finished`, and its
    `close_old_connections` drops any connection still inside a transaction: in a test that is the test's own
    transaction, and on PostgreSQL every later query then fails. A request in production never ends inside a
    transaction (requests are atomic and committed), so keeping such a connection only changes tests."""
    from django.db.backends.base.base import BaseDatabaseWrapper

    original = BaseDatabaseWrapper.close_if_unusable_or_obsolete

    def close_unless_in_test_transaction(self):
        if self.in_atomic_block:
            return
        original(self)

    monkeypatch.setattr(
        BaseDatabaseWrapper, "close_if_unusable_or_obsolete", close_unless_in_test_transaction
    )


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path) -> None:
    """Every test writes its files (reports, attachments, imports) under its own folder, never into the project's
    media folder, where parallel workers would meet."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _swedish(settings) -> None:
    settings.LANGUAGE_CODE = "sv"


@pytest.fixture
def today() -> datetime.date:
    return datetime.date(2026, 3, 15)
