"""A board member changes an adopted goal: the draft revision beside the adopted version, then the new version
adopted with its decision, by keyboard-reachable controls; axe on every page."""

import pytest

from goals.models import Goal, GoalRevision
from tests.goals.conftest import make_direction, make_goal, make_indicator, make_vision

pytestmark = pytest.mark.browser

OLD = "Andelen med slutbetyg från gymnasieskolan skall vara minst 85 % [2026]"
NEW = "Andelen med slutbetyg från gymnasieskolan skall vara minst 88 % [2026]"


def test_a_board_member_drafts_and_adopts_a_new_version_of_a_goal(world, journey):
    goal = make_goal(
        world.units["bun"],
        world.year,
        make_direction(make_vision()),
        title=OLD,
        status=Goal.Status.ADOPTED,
        smart_specific=True,
        smart_specific_motivation="Gäller gymnasieskolan.",
        smart_accepted=True,
        smart_accepted_motivation="Förankrat med rektorerna.",
        smart_realistic=True,
        smart_realistic_motivation="Nivån nåddes 2024.",
    )
    make_indicator(goal)
    journey.log_in("board_member")
    page = journey.page
    page.goto(f"{journey.base_url}/mal/mal/{goal.code}/")
    journey.check_page("goal")
    page.get_by_role("link", name="Ändra målet (utkast till ändring)").click()
    journey.check_page("goal-form")
    page.locator("#id_title").fill(NEW)
    page.get_by_role("button", name="Läs formuleringen").click()
    assert page.get_by_role("region", name="Vad formuleringen säger").get_by_text("”88 %”").first.is_visible()
    journey.check_page("wording")
    page.get_by_label("Skäl till ändringen").fill("Höjd nivå efter bokslutet")
    page.get_by_role("button", name="Spara").click()

    revision = page.get_by_role("region", name="Utkast till ändring")
    assert revision.get_by_role("table").get_by_text("Ändrad").first.is_visible()
    journey.check_page("side-by-side")
    page.goto(f"{journey.base_url}/resultat/mal/{goal.code}/")
    assert page.get_by_text(OLD).first.is_visible()
    journey.check_page("public-still-adopted")

    page.goto(f"{journey.base_url}/mal/mal/{goal.code}/")
    revision = page.get_by_role("region", name="Utkast till ändring")
    revision.get_by_label("Beslutsdatum").fill("2026-05-20")
    revision.get_by_label("Paragraf").fill("§ 48")
    revision.get_by_role("button", name="Anta den nya versionen").click()
    assert page.get_by_role("status").get_by_text("Den nya versionen av målet är antagen").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == NEW
    journey.check_page("new-version")
    goal.refresh_from_db()
    assert goal.title == NEW and goal.decision_paragraph == "§ 48"
    assert GoalRevision.objects.adopted().get(goal=goal).snapshot["title"] == NEW
    journey.assert_no_console_errors()
