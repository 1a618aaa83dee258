"""Project-wide guarantees: no pending migrations, complete Swedish translation, idempotent demo data."""

from io import StringIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

CATALOGUES = sorted(Path(settings.BASE_DIR).glob("*/locale/sv/LC_MESSAGES/django.po"))


def test_it_has_no_model_changes_without_a_migration(db):
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"Missing migrations:\n{out.getvalue()}") if exit_.code else None


def test_it_has_a_swedish_catalogue_for_every_app():
    apps_with_catalogue = {path.parts[-5] for path in CATALOGUES}
    assert {"styrmodell"} <= apps_with_catalogue
    for app in ("goals", "commitments", "reporting", "internal_control"):
        if any(Path(settings.BASE_DIR, "templates", app).glob("*.html")):
            assert app in apps_with_catalogue, f"{app} has pages but no Swedish catalogue"


@pytest.mark.parametrize("path", CATALOGUES, ids=[p.parts[-5] for p in CATALOGUES])
def test_it_translates_every_string_to_swedish(path):
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale="sv")
    untranslated = [
        message.id
        for message in catalogue
        if message.id
        and (
            message.fuzzy
            or not (all(message.string) if isinstance(message.string, tuple) else message.string)
        )
    ]
    assert untranslated == []


def test_it_loads_the_demo_municipality_twice_without_changing_anything(db):
    call_command("load_demo", stdout=StringIO())
    counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    call_command("load_demo", stdout=StringIO())
    assert {m._meta.label: m._default_manager.count() for m in apps.get_models()} == counts
    assert counts["styrmodell.OrgUnit"] >= 25
    assert counts["styrmodell.RoleGrant"] >= 9
