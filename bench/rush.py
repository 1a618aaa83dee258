"""3. The deadline rush: status reports posted by many concurrent clients over loopback to gunicorn, against a
minimal POST view that writes one row through the same stack (same server, same settings, same middleware).

The server runs `bench.settings` (the application's settings with the bench-only URLconf). Every client
is a department head with a session of their own and posts reports on the unreported commitments of their
department in the open period, one after another, until the time is up. Afterwards every acknowledged report
(answered with the redirect) must be in the database with the status that was posted; then the reports the rush
made are deleted again (with their history rows), so the data set stays the same run after run.
"""

from __future__ import annotations

import http.client
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.urls import reverse, reverse_lazy
from django.utils.crypto import get_random_string

from commitments.models import Commitment, Status, StatusReport
from styrmodell.models import Role

from .common import BENCH_URLCONF, Context, Result, holders, open_period
from .views import FLOOR_TABLE

BASE_DIR = Path(settings.BASE_DIR)
MINE_URL = reverse_lazy("commitments:commitment-mine")
STATUSES = [Status.ON_TRACK, Status.NOT_STARTED, Status.DONE]


@dataclass
class Client:
    user_id: int
    cookie: str
    csrf: str
    work: list[tuple[int, str]]  # (commitment pk, report URL)
    next_work: int = 0  # the phases share the work: every save is a first report
    work_limit: int = 1 << 30  # the last index (exclusive) the current phase may use
    latencies: list[float] = field(default_factory=list)
    acked: dict[int, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class Phase:
    requests: int
    seconds: float
    latencies: list[float]
    errors: list[str]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _session_cookie(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _clients(count: int, per_client: int) -> list[Client]:
    """`count` department heads (depth 4), each with the unreported commitments of their department."""
    period = open_period()
    heads = holders(Role.MANAGER, depth=4)
    rng = random.Random(7)
    rng.shuffle(heads)
    clients = []
    for grant in heads[:count]:
        unit = grant.content_object
        pending = (
            Commitment.objects.unreported(period)
            .filter(unit__path__startswith=unit.path)
            .values_list("pk", "code")
            .order_by("pk")[:per_client]
        )
        work = [
            (pk, reverse("commitments:report-update", kwargs={"code": code, "period_code": period.code}))
            for pk, code in pending
        ]
        if not work:
            continue
        csrf = get_random_string(32)
        cookie = f"{settings.SESSION_COOKIE_NAME}={_session_cookie(grant.user)}; {settings.CSRF_COOKIE_NAME}={csrf}"
        clients.append(Client(grant.user_id, cookie, csrf, work))
    if not clients:
        raise RuntimeError("No department head has unreported commitments in the open period.")
    return clients


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(workers: int) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [
            str(gunicorn),
            "styrmodell.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/bench/floor/")
            conn.getresponse().read()
            conn.close()
            return server, port
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def _request(
    port: int, client: Client, method: str, url: str, body: dict | None = None, headers: dict | None = None
) -> tuple[int, str]:
    """One request on a new connection (as the benchmark always did); (status, Location header)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        sent = {"Cookie": client.cookie, "Host": "127.0.0.1", **(headers or {})}
        data = None
        if body is not None:
            data = urllib.parse.urlencode({**body, "csrfmiddlewaretoken": client.csrf})
            sent |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{port}/",
            }
        conn.request(method, url, body=data, headers=sent)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        conn.close()


def _post(port: int, client: Client, url: str, body: dict) -> tuple[int, float]:
    started = time.perf_counter()
    status, _location = _request(port, client, "POST", url, body)
    return status, time.perf_counter() - started


# The three ways a browser saves a report (and the benchmark's old, bare POST that no browser sends):
# - "htmx": a card on Mina åtaganden with JavaScript: POST with HX-Request, the card comes back (200);
# - "redirect": the same card without JavaScript: POST, 302 back to Mina åtaganden, which the browser loads;
# - "page": the stand-alone report page: POST, 302 back to that page, which the browser loads.
# The latency of a save is the whole of it, the redirected page included.
PATHS = ["htmx", "redirect", "page"]


def _save(port: int, client: Client, url: str, body: dict, path: str) -> tuple[bool, float]:
    started = time.perf_counter()
    if path == "htmx":
        status, _location = _request(
            port, client, "POST", url, {**body, "next": str(MINE_URL)}, {"HX-Request": "true"}
        )
        return status == 200, time.perf_counter() - started
    back = str(MINE_URL) if path == "redirect" else url
    status, location = _request(port, client, "POST", url, {**body, "next": back})
    if status != 302:
        return False, time.perf_counter() - started
    landed, _location = _request(port, client, "GET", urllib.parse.urlsplit(location).path or back)
    return landed == 200, time.perf_counter() - started


def warm_up(port: int, requests: list[tuple[str, str, dict]], connections: int) -> None:
    """Send each (method, URL, headers) from `connections` connections at once (4 per worker, never more than the
    measurement itself opens: a test's live server on SQLite serves one at a time), so that every worker has served
    each kind of request before anything is timed. A worker's first request of a page imports the views and
    loads the templates (and, where Python writes no bytecode, compiles the modules): seconds of one core that a
    server running for a day has long paid, which used to fall into the first phase measured."""

    def send(method: str, url: str, headers: dict) -> None:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request(method, url, headers={"Host": "127.0.0.1", **headers})
            conn.getresponse().read()
            conn.close()
        except OSError:
            pass  # the measurement itself counts errors

    for method, url, headers in requests:
        threads = [threading.Thread(target=send, args=(method, url, headers)) for _ in range(connections)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def _phase(port: int, clients: list[Client], seconds: float, *, floor: bool, path: str = "htmx") -> Phase:
    stop_at = time.monotonic() + seconds
    floor_url = reverse("bench-floor-write", urlconf=BENCH_URLCONF)

    def work(client: Client) -> None:
        position = 0
        while time.monotonic() < stop_at:
            try:
                if floor and path == "redirect":
                    started = time.perf_counter()
                    status, location = _request(
                        port, client, "POST", floor_url, {"value": str(position), "redirect": "1"}
                    )
                    ok = status == 302 and _request(port, client, "GET", location)[0] == 200
                    took = time.perf_counter() - started
                elif floor:
                    status, took = _post(port, client, floor_url, {"value": str(position)})
                    ok = status == 204
                else:
                    if client.next_work >= min(len(client.work), client.work_limit):
                        return
                    pk, url = client.work[client.next_work]
                    client.next_work += 1
                    chosen = STATUSES[position % len(STATUSES)]
                    prefix = f"c{pk}-"
                    body = {f"{prefix}status": chosen, f"{prefix}comment": "", f"{prefix}version": "0"}
                    ok, took = _save(port, client, url, body, path)
                    status = "refused"
                    if ok:
                        client.acked[pk] = chosen
                position += 1
                if ok:
                    client.latencies.append(took)
                else:
                    client.errors.append(f"HTTP {status}")
            except OSError as error:
                client.errors.append(repr(error))

    for client in clients:
        client.latencies, client.errors = [], []
    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies = [x for c in clients for x in c.latencies]
    return Phase(len(latencies), elapsed, latencies, [e for c in clients for e in c.errors])


def run(ctx: Context) -> list[Result]:
    period = open_period()
    paths = ctx.rush_paths or PATHS
    per_client = int(ctx.rush_seconds * 40 * len(paths)) + 10  # more than one client can post in the time
    clients = _clients(ctx.rush_clients, per_client)
    with connection.cursor() as cursor:
        key = "serial" if connection.vendor == "postgresql" else "integer"  # SQLite: an alias of rowid
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {FLOOR_TABLE} (id {key} PRIMARY KEY, user_id integer, value varchar(50))"
        )
    if ctx.server_url:
        server, port = None, urllib.parse.urlsplit(ctx.server_url).port
    else:
        server, port = _start_server(ctx.workers)
    rushes: dict[str, Phase] = {}
    two_requests = None
    try:
        ctx.log(f"{len(clients)} clients, {ctx.workers} gunicorn workers, {ctx.rush_seconds:g} s per phase")
        # The pages the save paths land on, read (not saved) by one of the clients: a GET changes nothing.
        first = clients[0]
        report_url = first.work[-1][1]
        warm_up(
            port,
            [
                ("GET", reverse("bench-floor-read", urlconf=BENCH_URLCONF), {"Cookie": first.cookie}),
                ("GET", f"{report_url}?next={MINE_URL}", {"Cookie": first.cookie}),
                ("GET", f"{report_url}?next={MINE_URL}", {"Cookie": first.cookie, "HX-Request": "true"}),
            ],
            min(4 * ctx.workers, len(clients)),
        )
        floor = _phase(port, clients, ctx.rush_seconds, floor=True)
        # The least a save answered by a redirect can cost: the floor's write, then its read (two requests).
        two_requests = (
            _phase(port, clients, ctx.rush_seconds, floor=True, path="redirect")
            if {"redirect", "page"} & set(paths)
            else None
        )
        for number, path in enumerate(paths):
            # Each way of saving gets its share of the commitments left: on a small data set a fast first path
            # would otherwise use them all and leave the others nothing to save.
            for client in clients:
                left = len(client.work) - client.next_work
                client.work_limit = client.next_work + max(1, left // (len(paths) - number))
            rushes[path] = _phase(port, clients, ctx.rush_seconds, floor=False, path=path)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {FLOOR_TABLE}")
    acked = {pk: status for c in clients for pk, status in c.acked.items()}
    stored = dict(
        StatusReport.objects.filter(period=period, commitment_id__in=list(acked)).values_list(
            "commitment_id", "status"
        )
    )
    missing = [pk for pk, status in acked.items() if stored.get(pk) != status]
    # Leave the data set as it was: remove the reports the rush made, and their history.
    made = StatusReport.objects.filter(period=period, commitment_id__in=list(acked))
    StatusReport.history.filter(id__in=made.values("id")).delete()
    made.delete()
    results = []
    for path, rush in rushes.items():
        notes = [
            f"{len(clients)} clients; {rush.requests} saves in {rush.seconds:.1f} s, p50 {rush.percentile(0.5):.0f} ms,"
            f" errors {len(rush.errors)}; floor {floor.requests} writes in {floor.seconds:.1f} s,"
            f" p50 {floor.percentile(0.5):.0f} ms, p95 {floor.percentile(0.95):.0f} ms",
        ]
        if rush.errors:
            notes.append(f"first errors: {sorted(set(rush.errors))[:3]}")
        results += [
            Result(
                f"3 deadline rush, {path}: throughput",
                rush.throughput,
                floor.throughput,
                unit="req/s",
                target=0.5,
                higher_is_better=True,
                notes=notes,
            ),
            Result(
                f"3 deadline rush, {path}: p95 latency",
                rush.percentile(0.95),
                floor.percentile(0.95),
                limit=300,
                notes=[f"errors {len(rush.errors)} (target 0: {'met' if not rush.errors else 'MISSED'})"],
            ),
        ]
    if two_requests is not None:
        results.append(
            Result(
                "3 deadline rush, floor write + redirect followed",
                two_requests.throughput,
                floor.throughput,
                unit="req/s",
                higher_is_better=True,
                notes=[
                    "the most the redirect and page paths can reach: the floor's own write answered with a redirect"
                    f" to its read; p95 {two_requests.percentile(0.95):.0f} ms, errors {len(two_requests.errors)}"
                ],
            )
        )
    results.append(
        Result(
            "3 deadline rush: acknowledged saves missing afterwards",
            len(missing),
            len(acked),
            unit="saves",
            limit=0,
            notes=[f"{len(acked)} saves acknowledged over all paths"],
        )
    )
    return results
