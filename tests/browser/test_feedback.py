"""Feedback and complaints: a citizen sends a complaint about a unit by keyboard alone, the unit's manager answers
it, and the citizen reads the answer from the link in the e-mail. Every page is checked with axe."""

import re

import pytest

from feedback.models import Case

pytestmark = pytest.mark.browser


def _tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement && document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} never got the focus")


def test_a_citizen_complains_by_keyboard_and_reads_the_managers_answer(
    world, journey, mailoutbox, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = journey.page
    # The public site links to the form.
    page.goto(journey.base_url + "/resultat/")
    page.get_by_role("contentinfo").get_by_role("link", name="Synpunkter och klagomål").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Synpunkter och klagomål"
    journey.check_page("form")

    _tab_to(page, "#id_category")
    page.keyboard.press("ArrowDown")  # Synpunkt → Klagomål
    page.keyboard.press("Tab")
    page.keyboard.type("Skola A")
    page.keyboard.press("Tab")
    page.keyboard.type("Maten var kall tre dagar i rad.")
    page.keyboard.press("Tab")
    page.keyboard.type("Medborgare")
    page.keyboard.press("Tab")
    page.keyboard.type("medborgare@example.se")
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/synpunkter/tack/.*"))
    journey.check_page("receipt")
    case = Case.objects.get()
    assert (case.category, case.unit) == ("complaint", world.units["school_a"])
    assert case.number in page.get_by_role("main").inner_text()

    # The unit's manager answers from the inbox.
    page.context.clear_cookies()
    journey.log_in("manager")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Synpunkter").click()
    journey.check_page("inbox")
    page.get_by_role("link", name=case.number).click()
    journey.check_page("case")
    page.get_by_label("Svar till medborgaren").fill("Värmeskåpet var trasigt och är nu lagat.")
    page.get_by_role("button", name="Skicka svaret").click()
    assert "skickades med e-post" in page.get_by_role("status").inner_text()
    journey.check_page("answered")

    # The citizen follows the link in the e-mail.
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/synpunkter/arende/\S+/", mailoutbox[0].body).group(0)
    page.context.clear_cookies()
    page.goto(link)
    assert "Värmeskåpet var trasigt" in page.get_by_role("main").inner_text()
    journey.check_page("citizen-answer")
