"""A citizen's walk through the public results site in headless Chromium, with axe-core (WCAG 2.1 AA) on every
page. The browser fixtures come from tests/browser (imported in conftest.py)."""

from __future__ import annotations

import pytest

from .conftest import make_report

pytestmark = pytest.mark.browser


def test_a_citizen_reads_goals_results_reports_and_open_data(site, world, journey):
    archived = make_report(world, site.t1).archived
    page = journey.page
    page.goto(journey.base_url + "/logga-in/")
    page.get_by_role("link", name="Inte medarbetare? Se kommunens mål och resultat").click()
    assert page.get_by_role("heading", level=1).count() == 1
    journey.check_page("public-home")

    menu = page.get_by_role("navigation", name="Resultatmeny")
    menu.get_by_role("link", name="Mål och resultat").click()
    journey.check_page("public-goals")
    assert page.get_by_text("Utkast som aldrig visas").count() == 0
    page.get_by_label("Nämnd", exact=True).select_option(label="Barn- och utbildningsnämnden")
    page.get_by_role("button", name="Visa").click()
    journey.check_page("public-goals-filtered")

    page.get_by_role("link", name=site.adopted.title).click()
    # is_visible() does not wait for the page the click opens; wait_for() does (and fails if it never comes).
    page.get_by_role("heading", level=1, name=site.adopted.title).wait_for(state="visible")
    assert page.get_by_text("Källa: Kolada").first.is_visible()
    journey.check_page("public-goal")

    menu.get_by_role("link", name="Rapporter").click()
    journey.check_page("public-reports")
    page.locator(f'a[href="/resultat/rapporter/{archived.code}/"]').first.click()
    assert str(archived.pdf_sha256) in page.content()
    journey.check_page("public-report")

    menu.get_by_role("link", name="Öppna data").click()
    journey.check_page("public-open-data")
    page.get_by_role("link", name="Tillgänglighetsredogörelse").click()
    journey.check_page("accessibility")


def test_a_keyboard_user_skips_to_the_content(site, journey):
    page = journey.page
    page.goto(journey.base_url + "/resultat/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
