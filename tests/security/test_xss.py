"""A corpus of XSS payloads stored in every free-text field comes back harmless: escaped in pages (shown as the
literal text, nothing that runs), as literal text in PDFs, and as text (not formulas) in Excel files.

Adding a field is one line in FIELDS (the object in the `rich` world, the field, the views that show it); adding a
view is one line in VIEWS.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from tests.conftest import World

from .harmless import PAYLOADS, html_dangers, normalise, pdf_text, xlsx_cells


def resolve(w: World, dotted: str):
    """`"goal.code"`, `"units.school_a"`, `"periods.t2.code"` … on the rich world (units as they are now)."""
    value = w
    for part in dotted.split("."):
        if value is w.units:
            value = w.unit(part)
        elif isinstance(value, dict):
            value = value[part]
        else:
            value = getattr(value, part)
    return value


def r(name: str, *args: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[resolve(w, arg) for arg in args])


# A view: who looks, the URL, and what kind of document it is.
VIEWS: dict[str, tuple[str, Callable[[World], str], str]] = {
    "home": ("manager", r("home"), "page"),
    "unit-list": ("manager", r("unit-list"), "page"),
    "unit": ("manager", r("unit-detail", "units.school_a.code"), "page"),
    # The organisation page shows the tree down to the administrations; a department's page lists its units.
    "department": ("manager", r("unit-detail", "units.schools.code"), "page"),
    "team": ("manager", r("unit-detail", "units.team_a1.code"), "page"),
    "person-list": ("admin", r("person-list"), "page"),
    "person": ("admin", r("person-detail", "users.employee.code"), "page"),
    "goal": ("board_member", r("goals:goal-detail", "goal.code"), "page"),
    "goal-tree": ("board_member", r("goals:goal-tree"), "page"),
    "board": ("board_member", r("goals:board-detail", "units.bun.code"), "page"),
    "visions": ("council", r("goals:vision-list"), "page"),
    "commitment": ("manager", r("commitments:commitment-detail", "commitment.code"), "page"),
    "unit-commitments": ("manager", r("commitments:unit-commitments", "units.school_a.code"), "page"),
    "my-commitments": ("employee", r("commitments:commitment-mine"), "page"),
    "plan": ("ic_officer", r("internal_control:plan-detail", "plan.code"), "page"),
    "risk": ("ic_officer", r("internal_control:risk-detail", "risk.code"), "page"),
    "control": ("ic_officer", r("internal_control:control-detail", "control.code"), "page"),
    "plan-xlsx": ("ic_officer", r("internal_control:plan-export", "plan.code"), "xlsx"),
    "followup-pdf": ("ic_officer", r("internal_control:plan-followup-pdf", "plan.code"), "pdf"),
    "economy": ("controller", r("reporting:economy-detail", "units.bun.code", "year.year"), "page"),
    "report": ("secretary", r("reporting:report-detail", "report.code"), "page"),
    "report-pdf": ("secretary", r("reporting:report-pdf", "report.code"), "pdf"),
    "board-xlsx": ("controller", r("reporting:excel-export", "units.bun.code", "periods.t2.code"), "xlsx"),
}


@dataclass(frozen=True)
class Field:
    obj: str  # dotted path in the rich world
    name: str
    views: tuple[str, ...]


FIELDS: dict[str, Field] = {
    "unit name": Field("units.school_a", "name", ("department", "unit", "team", "home", "unit-commitments")),
    "unit short name": Field("units.bun", "short_name", ("unit-list",)),
    "person name": Field("users.employee", "first_name", ("person-list", "person", "team")),
    "vision title": Field("vision", "title", ("visions",)),
    "direction title": Field("direction", "title", ("goal-tree",)),
    "mission statement": Field("profile", "mission_statement", ("board",)),
    "goal title": Field(
        "goal", "title", ("goal", "goal-tree", "commitment", "report", "report-pdf", "board-xlsx")
    ),
    "goal description": Field("goal", "description", ("goal",)),
    "indicator name": Field("indicator", "name", ("goal", "report-pdf")),
    "outcome comment": Field("outcome", "comment", ("goal",)),
    "assessment analysis": Field("assessment", "analysis", ("goal", "report", "report-pdf")),
    "commitment title": Field("commitment", "title", ("commitment", "unit-commitments", "report-pdf")),
    "commitment description": Field("commitment", "description", ("commitment",)),
    "commitment comment": Field("status_report", "comment", ("commitment", "report-pdf")),
    "employee commitment": Field("personal", "title", ("my-commitments",)),
    "process name": Field("process", "name", ("plan", "plan-xlsx")),
    "risk description": Field("risk", "description", ("risk", "plan", "plan-xlsx", "followup-pdf")),
    "control method": Field("control", "method", ("control", "plan-xlsx")),
    "result findings": Field("result", "findings", ("control", "followup-pdf")),
    "action description": Field("action", "description", ("control",)),
    "economy analysis": Field("economy", "analysis", ("economy", "report-pdf")),
    "report summary": Field("report", "summary", ("report", "report-pdf")),
}


def store(obj: models.Model, field_name: str, payload: str) -> str:
    """Stores the payload, cut to the field's max_length (a cut payload must be harmless too)."""
    max_length = obj._meta.get_field(field_name).max_length
    value = payload[:max_length] if max_length else payload
    setattr(obj, field_name, value)
    obj.save(update_fields=[field_name])
    return value


