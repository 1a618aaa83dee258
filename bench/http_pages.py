"""5. The pages of the demo journeys over real HTTP through gunicorn (the deadline rush's server), at 1 user and at
10 users at once: p50 and p95 of each, the ratio of its 1-user p50 to the floor page's, and the verdict that at 10
users its p95 stays within 3× its own 1-user p95 (no page collapses under concurrency).

Every page is read by a person of the journey that reaches it: a department head on the start page,
/organisation/ and Mina åtaganden, the head of the largest administration on the unit view (its first and its last page) and the
roll-up, a system administrator on Personer. Requests only go to 127.0.0.1, a bounded number of them."""

from __future__ import annotations

import http.client
import os
import re
import threading
import time
import urllib.parse
from html import unescape

from django.conf import settings
from django.urls import reverse

from .common import BENCH_URLCONF, Context, Result, system_admin
from .pages import department_head, high_manager
from .rush import _session_cookie, _start_server, warm_up

USERS_AT_ONCE = 10
CONCURRENCY_TARGET = 3.0


def _get(port: int, cookie: str, url: str) -> tuple[int, str, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", url, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, body, time.perf_counter() - started
    finally:
        conn.close()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


def _measure(port: int, cookie: str, url: str, users: int, each: int) -> tuple[list[float], list[str], float]:
    """(latencies of the answered requests, errors, wall seconds of the whole measurement)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(each):
            try:
                status, _body, took = _get(port, cookie, url)
            except OSError as error:
                with lock:
                    errors.append(repr(error))
                continue
            with lock:
                (latencies if status == 200 else errors).append(took if status == 200 else f"HTTP {status}")

    threads = [threading.Thread(target=work) for _ in range(users)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.perf_counter() - started


def _cookie(user) -> str:
    return f"{settings.SESSION_COOKIE_NAME}={_session_cookie(user)}"


def _journey_pages(port: int) -> list[tuple[str, str, str]]:
    """(label, cookie, URL) of every page measured; the unit view's last page is found by its "Sista sidan" link."""
    chief, administration = high_manager()
    head, _department = department_head(administration)
    chief_cookie, head_cookie = _cookie(chief), _cookie(head)
    unit_url = reverse("commitments:unit-commitments", kwargs={"code": administration.code})
    pages = [
        ("floor (the least a page can do)", chief_cookie, reverse("bench-floor-read", urlconf=BENCH_URLCONF)),
        ("start page, department head", head_cookie, reverse("home")),
        ("/organisation/, department head", head_cookie, reverse("unit-list")),
        ("Mina åtaganden, department head", head_cookie, reverse("commitments:commitment-mine")),
        ("unit view, first page", chief_cookie, unit_url),
    ]
    status, body, _took = _get(port, chief_cookie, unit_url)
    last = re.search(r'<a href="([^"]*)"[^>]*>Sista sidan</a>', body) if status == 200 else None
    if last:
        pages.append(("unit view, last page", chief_cookie, unit_url + unescape(last.group(1))))
    pages += [
        (
            "roll-up, largest administration",
            chief_cookie,
            reverse("commitments:rollup", args=[administration.code]),
        ),
        ("Personer", _cookie(system_admin()), reverse("person-list")),
    ]
    return pages


def run(ctx: Context) -> list[Result]:
    if ctx.server_url:
        server, port = None, urllib.parse.urlsplit(ctx.server_url).port
    else:
        server, port = _start_server(ctx.workers)
    each = max(2, ctx.repeat * 2)
    measured = []
    try:
        for label, cookie, url in _journey_pages(port):
            warm_up(port, [("GET", url, {"Cookie": cookie})], min(4 * ctx.workers, USERS_AT_ONCE))
            alone, errors, alone_seconds = _measure(port, cookie, url, 1, each)
            crowd, crowd_errors, crowd_seconds = _measure(
                port, cookie, url, USERS_AT_ONCE, max(2, ctx.repeat)
            )
            rates = (len(alone) / alone_seconds, len(crowd) / crowd_seconds)
            measured.append((label, url, alone, crowd, errors + crowd_errors, rates))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    floor_p50 = _percentile(measured[0][2], 0.5)
    # What queueing alone gives: 10 clients at once on `workers` synchronous workers (and as many cores) wait
    # for about users / workers requests each, so a page that keeps a core busy answers in about that many
    # times its 1-user time however cheap it is. The floor page at 10 users shows it on this machine.
    bound = USERS_AT_ONCE / max(1, min(ctx.workers, os.cpu_count() or 1))
    floor_label, _url, floor_alone, floor_crowd, floor_errors, _rates = measured[0]
    results = [
        Result(
            f"5 HTTP {floor_label}: p95 at {USERS_AT_ONCE} users vs 1 user",
            _percentile(floor_crowd, 0.95),
            _percentile(floor_alone, 0.95),
            notes=[
                f"queueing alone: {USERS_AT_ONCE} users on {ctx.workers} workers and {os.cpu_count()} cores wait"
                f" about {bound:g}× a CPU-bound page's 1-user time; errors {len(floor_errors)}"
            ],
        )
    ]
    for label, url, alone, crowd, errors, (alone_rate, crowd_rate) in measured[1:]:
        one_p50, one_p95 = _percentile(alone, 0.5), _percentile(alone, 0.95)
        ten_p50, ten_p95 = _percentile(crowd, 0.5), _percentile(crowd, 0.95)
        notes = [
            f"1 user: p50 {one_p50:.0f} ms, p95 {one_p95:.0f} ms ({one_p50 / floor_p50:.1f}× the floor's p50"
            f" {floor_p50:.0f} ms); {USERS_AT_ONCE} users: p50 {ten_p50:.0f} ms, p95 {ten_p95:.0f} ms;"
            f" errors {len(errors)}",
            # A page that collapses under concurrency answers fewer requests a second at 10 users than at 1.
            f"throughput: 1 user {alone_rate:.1f} req/s, {USERS_AT_ONCE} users {crowd_rate:.1f} req/s"
            f" ({crowd_rate / alone_rate:.2f}×; below 1× would be a collapse)",
            f"GET {url.split('?')[0]}",
        ]
        if errors:
            notes.append(f"first errors: {sorted(set(errors))[:3]}")
        results.append(
            Result(
                f"5 HTTP {label}: p95 at {USERS_AT_ONCE} users vs 1 user",
                ten_p95,
                one_p95,
                target=CONCURRENCY_TARGET,
                notes=notes,
            )
        )
    return results
