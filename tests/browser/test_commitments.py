"""Journeys of operations: an employee reports a commitment from the start page; a manager finds who has not
reported."""

import pytest

from commitments.models import Status, StatusReport
from styrmodell.models import Period
from tests.commitments.conftest import make_commitment, make_employee_commitment, make_goal

pytestmark = pytest.mark.browser


@pytest.fixture
def commitments(world):
    goal = make_goal(world.units["bun"], world.year)
    unit_c = make_commitment(
        world.units["school_a"], world.year, responsible=world.users["manager"], goals=[goal]
    )
    personal = make_employee_commitment(unit_c, world.users["employee"], "Läsgrupper i åk 2")
    return unit_c, personal


def test_an_employee_reports_the_status_of_a_commitment_from_the_start_page(world, commitments, journey):
    _unit_c, personal = commitments
    period = Period.current()
    journey.log_in("employee")
    page = journey.page
    journey.check_page("start")
    page.get_by_role("link", name="Rapportera mina åtaganden").click()
    journey.check_page("my-commitments")
    card = page.locator("article").filter(has_text="Läsgrupper i åk 2")
    card.get_by_label("Status").select_option(label="I riskzonen")
    card.get_by_label("Kommentar").fill("Två lärare är sjukskrivna.")
    card.get_by_role("button", name="Spara rapporten").click()
    saved = page.locator("article").filter(has_text="Läsgrupper i åk 2").get_by_role("status")
    assert saved.inner_text() == "Din rapport sparades."
    journey.check_page("reported")
    report = StatusReport.objects.get(commitment=personal, period=period)
    assert report.status == Status.AT_RISK
    assert report.comment == "Två lärare är sjukskrivna."
    assert report.reported_by == world.users["employee"]


def test_a_manager_finds_who_has_not_reported(world, commitments, journey):
    unit_c, personal = commitments
    journey.log_in("manager")
    page = journey.page
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mina åtaganden").click()
    journey.check_page("my-commitments")
    page.get_by_role("link", name="Åtaganden i Skola A och allt under den").click()
    journey.check_page("unit-commitments")
    missing = page.get_by_role("region", name="Ej rapporterat för")
    assert missing.get_by_role("link", name="Läsgrupper i åk 2").is_visible()
    assert (
        missing.get_by_role("row")
        .filter(has_text="Läsgrupper i åk 2")
        .get_by_text("Employee Test")
        .is_visible()
    )
    missing.get_by_role("link", name="Läsgrupper i åk 2").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Läsgrupper i åk 2")
    journey.check_page("commitment")


def test_a_manager_pages_through_a_long_unit_view_with_the_keyboard(world, commitments, journey):
    unit_c, _personal = commitments
    for n in range(60):
        make_commitment(
            world.units["school_a"], world.year, f"Insats {n:02d}", responsible=world.users["manager"]
        )
    journey.log_in("manager")
    page = journey.page
    page.goto(f"{journey.base_url}/ataganden/enhet/{world.units['school_a'].code}/")
    pager = page.get_by_role("navigation", name="Sidor med åtaganden")
    assert "Visar 1–50 av 62" in pager.inner_text()
    journey.check_page("unit-commitments-paged")
    next_link = pager.get_by_role("link", name="Nästa sida")
    next_link.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    pager = page.get_by_role("navigation", name="Sidor med åtaganden")
    assert "Visar 51–62 av 62" in pager.inner_text()
    assert "Sida 2 av 2" in pager.inner_text()
    assert pager.get_by_role("link", name="Föregående sida").is_visible()
    journey.check_page("unit-commitments-page-2")
