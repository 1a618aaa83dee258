"""Journeys of politics and control: a board member adopts a goal; an internal-control officer scores a risk."""

import pytest

from goals.models import Goal
from internal_control.models import Risk
from tests.goals.conftest import make_direction, make_goal, make_indicator, make_vision
from tests.internal_control.conftest import make_plan, make_process, make_risk

pytestmark = pytest.mark.browser


def test_a_board_member_adopts_a_goal(world, journey):
    direction = make_direction(make_vision())
    goal = make_goal(world.units["bun"], world.year, direction, title="Fler elever ska läsa med flyt i åk 3")
    make_indicator(goal)
    journey.log_in("board_member")
    page = journey.page
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mål", exact=True).click()
    journey.check_page("goal-tree")
    page.get_by_role("link", name="Fler elever ska läsa med flyt i åk 3").first.click()
    journey.check_page("goal")
    adopt = page.get_by_role("region", name="Anta målet")
    adopt.get_by_label("Beslutsdatum").fill("2026-02-12")
    adopt.get_by_label("Paragraf").fill("§ 14")
    adopt.get_by_role("button", name="Anta").click()
    # The board has not confirmed S, A and R: a second step lists them and asks "Anta ändå".
    journey.check_page("adopt-anyway")
    page.get_by_label("Anta ändå").check()
    page.get_by_role("button", name="Anta", exact=True).click()
    assert page.get_by_role("status").get_by_text("Målet är antaget").is_visible()
    journey.check_page("adopted")
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ADOPTED
    assert str(goal.decision_date) == "2026-02-12"
    assert goal.decision_paragraph == "§ 14"


def test_an_internal_control_officer_scores_a_risk(world, journey):
    plan = make_plan(world.unit("bun"), world.year)
    risk = make_risk(
        plan, make_process(plan), likelihood=2, consequence=2, description="Inköp görs utanför avtal"
    )
    journey.log_in("ic_officer")
    page = journey.page
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Intern kontroll").click()
    journey.check_page("plans")
    page.get_by_role("link", name="Barn- och utbildningsnämnden").first.click()
    journey.check_page("plan")
    page.get_by_role("link", name="Inköp görs utanför avtal").first.click()
    journey.check_page("risk")
    page.get_by_role("link", name="Ändra risk").click()
    journey.check_page("risk-form")
    page.get_by_label("Sannolikhet").select_option(label="4 – Sannolik")
    page.get_by_label("Konsekvens").select_option(label="4 – Allvarlig")
    page.get_by_role("button", name="Spara").click()
    facts = page.locator("dl")
    assert "16" in facts.inner_text()
    journey.check_page("risk-scored")
    risk.refresh_from_db()
    assert (risk.likelihood, risk.consequence, risk.score) == (4, 4, 16)
    assert Risk.history.filter(id=risk.pk).count() >= 2
