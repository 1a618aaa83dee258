"""8. Searching Kolada's cached KPI catalogue (4,000 key figures, the size of Kolada's) against a bare indexed lookup of
one KPI through the same middleware (bench-floor-kolada).

Three searches: by id prefix ("N154"), by part of a title ("gymnasie") and one that matches nothing; each figure is
the slowest of the three. Measured as a browser sends them:
- typing in the search field: htmx asks for the results alone (`HX-Request`), in-process and over HTTP through
  gunicorn (the deadline rush's server, 2 workers, a new connection per request);
- the whole page (a search submitted without JavaScript, or a bookmarked search), in-process: reported.
The floor and the searches are taken in turn, round after round (4 × --repeat rounds after 4 to warm up).

The catalogue is made for the occasion: in-process inside a transaction that is rolled back; for gunicorn it must be
committed, so the KPIs this benchmark adds (never ones that were there) are deleted again afterwards.
"""

from __future__ import annotations

import http.client
import statistics
import time
import urllib.parse
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from goals.models import KoladaKpi
from styrmodell.models import Role

from .common import (
    BENCH_URLCONF,
    Context,
    Result,
    bench_urls,
    client_for,
    count_queries,
    get_ok,
    holders,
    largest_board,
)
from .rush import _session_cookie, _start_server

CATALOGUE_SIZE = 4_000
WORDS = ["gymnasieskola", "hemtjänst", "förskola", "kostnad", "elever", "invånare", "bibliotek", "avfall"]
SEARCHES = ("N154", "gymnasie", "zzzz")
HTMX = {"HX-Request": "true", "HX-Target": "kolada-results"}
WARM_ROUNDS = 4


class Rollback(Exception):
    pass


def catalogue() -> list[KoladaKpi]:
    return [
        KoladaKpi(
            kpi_id=f"N{15000 + n:05d}",
            title=f"{WORDS[n % len(WORDS)].capitalize()} nyckeltal {n}, andel (%)",
            description=f"Beskrivning av nyckeltal {n}. " * 5,
            unit="%",
            operating_area=WORDS[(n // 7) % len(WORDS)],
        )
        for n in range(CATALOGUE_SIZE)
    ]


def _search_url(text: str) -> str:
    return f"{reverse('goals:kolada-search')}?{urllib.parse.urlencode({'q': text})}"


def _client_get(client, url: str, headers: dict[str, str]):
    def fetch() -> None:
        response = client.get(url, **headers)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")

    return fetch


def _interleaved(calls: dict, rounds: int) -> dict:
    """The median milliseconds of each call, the calls taken in turn round after round: on a machine shared with
    other work the load drifts, and the floor and the searches should meet the same drift. The first rounds warm
    up (in gunicorn: both workers) and are not counted."""
    samples: dict = {name: [] for name in calls}
    for round_ in range(WARM_ROUNDS + rounds):
        for name, call in calls.items():
            started = time.perf_counter()
            call()
            if round_ >= WARM_ROUNDS:
                samples[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def _in_process(ctx: Context, controller) -> list[Result]:
    figures: dict[str, float] = {}
    notes: dict[str, list[str]] = {"htmx": [], "page": []}
    try:
        with transaction.atomic(), bench_urls():
            KoladaKpi.objects.bulk_create(catalogue(), batch_size=1000)
            client = client_for(controller)
            calls = {("floor", ""): get_ok(client, reverse("bench-floor-kolada") + "?q=N15428")}
            for kind, headers in (
                ("htmx", {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "kolada-results"}),
                ("page", {}),
            ):
                for text in SEARCHES:
                    calls[(kind, text)] = _client_get(client, _search_url(text), headers)
            times = _interleaved(calls, ctx.repeat * 4)
            figures["floor"] = times.pop(("floor", ""))
            notes["htmx"].append(f"floor: {count_queries(calls[('floor', '')])} queries")
            for (kind, text), ms in times.items():
                notes[kind].append(f"“{text}”: {ms:.1f} ms, {count_queries(calls[(kind, text)])} queries")
            for kind in ("htmx", "page"):
                figures[kind] = max(ms for (k, _text), ms in times.items() if k == kind)
            raise Rollback
    except Rollback:
        pass
    return [
        Result(
            f"8a Kolada search while typing (htmx), in-process ({CATALOGUE_SIZE:,} KPIs)",
            figures["htmx"],
            figures["floor"],
            target=1.5,
            notes=notes["htmx"],
        ),
        Result(
            "8b Kolada search, the whole page, in-process",
            figures["page"],
            figures["floor"],
            notes=notes["page"],
        ),
    ]


def _http_get(port: int, cookie: str, url: str, headers: dict[str, str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", url, headers={"Cookie": cookie, "Host": "127.0.0.1", **headers})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {url}: HTTP {response.status}")
    finally:
        conn.close()


def _over_http(ctx: Context, controller) -> list[Result]:
    present = set(KoladaKpi.objects.values_list("kpi_id", flat=True))
    made = [k for k in catalogue() if k.kpi_id not in present]
    KoladaKpi.objects.bulk_create(made, batch_size=1000)
    server = None
    try:
        if ctx.server_url:
            port = urllib.parse.urlsplit(ctx.server_url).port
        else:
            server, port = _start_server(ctx.workers)
        cookie = f"{settings.SESSION_COOKIE_NAME}={_session_cookie(controller)}"
        floor_url = reverse("bench-floor-kolada", urlconf=BENCH_URLCONF) + "?q=N15428"
        urls = {"floor": (floor_url, {})} | {text: (_search_url(text), HTMX) for text in SEARCHES}
        calls = {
            name: partial(_http_get, port, cookie, url, headers) for name, (url, headers) in urls.items()
        }
        times = _interleaved(calls, ctx.repeat * 4)
        floor = times.pop("floor")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        KoladaKpi.objects.filter(pk__in=[k.pk for k in made]).delete()
    return [
        Result(
            "8c Kolada search while typing (htmx), over HTTP (gunicorn)",
            max(times.values()),
            floor,
            target=1.5,
            notes=[", ".join(f"“{t}”: {ms:.1f} ms" for t, ms in times.items()) + f"; floor {floor:.1f} ms"],
        )
    ]


def run(ctx: Context) -> list[Result]:
    board = largest_board()
    controller = holders(Role.CONTROLLER, pk=board.pk)[0].user
    return _in_process(ctx, controller) + _over_http(ctx, controller)
