"""The budget process in a browser: a board secretary files a request, a member of the executive board decides it
in the budget preparation, and the budget and strategy plan is adopted. axe checks every page."""

from decimal import Decimal

import pytest

from budget.models import ArchivedPlan, BudgetRequest, StrategyPlan
from tests.budget.conftest import budget_world, make_directive  # noqa: F401 - the fixture is used by name

pytestmark = pytest.mark.browser


def test_a_request_is_filed_decided_and_the_plan_adopted(budget_world, journey):  # noqa: F811
    w = budget_world
    make_directive(w)
    page = journey.page

    journey.log_in("secretary")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Budget", exact=True).click()
    journey.check_page("budget-year")
    page.get_by_role("link", name="Barn- och utbildningsnämnden").click()
    journey.check_page("board")
    page.get_by_role("link", name="Nytt äskande").click()
    journey.check_page("request-form")
    page.get_by_label("Rubrik").fill("Fler speciallärare")
    page.get_by_label("Äskat belopp (tkr)").fill("2 400")
    page.get_by_label("Motivering").fill("Fler elever behöver särskilt stöd.")
    page.get_by_role("button", name="Spara som utkast").click()
    journey.check_page("request-draft")
    page.get_by_role("button", name="Lämna in till budgetberedningen").click()
    assert page.get_by_role("status").get_by_text("Äskandet lämnades in").is_visible()
    journey.check_page("request-submitted")
    request = BudgetRequest.objects.get(title="Fler speciallärare")
    assert request.is_submitted and request.amount == Decimal("2400")

    page.get_by_role("button", name="Logga ut").click()
    journey.log_in("ks_member")
    page.get_by_role("link", name="Budgetberedning").first.click()
    journey.check_page("preparation")
    page.get_by_role("link", name="Besluta Fler speciallärare").click()
    journey.check_page("decision-form")
    page.get_by_label("Delvis beviljat").check()
    page.get_by_label("Beviljat belopp (tkr)").fill("1200")
    page.get_by_label("Kommentar till beslutet").fill("Två tjänster i år.")
    page.get_by_role("button", name="Spara beslutet").click()
    journey.check_page("preparation-decided")
    request.refresh_from_db()
    assert request.decision == BudgetRequest.Decision.PARTLY and request.approved_amount == Decimal("1200")

    page.get_by_role("main").get_by_role("link", name="Budget- och strategiplan").click()
    page.get_by_role("button", name="Upprätta planen").click()
    journey.check_page("plan-draft")
    page.get_by_role("link", name="Anta planen").click()
    journey.check_page("plan-adopt")
    page.get_by_label("Beslutsdatum").fill("2026-06-12")
    page.get_by_label("Paragraf").fill("§ 61")
    page.get_by_role("button", name="Anta och arkivera").click()
    assert page.get_by_role("status").get_by_text("Planen är antagen och arkiverad").is_visible()
    journey.check_page("plan-adopted")
    plan = StrategyPlan.objects.get(year=w.year)
    assert plan.is_adopted
    assert ArchivedPlan.objects.get(plan=plan).verify()
    assert page.get_by_role("link", name="Planen som PDF").is_visible()
