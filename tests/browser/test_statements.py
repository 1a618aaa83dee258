"""The financial statements in a real browser: the municipality's finance manager reads the statements of the
year-end, keeps the mapping (a range that overlaps is refused beside the field, with what was typed kept) and
enters the balanskrav adjustments; a manager reads the board's statements. axe and the 320 px reflow on every
page."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from styrmodell.models import Role
from tests.conftest import grant, make_user
from tests.statements.conftest import build_ledger

pytestmark = pytest.mark.browser


@pytest.fixture
def finance_world(world):
    # The live server's database is emptied between tests, the default mapping with it: put it back.
    if not apps.get_model("ledger", "StatementLine").objects.exists():
        import_module("statements.migrations.0002_default_mapping").create_default_mapping(apps, None)
    build_ledger(world)
    user = make_user("finance_controller")
    grant(user, Role.CONTROLLER, world.unit("kf"))
    return world


def test_the_finance_manager_reads_the_statements_and_keeps_the_mapping(journey, finance_world) -> None:
    page = journey.page
    journey.log_in("finance_controller")
    page.goto(journey.base_url + "/bokslut/2026/?period=ye")
    journey.check_page("statements")
    assert page.get_by_role("table", name="Resultaträkning (tkr)").is_visible()
    assert page.get_by_text("Balanskravet är uppfyllt.").is_visible()

    page.get_by_role("link", name="Ändra kopplingen mellan konton och rader").click()
    journey.check_page("mapping")
    page.get_by_role("link", name="Lägg till konton Extraordinära poster").click()
    journey.check_page("range form")
    page.get_by_label("Från konto").fill("3050")
    page.get_by_label("Till konto").fill("3059")
    page.get_by_role("button", name="Spara").click()
    journey.check_page("range refused")
    # The refusal answers 422, which the browser logs as a failed load: expected here, and only here.
    refused = [e for e in journey.console_errors if "422" in e and "/nytt-intervall/" in e]
    assert len(refused) == 1
    journey.console_errors.remove(refused[0])
    error = page.locator("#id_first_error")
    assert "överlappar 3–3" in error.inner_text()
    assert page.get_by_label("Från konto").get_attribute("aria-describedby").find("id_first_error") >= 0
    assert page.get_by_label("Till konto").input_value() == "3059"
    page.get_by_label("Från konto").fill("89")
    page.get_by_label("Till konto").fill("89")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_text("Kontointervallet lades till på ”Extraordinära poster”.").is_visible()

    page.goto(journey.base_url + "/bokslut/2026/balanskrav/")
    journey.check_page("balance requirement form")
    page.get_by_label("samtliga realisationsvinster (kr)").fill("150 000")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_text("Balanskravet är inte uppfyllt.").is_visible()


def test_a_manager_reads_the_boards_statements(journey, finance_world) -> None:
    page = journey.page
    journey.log_in("manager")
    page.goto(journey.base_url + f"/bokslut/2026/namnder/{finance_world.unit('bun').code}/?period=t2")
    journey.check_page("board statements")
    assert page.get_by_role("table", name="Driftredovisning per verksamhet (tkr)").is_visible()
