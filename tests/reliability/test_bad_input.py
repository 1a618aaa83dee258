"""Bad input into every form: property-based (hypothesis). The forms are found, not listed: the administrator
of the demo municipality follows every link from the start page and every POST form on those pages is filled
with wrong types, huge values, empty and very long texts, odd Unicode and impossible dates. Whatever is sent,
the answer is never a server error; a refusal names the problem in Swedish and writes nothing.

HYPOTHESIS_EXAMPLES sets the examples per form (`./dev soak` raises it)."""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from html import unescape

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from styrmodell.models import User

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "8"))
MAX_PAGES = 80
PAGES_PER_SHAPE = 1
# Who fills in the forms: each role sees forms the others do not.
PERSONAS = ["admin", "bun-sekreterare", "bun-ekonom", "bun-ik", "chef-aspen", "medarbetare-aspen"]

WEIRD = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "\ufeff",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̼͚",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 👩‍👩‍👧",
    "ﷺ",
    "Åsa Ölund-Ärlig",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    '=HYPERLINK("x")',
    "9" * 400,
    "-1",
    "0",
    "1e309",
    "NaN",
    "Infinity",
    "0x10",
    "12,5",
    "99999999999999999999999999999999",
    "-99999999999999999999999999999999",
    "2026-02-30",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "31/12/2026",
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
]
ENGLISH = re.compile(r"\b(the|must|Enter|Select|This field|required|valid|Ensure|cannot|should)\b")
ERROR_MARKERS = ('class="error"', "form-errors", 'role="alert"', "errorlist", "has-error")
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')
_FIELD = re.compile(
    r"<(input|select|textarea)\b([^>]*)>(.*?)(?=<(?:input|select|textarea|/form)\b|$)", re.S | re.I
)
_OPTION = re.compile(r'<option[^>]*value="([^"]*)"', re.I)
_ERROR_TEXT = re.compile(r'<p class="error"[^>]*>(.*?)</p>|<div class="form-errors"[^>]*>(.*?)</div>', re.S)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Forms that end the session or are served by others' tests of their own (login throttling locks accounts).
SKIP_ACTIONS = ("/logga-ut/", "/logga-in/", "/django-admin/")
SKIP_PAGES = ("/logga-ut/", "/django-admin/", "/static/", "/media/")


@dataclass
class Field:
    name: str
    kind: str
    options: list[str] = field(default_factory=list)


@dataclass
class FoundForm:
    action: str
    fields: list[Field]
    page: str
    username: str = ""


def shape_of(path: str) -> str:
    return re.sub(r"/\d+/", "/<n>/", _UUID.sub("<code>", path))


def _attrs(text: str) -> dict[str, str]:
    return {k.lower(): unescape(v) for k, v in _ATTR.findall(text)}


def find_forms(client: Client, forms: dict | None = None, username: str = "") -> dict[tuple, FoundForm]:
    """Every distinct POST form on the pages reachable from the start page (one per URL shape), added to
    `forms`."""
    forms = {} if forms is None else forms
    seen_pages: set[str] = set()
    shapes: Counter = Counter()
    queue = ["/"]
    while queue and len(seen_pages) < MAX_PAGES:
        path = unescape(queue.pop(0))
        if path in seen_pages or path.startswith(SKIP_PAGES) or "ladda-ned" in path or ".xlsx" in path:
            continue
        # Two pages of each kind are enough (every unit's page has the same forms).
        shape = shape_of(path)
        if shapes[shape] >= PAGES_PER_SHAPE:
            continue
        shapes[shape] += 1
        seen_pages.add(path)
        response = client.get(path)
        response.close()
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        queue.extend(link for link in re.findall(r'href="(/[^"#]*)"', html) if link not in seen_pages)
        for form_attrs, body in _FORM.findall(html):
            attrs = _attrs(form_attrs)
            if attrs.get("method", "get").lower() != "post":
                continue
            action = attrs.get("action") or path
            if action.startswith(SKIP_ACTIONS) or not action.startswith("/"):
                continue
            fields = []
            for tag, tag_attrs, rest in _FIELD.findall(body):
                a = _attrs(tag_attrs)
                name = a.get("name")
                if not name or name == "csrfmiddlewaretoken":
                    continue
                kind = tag.lower() if tag.lower() != "input" else a.get("type", "text").lower()
                if kind == "text" and a.get("tabindex") == "-1":
                    kind = "honeypot"  # a field people cannot see or reach; robots fill it in
                if kind in ("submit", "button", "reset", "image"):
                    continue
                options = (
                    _OPTION.findall(rest) if kind == "select" else ([a["value"]] if "value" in a else [])
                )
                fields.append(Field(name, kind, options))
            key = (shape_of(action.split("?")[0]), tuple(sorted(f.name for f in fields)))
            forms.setdefault(key, FoundForm(action, fields, path, username))
    return forms


