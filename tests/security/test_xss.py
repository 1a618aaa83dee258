"""A corpus of XSS payloads stored in every free-text field comes back harmless: escaped in pages (shown as the
literal text, nothing that runs), as literal text in PDFs, and as text (not formulas) in Excel files.

Adding a field is one line in CASES: a name and a function that stores the payload and says where it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from tests.conftest import World

from .harmless import PAYLOADS, html_dangers, normalise, pdf_text, xlsx_cells


@dataclass
class Shown:
    """Where a stored text is shown, and to whom."""

    persona: str
    pages: list[str]
    pdfs: list[str] = field(default_factory=list)
    workbooks: list[str] = field(default_factory=list)


def fit(obj: models.Model, field_name: str, payload: str) -> str:
    """The payload cut to the field's max_length (a cut payload must be harmless too)."""
    max_length = obj._meta.get_field(field_name).max_length
    return payload[:max_length] if max_length else payload


def store(obj: models.Model, field_name: str, payload: str) -> str:
    value = fit(obj, field_name, payload)
    setattr(obj, field_name, value)
    obj.save(update_fields=[field_name])
    return value


# --- organisation and people -------------------------------------------------------------------------------


def unit_name(world: World, payload: str) -> tuple[str, Shown]:
    unit = world.unit("school_a")
    value = store(unit, "name", payload)
    pages = [
        reverse("unit-list"),
        reverse("unit-detail", args=[unit.code]),
        reverse("unit-detail", args=[world.units["team_a1"].code]),
        reverse("home"),
    ]
    return value, Shown("manager", pages)


def unit_short_name(world: World, payload: str) -> tuple[str, Shown]:
    unit = world.unit("bun")
    value = store(unit, "short_name", payload)
    return value, Shown("admin", [reverse("unit-list"), reverse("unit-detail", args=[unit.code])])


def person_name(world: World, payload: str) -> tuple[str, Shown]:
    person = world.users["employee"]
    value = store(person, "first_name", payload)
    pages = [
        reverse("person-list"),
        reverse("person-detail", args=[person.code]),
        reverse("unit-detail", args=[world.units["team_a1"].code]),
    ]
    return value, Shown("admin", pages)


CASES: dict[str, Callable[[World, str], tuple[str, Shown]]] = {
    "unit name": unit_name,
    "unit short name": unit_short_name,
    "person name": person_name,
}


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
@pytest.mark.parametrize("case", list(CASES))
def test_it_renders_stored_payloads_harmless(world, case, payload):
    value, shown = CASES[case](world, payload)
    client = Client()
    client.force_login(world.users[shown.persona])
    for url in shown.pages:
        response = client.get(url)
        assert response.status_code == 200, url
        dangers, text = html_dangers(response.content.decode())
        assert dangers == [], url
        assert normalise(value) in text, f"{url} does not show the text literally"
    for url in shown.pdfs:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        data = b"".join(response.streaming_content) if response.streaming else response.content
        assert data.startswith(b"%PDF"), url
        assert normalise(value) in pdf_text(data), f"{url} does not show the text literally"
    for url in shown.workbooks:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        data = b"".join(response.streaming_content) if response.streaming else response.content
        cells = xlsx_cells(data)
        assert [c for c in cells if c[2] == "f"] == [], f"{url} has formulas"
        assert [c for c in cells if isinstance(c[1], str) and c[1].startswith(("=", "+", "-", "@"))] == []
        assert any(isinstance(c[1], str) and normalise(value) in normalise(c[1]) for c in cells), url