def shows(text: str, value: str, kind: str) -> bool:
    """The text shows the value literally; lists may cut long texts (`truncatechars`), so the first 30 characters
    are enough. PDF text extraction breaks lines anywhere, so whitespace is ignored there."""
    wanted = normalise(value)[:30]
    if kind == "pdf":
        return re.sub(r"\s", "", wanted) in re.sub(r"\s", "", text)
    return wanted in text


def problems_in(client: Client, url: str, kind: str, values: list[str]) -> list[str]:
    """Everything wrong with how `url` shows the stored values (empty when they are all shown harmlessly)."""
    response = client.get(url)
    if response.status_code != 200:
        return [f"{url}: status {response.status_code}"]
    data = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    problems = []
    if kind == "page":
        dangers, text = html_dangers(data.decode())
        problems += [f"{url}: {danger}" for danger in dangers]
    elif kind == "pdf":
        if not data.startswith(b"%PDF"):
            return [f"{url}: not a PDF"]
        text = pdf_text(data)
    else:
        cells = xlsx_cells(data)
        problems += [f"{url}: formula in {c[0]}" for c in cells if c[2] == "f"]
        problems += [
            f"{url}: {c[0]} starts like a formula: {c[1]!r}"
            for c in cells
            if isinstance(c[1], str) and c[1].startswith(("=", "+", "-", "@"))
        ]
        text = "\n".join(normalise(c[1]) for c in cells if isinstance(c[1], str))
    problems += [
        f"{url}: does not show {value!r} literally" for value in values if not shows(text, value, kind)
    ]
    return problems


# The payloads combined, so one build of the world and the report checks them all: the first starts with a
# formula (a cell must not start with one), the second with markup.
COMBINED = [" ".join(PAYLOADS[6:] + PAYLOADS[:3]), " ".join(PAYLOADS[3:6])]


@pytest.mark.parametrize("payload", COMBINED, ids=["formula-first", "markup-first"])
def test_it_renders_stored_payloads_harmless_everywhere(rich, payload):
    from reporting import services

    values: dict[str, str] = {}
    for key, spec in FIELDS.items():
        obj = resolve(rich, spec.obj)
        obj.refresh_from_db()
        values[key] = store(obj, spec.name, f"{payload} ({key})")
    services.build_report(rich.report.pk)
    clients: dict[str, Client] = {}
    problems: list[str] = []
    for view, (persona, url, kind) in VIEWS.items():
        if persona not in clients:
            clients[persona] = Client()
            clients[persona].force_login(rich.users[persona])
        expected = [values[key] for key, spec in FIELDS.items() if view in spec.views]
        problems += problems_in(clients[persona], url(rich), kind, expected)
    assert not problems, "\n".join(problems)


def test_every_view_shows_some_field():
    shown = {view for spec in FIELDS.values() for view in spec.views}
    assert sorted(set(VIEWS) - shown) == []
    assert sorted(shown - set(VIEWS)) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_check_finds_unescaped_payloads(payload):
    """The page check itself: the same payloads inserted unescaped are caught (or shown as text when harmless)."""
    dangers, text = html_dangers(f"<p>{payload}</p>")
    runs = any(marker in payload for marker in ("<script", "onerror", "onload", 'href="javascript'))
    assert bool(dangers) == runs
