"""A small same-site crawler over the Django test client, and a fingerprint of the whole database.

Used to show that following links (GET) never changes state, and that no reachable page fails.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve


class LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def links_in(html: str) -> list[str]:
    parser = LinkParser()
    parser.feed(html)
    return parser.links


# Sessions are written by logging in, before the crawl; nothing else may differ.
IGNORED_TABLES = {"django_session"}
WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER)\b", re.IGNORECASE)

SKIP_PREFIXES = (
    "/" + settings.STATIC_URL.lstrip("/"),
    "/" + settings.MEDIA_URL.lstrip("/"),
    "/django-admin/",
)


def same_site_path(base: str, href: str) -> str | None:
    """The path (with query) of a same-site link, or None for anything else."""
    if href.startswith(("mailto:", "tel:", "javascript:", "#", "data:")):
        return None
    url = urlsplit(urljoin(base, href))
    if url.scheme not in ("", "http") or url.netloc not in ("", "testserver"):
        return None
    if url.path.startswith(SKIP_PREFIXES):
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def route_of(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return "<unresolved>"
    return match.view_name


@dataclass
class CrawlResult:
    visited: dict[str, int] = field(default_factory=dict)  # path -> status
    writes: list[str] = field(default_factory=list)  # "GET <path>: <SQL>" for every write a GET caused
    found_on: dict[str, str] = field(default_factory=dict)  # path -> the page that linked to it
    # path -> the HTML page (only when the crawl keeps them)
    html: dict[str, str] = field(default_factory=dict)

    def with_status(self, predicate) -> list[str]:
        return [
            f"{status} {path} (linked from {self.found_on.get(path)})"
            for path, status in self.visited.items()
            if predicate(status)
        ]

    @property
    def routes(self) -> set[str]:
        return {route_of(path) for path in self.visited}


# Routes that build a file on every request (PDF, Excel): one visit each is enough and they are slow.
DOWNLOAD_ROUTE = re.compile(r"pdf|xlsx|excel|export|download|ladda", re.IGNORECASE)


def crawl(
    client: Client, start: str = "/", max_pages: int = 400, per_route: int = 2, keep_html: bool = False
) -> CrawlResult:
    """Breadth-first over same-site links, GET only. At most `per_route` distinct URLs per route (so a list of
    500 goals costs two visits, not 500; downloads one) and `max_pages` in all. With `keep_html` the result
    holds every HTML page it read (`html`)."""
    result = CrawlResult()
    queue: deque[str] = deque([start])
    seen = {start}
    per_route_count: Counter[str] = Counter()
    while queue and len(result.visited) < max_pages:
        path = queue.popleft()
        route = route_of(path)
        if per_route_count[route] >= (1 if DOWNLOAD_ROUTE.search(route) else per_route):
            continue
        per_route_count[route] += 1
        # The connection's query log keeps at most 9,000 queries over the whole test and warns when it is full;
        # each visit reads only its own, so the log starts empty for each.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        result.visited[path] = response.status_code
        result.writes += [
            f"GET {path}: {q['sql'][:160]}"
            for q in queries.captured_queries
            if WRITE.match(q["sql"]) and not any(t in q["sql"] for t in IGNORED_TABLES)
        ]
        targets: list[str] = []
        if response.status_code in (301, 302, 303, 307, 308):
            targets = [response["Location"]]
        elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            page = response.content.decode()
            targets = links_in(page)
            if keep_html:
                result.html[path] = page
        if response.streaming:
            # Reading a download to the end closes its file (the test client closes it then; calling
            # response.close() here would also close the test's database connection).
            b"".join(response.streaming_content)
        for href in targets:
            target = same_site_path(path, href)
            if target and target not in seen:
                seen.add(target)
                result.found_on[target] = path
                queue.append(target)
    return result


def database_fingerprint() -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row, per table."""
    fingerprint = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in IGNORED_TABLES:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from the schema)
            rows = sorted(repr(row) for row in cursor.fetchall())
            fingerprint[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return fingerprint


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(
        f"{table}: {before.get(table, (0,))[0]} -> {after.get(table, (0,))[0]} rows"
        for table in set(before) | set(after)
        if before.get(table) != after.get(table)
    )
