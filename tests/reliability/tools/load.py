"""A small HTTP client for load tests: one `Browser` per simulated person (cookies, CSRF, forms), stdlib only.

Only 127.0.0.1 is ever contacted. Every loop that uses it is bounded by a deadline and a request count.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_CSRF_HEADER = re.compile(r'"X-CSRFToken":\s*"([^"]+)"')


@dataclass
class Response:
    status: int
    body: str
    location: str = ""


@dataclass
class Tally:
    """What every simulated person saw, added up across threads."""

    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, what: str, response: Response | None, error: str = "") -> None:
        with self.lock:
            self.requests += 1
            if response is None:
                self.statuses["network-error"] += 1
                if len(self.errors) < 20:
                    self.errors.append(f"{what}: {error}")
                return
            self.statuses[response.status] += 1
            if response.status >= 500 and len(self.errors) < 20:
                self.errors.append(f"{what}: {response.status} {response.body[:300]!r}")

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if isinstance(status, int) and status >= 500)


class Browser:
    """A person's browser: keeps cookies, sends the CSRF token back, follows nothing by itself."""

    def __init__(self, port: int, tally: Tally | None = None, timeout: float = 60) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.tally = tally
        self.csrf = ""
        self._conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(
        self, method: str, path: str, data: dict | None = None, headers: dict | None = None
    ) -> Response:
        assert path.startswith("/"), "only paths on our own loopback server"
        body = urlencode(data, doseq=True) if data is not None else None
        all_headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "sv"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            all_headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        all_headers.update(headers or {})
        try:
            conn = self._connection()
            conn.request(method, path, body=body, headers=all_headers)
            raw = conn.getresponse()
            text = raw.read().decode("utf-8", errors="replace")
            for header in raw.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            if raw.headers.get("Connection", "").lower() == "close" or raw.will_close:
                self.close()
            response = Response(raw.status, text, raw.headers.get("Location", ""))
        except (OSError, http.client.HTTPException) as error:
            self.close()
            if self.tally is not None:
                self.tally.record(f"{method} {path}", None, repr(error))
            raise
        for pattern in (_CSRF_INPUT, _CSRF_HEADER):
            match = pattern.search(response.body)
            if match:
                self.csrf = match.group(1)
                break
        if self.tally is not None:
            self.tally.record(f"{method} {path}", response)
        return response

    def get(self, path: str, **headers: str) -> Response:
        return self.request("GET", path, headers=headers or None)

    def post(self, path: str, data: dict, **headers: str) -> Response:
        """POST a form with the CSRF token of the last page read."""
        return self.request("POST", path, {"csrfmiddlewaretoken": self.csrf, **data}, headers=headers or None)

    def login(self, username: str, password: str) -> None:
        self.get("/logga-in/")
        response = self.post("/logga-in/", {"username": username, "password": password})
        if response.status != 302:
            raise AssertionError(f"login of {username} failed: {response.status}")
        # The CSRF token rotates at login; read it from a page.
        self.get("/")


def form_value(html: str, name: str) -> str | None:
    """The value of an <input name=...> in a page (attribute order as Django renders it)."""
    match = re.search(r'<input[^>]*name="' + re.escape(name) + r'"[^>]*>', html)
    if not match:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def run_for(seconds: float, max_iterations: int, step) -> int:
    """Call step(i) until the deadline or the iteration cap; returns the number of completed steps."""
    deadline = time.monotonic() + seconds
    done = 0
    while done < max_iterations and time.monotonic() < deadline:
        step(done)
        done += 1
    return done


_FORM_TAG = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_CONTROL = re.compile(
    r"<(input|textarea|select)\b([^>]*)>(.*?)(?=<(?:input|textarea|select|/form)\b|$)", re.S | re.I
)
_ATTRIBUTE = re.compile(r'([\w-]+)(?:="([^"]*)")?')
_SELECTED = re.compile(r'<option\b[^>]*value="([^"]*)"[^>]*\bselected\b', re.I)


def form_data(html: str, containing: str, action: str | None = None) -> dict[str, list[str]]:
    """What a browser would submit from the first form on the page that has a field named `containing` (and
    posts to `action`, when given): inputs' values, checked boxes only, textareas' text, selected options."""
    from html import unescape

    for form_attrs, body in _FORM_TAG.findall(html):
        if f'name="{containing}"' not in body:
            continue
        if action is not None and f'action="{action}' not in form_attrs:
            continue
        data: dict[str, list[str]] = {}
        for tag, attrs_text, rest in _CONTROL.findall(body):
            attrs = {k.lower(): unescape(v or "") for k, v in _ATTRIBUTE.findall(attrs_text)}
            name = attrs.get("name")
            kind = attrs.get("type", "text").lower()
            if not name or name == "csrfmiddlewaretoken" or kind in ("submit", "button"):
                continue
            tag = tag.lower()
            if tag == "textarea":
                data.setdefault(name, []).append(unescape(rest.split("</textarea>")[0]).lstrip("\n"))
            elif tag == "select":
                data.setdefault(name, []).extend(unescape(v) for v in _SELECTED.findall(rest))
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    data.setdefault(name, []).append(attrs.get("value", "on"))
            else:
                data.setdefault(name, []).append(attrs.get("value", ""))
        return data
    raise AssertionError(f"no form with a field {containing!r} on the page")
