"""Report sections in a browser: a unit manager writes a section and marks it ready using the keyboard alone, the
board's controller approves it, and the board secretary sees it approved on the report's overview. axe checks every
page."""

import pytest

from authoring.models import ReportSection
from reporting.models import Report
from tests.authoring.conftest import school_section

pytestmark = pytest.mark.browser

TEXT = "Skola A har under perioden infört läsfrämjande insatser i alla klasser."


def test_a_manager_writes_a_section_the_controller_approves_it_and_the_secretary_sees_it(
    world, journey, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    section = school_section(world)
    report: Report = section.report
    page = journey.page

    journey.log_in("manager")
    page.goto(f"{journey.base_url}/rapportavsnitt/")
    journey.check_page("my-sections")
    page.get_by_role("link", name=section.title).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/rapportavsnitt/avsnitt/{section.code}/")
    journey.check_page("section")
    page.get_by_label("Text", exact=True).focus()
    page.keyboard.type(TEXT)
    page.get_by_role("button", name="Spara och klarmarkera").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Avsnittet är klarmarkerat och väntar på granskning.").is_visible()
    journey.check_page("section-ready")
    section.refresh_from_db()
    assert section.state == ReportSection.State.READY and section.text == TEXT
    page.get_by_role("button", name="Logga ut").click()

    journey.log_in("controller")
    page.goto(f"{journey.base_url}/rapportavsnitt/")
    review = page.get_by_role("region", name="Väntar på min granskning")
    review.get_by_role("link", name=section.title).click()
    journey.check_page("section-review")
    assert page.get_by_role("region", name="Så som rapporten visar det").get_by_text(TEXT).is_visible()
    page.get_by_role("textbox", name="Kommentar").fill("Bra och tydligt.")
    page.get_by_role("button", name="Godkänn").click()
    assert page.get_by_text("Avsnittet är godkänt").is_visible()
    journey.check_page("section-approved")
    section.refresh_from_db()
    assert section.state == ReportSection.State.APPROVED
    page.get_by_role("button", name="Logga ut").click()

    journey.log_in("secretary")
    page.goto(f"{journey.base_url}/rapportavsnitt/rapport/{report.code}/")
    journey.check_page("overview")
    row = page.get_by_role("row").filter(has_text=section.title)
    assert row.get_by_text("Godkänt").is_visible()
