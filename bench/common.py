"""What every benchmark shares: results, timing, the in-process client and finding the right people."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from styrmodell.models import OrgUnit, Period, Role, RoleGrant, User

BENCH_URLCONF = "bench.urls"
SLOW_MS = 5000


@dataclass
class Result:
    """One figure beside its floor. `target` is the highest acceptable ratio (or None: reported only)."""

    name: str
    figure: float
    floor: float
    unit: str = "ms"
    target: float | None = None
    higher_is_better: bool = False
    notes: list[str] = field(default_factory=list)
    # An absolute limit on the figure itself (e.g. p95 ≤ 300 ms), instead of a ratio to the floor.
    limit: float | None = None

    @property
    def ratio(self) -> float:
        if self.higher_is_better:
            return self.figure / self.floor if self.floor else float("inf")
        return self.figure / self.floor if self.floor else float("inf")

    @property
    def verdict(self) -> str:
        if self.limit is not None:
            return f"{'met' if self.figure <= self.limit else 'MISSED'} (target ≤ {self.limit:g} {self.unit})"
        if self.target is None:
            return "reported"
        ok = self.ratio >= self.target if self.higher_is_better else self.ratio <= self.target
        sign = "≥" if self.higher_is_better else "≤"
        return f"{'met' if ok else 'MISSED'} (target {sign} {self.target:g}×)"

    def line(self) -> str:
        return (
            f"{self.name:<58} {self.figure:>10.1f} {self.unit:<5} floor {self.floor:>9.1f} {self.unit:<5}"
            f" ratio {self.ratio:>7.2f}×  {self.verdict}"
        )


@dataclass
class Context:
    """What the runner passes to every benchmark."""

    repeat: int = 5
    rush_seconds: float = 20.0
    rush_clients: int = 50
    workers: int = 2
    excel_rows: int = 10_000
    # Tests point the rush at their live server instead of starting gunicorn.
    server_url: str | None = None
    rush_paths: list[str] | None = None  # None: all three ways a browser saves
    out: Any = None

    def log(self, message: str) -> None:
        if self.out is not None:
            self.out.write(f"  … {message}")


def median_ms(fn: Callable[[], Any], repeat: int, warmup: int = 1) -> float:
    """The median wall time of `fn` in milliseconds, after `warmup` unmeasured calls. A call slower than
    SLOW_MS is measured only once more (its warm-up already showed the order of magnitude)."""
    times = []
    for _ in range(warmup):
        started = time.perf_counter()
        fn()
        if (time.perf_counter() - started) * 1000 > SLOW_MS:
            repeat = 1
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


@contextmanager
def bench_urls():
    """The application's URLs plus the bench-only floors, for the in-process client; DEBUG off as in
    production (no query log kept, so timings are not inflated)."""
    with override_settings(ROOT_URLCONF=BENCH_URLCONF, DEBUG=False):
        yield


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get_ok(client: Client, url: str) -> Callable[[], None]:
    def fetch() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")

    return fetch


def count_queries(fn: Callable[[], Any]) -> int:
    connection.queries_log.clear()  # a full log (9,000 entries) would make the capture look empty
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def holders(role: Role, **unit_filter) -> list[RoleGrant]:
    return list(
        RoleGrant.objects.filter(
            permission__codename=role.codename, **{f"content_object__{k}": v for k, v in unit_filter.items()}
        )
        .select_related("user", "content_object")
        .order_by("content_object__path", "user_id")
    )


def largest_board() -> OrgUnit:
    """The board with the most nodes below it (the generator makes the first board the largest)."""
    boards = list(OrgUnit.objects.boards().order_by("path"))
    return max(boards, key=lambda b: OrgUnit.objects.filter(path__startswith=b.path).count())


def system_admin() -> User:
    grant = holders(Role.ADMIN, depth=1)[0]
    return grant.user


def open_period() -> Period:
    period = Period.current()
    if period is None or period.staff_closed or period.year.is_closed:
        raise RuntimeError("The data set has no open reporting period; generate it for this year.")
    return period
