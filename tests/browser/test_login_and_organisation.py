"""Journeys through login and the organisation tree, by mouse and by keyboard."""

import pytest

pytestmark = pytest.mark.browser


def test_it_logs_in_through_the_form_to_the_start_page(world, journey):
    journey.log_in("manager")
    page = journey.page
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.get_by_text("Skola A").first.is_visible()
    journey.check_page("start")
    page.get_by_role("link", name="Tillgänglighetsredogörelse").click()
    assert page.get_by_role("heading", name="Tillgänglighetsredogörelse").is_visible()
    journey.check_page("accessibility")


def test_it_tells_a_wrong_password_in_swedish(world, journey):
    journey.open_start_page()
    page = journey.page
    page.get_by_label("Användarnamn").fill("manager")
    page.get_by_label("Lösenord").fill("wrong")
    page.get_by_role("button", name="Logga in").click()
    assert page.get_by_role("alert").is_visible()
    journey.check_page("login-error")


def test_an_admin_moves_a_unit_in_the_tree(world, journey):
    journey.log_in("admin")
    page = journey.page
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Organisation").click()
    journey.check_page("organisation")
    # The tree shows the administrations; each unit's page lists the units below it.
    page.get_by_role("link", name="Barn- och utbildningsförvaltningen (BUF)").click()
    for name in ("Skolavdelningen", "Skola A", "Lag A1"):
        page.get_by_role("region", name="Enheter under").get_by_role("link", name=name).click()
    journey.check_page("unit")
    page.get_by_role("link", name="Flytta").click()
    journey.check_page("move")
    target = page.get_by_label("Ny överordnad enhet")
    target.select_option(label=target.locator("option", has_text="Skola B").inner_text().strip())
    page.get_by_role("button", name="Flytta").click()
    assert page.get_by_role("status").get_by_text("Skola B").is_visible()
    journey.check_page("moved")
    # Skola B's page now lists Lag A1 below it.
    page.goto(journey.base_url + f"/organisation/{world.unit('school_b').code}/")
    assert page.get_by_role("region", name="Enheter under").get_by_role("link", name="Lag A1").is_visible()
    assert world.unit("team_a1").path[:-4] == world.unit("school_b").path


def test_it_moves_a_unit_by_keyboard_alone(world, journey):
    """Tab, Enter and the arrow keys only: skip link, menu, tree, form and submit."""
    page = journey.page
    journey.open_start_page()
    # The username field has focus when the login page opens.
    assert page.evaluate("document.activeElement.id") == "id_username"
    page.keyboard.type("admin")
    page.keyboard.press("Tab")
    page.keyboard.type("test-password-1")
    page.keyboard.press("Enter")
    page.wait_for_url(journey.base_url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"

    def tab_to(name: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            text = page.evaluate(
                "(document.activeElement.innerText || document.activeElement.value || '').trim()"
            )
            if text == name:
                return
        raise AssertionError(f"could not reach {name!r} with Tab")

    tab_to("Organisation")
    page.keyboard.press("Enter")
    page.wait_for_url("**/organisation/")
    # Down the tree from unit page to unit page (each lists the units below it).
    for name in ("Barn- och utbildningsförvaltningen (BUF)", "Skolavdelningen", "Skola A", "Lag A1"):
        tab_to(name)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    tab_to("Flytta")
    page.keyboard.press("Enter")
    page.wait_for_url("**/flytta/")
    journey.check_page("move-keyboard")
    # The select is the first field: focus it, choose Skola B with the arrow keys, submit with Enter.
    tab_to_select = page.get_by_label("Ny överordnad enhet")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SELECT":
            break
    assert tab_to_select.evaluate("el => el === document.activeElement")
    for _ in range(20):
        if "Skola B" in tab_to_select.evaluate("el => el.options[el.selectedIndex].text"):
            break
        page.keyboard.press("ArrowDown")
    tab_to("Flytta")
    page.keyboard.press("Enter")
    page.wait_for_url("**/organisation/*/")
    assert world.unit("team_a1").path[:-4] == world.unit("school_b").path