weird = st.one_of(
    st.sampled_from(WEIRD),
    st.text(max_size=40),
    st.builds(
        lambda char, n: char * n, st.characters(exclude_categories=("Cs",)), st.integers(1000, 120_000)
    ),
    st.integers(-(10**40), 10**40).map(str),
    st.dates().map(lambda d: d.isoformat()),
)


def field_value(f: Field):
    if f.kind == "file":
        return st.binary(max_size=2000).map(lambda data: SimpleUploadedFile("fil.xlsx", data))
    choices = [st.sampled_from(f.options)] if f.options else []
    values = st.one_of(*choices, weird) if choices else weird
    # A field sent twice or left out, as a hand-made request can.
    return st.one_of(values, values.map(lambda v: [v, v]), st.none())


def form_data(found: FoundForm):
    return st.fixed_dictionaries({f.name: field_value(f) for f in found.fields}).map(
        lambda data: {k: v for k, v in data.items() if v is not None}
    )


def row_counts() -> tuple[int, ...]:
    """The row count of every table (one query), sessions aside: any write of a rejected form shows here,
    changes too, since every audited model writes a history row."""
    tables = sorted(
        {
            m._meta.db_table
            for m in apps.get_models()
            if m._meta.managed and m._meta.db_table != "django_session"
        }
    )
    sql = "SELECT " + ", ".join(f'(SELECT COUNT(*) FROM "{t}")' for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def error_texts(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", " ", unescape(a or b)).strip() for a, b in _ERROR_TEXT.findall(html)]


@pytest.fixture
def demo(db, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    # The whole test is one transaction on one connection: it must not be recycled half-way (CONN_MAX_AGE,
    # CONN_HEALTH_CHECKS are for the server's requests, not for a test's).
    connection.ensure_connection()
    connection.close_at = None
    connection.health_check_enabled = False
    call_command("load_demo", stdout=io.StringIO())


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


STATUSES: Counter = Counter()


def tampered(found: FoundForm, data: dict) -> bool:
    """Whether a hidden field was sent with another value than the page gave it, or a honeypot was filled in
    (the form then answers as if all went well and saves nothing, so the robot learns nothing)."""
    return any(
        (f.kind == "hidden" and data.get(f.name) != (f.options[0] if f.options else None))
        or (f.kind == "honeypot" and data.get(f.name))
        for f in found.fields
    )


def check_form(client: Client, found: FoundForm):
    """A hypothesis test posting bad input to one form."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        # No shrinking: a failing example is reported as found, so a failure costs no extra minutes.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=form_data(found))
    def post_bad_input(data: dict) -> None:
        with transaction.atomic():
            before = row_counts()
            response = client.post(found.action, data)
            status = response.status_code
            STATUSES[(found.action, status)] += 1
            assert status < 500, f"{found.action} answered {status} to {data!r}"
            # An empty POST leaves a Django form unbound (`request.POST or None`): the form is shown again.
            if status in (200, 400, 422) and data:
                html = response.content.decode()
                assert row_counts() == before, f"{found.action} refused {data!r} but wrote something"
                if tampered(found, data):
                    # A hidden field nobody types in was changed by hand: refusing is enough.
                    transaction.set_rollback(True)
                    return
                assert any(marker in html for marker in ERROR_MARKERS), (
                    f"{found.action} refused {data!r} without saying why"
                )
                english = [t for t in error_texts(html) if ENGLISH.search(t)]
                assert not english, f"{found.action}: messages not in Swedish: {english}"
            transaction.set_rollback(True)

    return post_bad_input


def test_it_never_fails_on_bad_input_to_any_form(demo) -> None:
    forms: dict[tuple, FoundForm] = {}
    clients = {username: client_for(username) for username in PERSONAS}
    for username, client in clients.items():
        find_forms(client, forms, username)
    assert len(forms) >= 15, [f.action for f in forms.values()]
    problems: list[str] = []
    for found in forms.values():
        try:
            check_form(clients[found.username], found)()
        except Exception as error:  # every form is tried; all problems are reported together
            problems.append(
                f"{found.action} (form on {found.page} as {found.username}): {type(error).__name__}: "
                f"{str(error)[:600]}"
            )
    print("\n".join(f"{action} {status}: {n}" for (action, status), n in sorted(STATUSES.items())))
    assert not problems, "\n".join(problems)
