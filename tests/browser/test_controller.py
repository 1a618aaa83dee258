"""Goals and commitments as a controller meets them (issue 19), in a real browser: a controller finds a Kolada key
figure by typing part of its name, links it and sees the municipality beside its comparison group; 405 000 % is
refused beside the field with nothing saved; a commitment copied down has a responsible person on every copy; a
manager writes the unit's T2 analysis and the board's interim report carries it; a BUN member reads SN's adopted
goals while SN's drafts answer 404.

Kolada answers from the recorded files of tests/goals/fixtures (the live server runs in this process, so the
stand-in for the HTTP GET reaches it); nothing goes to the network."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from commitments.models import Commitment, UnitAnalysis
from goals import kolada
from goals.models import Goal, IndicatorKind, IndicatorOutcome, KoladaComparison
from reporting import tasks
from reporting.models import Report
from styrmodell.jobs import run_job
from styrmodell.models import Role
from tests.commitments.conftest import make_commitment
from tests.conftest import grant, make_user, make_year
from tests.goals.conftest import make_direction, make_goal, make_indicator, make_vision
from tests.goals.test_kolada import ALL_PAGES, CATALOGUE, recorded

pytestmark = pytest.mark.browser


def main_menu(page):
    return page.get_by_role("navigation", name="Huvudmeny")


def press_enter_on(journey, locator) -> None:
    """Reach a control by keyboard focus and activate it with Enter, as a keyboard user does; it leads to a page."""
    locator.focus()
    with journey.page.expect_navigation():
        journey.page.keyboard.press("Enter")
    journey.page.wait_for_load_state("load")


# --- Kolada ------------------------------------------------------------------------------------------------------


@pytest.fixture
def kolada_goal(world, settings, monkeypatch):
    """A BUN goal with an indicator not yet linked to Kolada, the closed years Kolada has figures for, and Kolada's
    catalogue cached (fetched once from the recorded answer)."""
    settings.KOLADA_BASE_URL = "https://api.kolada.se/v3"
    settings.KOLADA_MUNICIPALITY_ID = "2583"
    settings.KOLADA_COMPARISON_GROUP = "Liknande kommuner"
    make_year(2024, closed_kinds=("t1", "t2", "ye"))
    make_year(2025, closed_kinds=("t1", "t2", "ye"))
    goal = make_goal(
        world.units["bun"],
        world.year,
        make_direction(make_vision()),
        title="Fler gymnasieelever ska ta examen",
    )
    indicator = make_indicator(goal, name="Examen inom fyra år", unit="%", kind=IndicatorKind.SHARE)
    monkeypatch.setattr(kolada, "_open", recorded({CATALOGUE: "kolada_kpi_catalogue.json"}))
    kolada.refresh_catalogue()
    monkeypatch.setattr(kolada, "_open", recorded(ALL_PAGES))
    return goal, indicator


def test_a_controller_finds_a_kolada_kpi_by_name_links_it_and_sees_the_comparison_group(
    world, kolada_goal, journey
):
    goal, indicator = kolada_goal
    journey.log_in("controller")
    page = journey.page
    main_menu(page).get_by_role("link", name="Mål", exact=True).click()
    journey.check_page("goal-tree")
    page.get_by_role("link", name="Fler gymnasieelever ska ta examen").first.click()
    journey.check_page("goal")
    page.get_by_role("link", name="Sök i Kolada Examen inom fyra år").click()
    journey.check_page("kolada-search")

    # Typing part of the name in the search field: the results arrive while typing (no button pressed), and the
    # page's status region (a polite live region) says how many matched.
    search = page.get_by_label("Sök bland Koladas nyckeltal")
    search.focus()
    page.keyboard.type("examen inom")
    page.get_by_role("status").filter(has_text="1 nyckeltal matchar").wait_for()
    results = page.locator("#kolada-results")
    assert "N17461" in results.inner_text()
    assert "N15428" not in results.inner_text() and "N00002" not in results.inner_text()
    journey.check_page("kolada-results")

    press_enter_on(journey, results.get_by_role("button", name="Koppla till indikatorn N17461"))
    assert page.get_by_role("status").get_by_text("är kopplad till Koladas N17461").is_visible()
    journey.check_page("linked")
    indicator.refresh_from_db()
    assert indicator.kolada_kpi == "N17461"

    press_enter_on(journey, page.get_by_role("button", name="Hämta utfall från Kolada"))
    assert page.get_by_role("status").get_by_text("2 nya och 0 ändrade utfall").is_visible()
    journey.check_page("kolada-fetched")
    # The municipality's own outcomes beside the comparison group's and the country's, as a table and a chart.
    trend = page.get_by_role("table", name=re.compile("Examen inom fyra år")).first
    assert trend.is_visible()
    comparison = page.get_by_role("table", name="Examen inom fyra år jämfört med andra kommuner (Kolada)")
    group_row = comparison.get_by_role("row").filter(has_text="Liknande kommuner gymnasieskola, Haparanda")
    assert "2025: 77" in group_row.inner_text()
    assert "2025: 80,1" in comparison.get_by_role("row").filter(has_text="Riket").inner_text()
    chart = page.locator(".chart-figure svg").first
    assert "Liknande kommuner gymnasieskola, Haparanda" in chart.inner_html()
    assert chart.locator("polyline").count() >= 3
    assert KoladaComparison.objects.filter(kpi_id="N17461").count() == 4


def test_a_share_of_405_000_is_refused_beside_the_field_with_nothing_saved(world, journey):
    goal = make_goal(world.units["bun"], world.year, make_direction(make_vision()), title="Fler elever läser")
    make_indicator(goal, name="Andel som läser varje dag", unit="%", kind=IndicatorKind.SHARE)
    journey.log_in("controller")
    page = journey.page
    main_menu(page).get_by_role("link", name="Mål", exact=True).click()
    page.get_by_role("link", name="Fler elever läser").first.click()
    page.get_by_role("link", name="Ange utfall").click()
    journey.check_page("outcome-form")
    page.get_by_label("Period").select_option(label="Delår 2026")
    value = page.get_by_role("textbox", name=re.compile("^Utfall"))
    value.fill("405 000")
    with page.expect_navigation():
        value.press("Enter")  # submits the form, as a keyboard user does
    value = page.get_by_role("textbox", name=re.compile("^Utfall"))
    error_id = value.get_attribute("aria-describedby")
    assert error_id
    described = " ".join(page.locator(f"#{i}").inner_text() for i in error_id.split())
    assert "inte möjligt" in described and "mellan 0 och 100" in described
    assert value.input_value() == "405 000"  # what was typed is kept
    journey.check_page("outcome-refused")
    assert not IndicatorOutcome.objects.exists()


# --- commitments ---------------------------------------------------------------------------------------------------


@pytest.fixture
def department(world):
    """The head of Skolavdelningen with a commitment there; Skola A has its manager, Skola B and Lag A1 get theirs."""
    people = {
        "dept_manager": ("schools", "Avdelningschef"),
        "manager_b": ("school_b", "Rektor B"),
        "team_lead": ("team_a1", "Arbetslagsledare"),
    }
    for username, (unit_key, first_name) in people.items():
        world.users[username] = user = make_user(username, first_name=first_name, last_name="Skolan")
        grant(user, Role.MANAGER, world.units[unit_key])
    world.dept_c = make_commitment(
        world.units["schools"], world.year, "Trygg skolväg", responsible=world.users["dept_manager"]
    )
    return world


def test_a_manager_copies_a_commitment_down_and_every_copy_has_its_units_manager(department, journey):
    w = department
    journey.log_in("dept_manager")
    page = journey.page
    main_menu(page).get_by_role("link", name="Mina åtaganden").click()
    journey.check_page("my-commitments")
    page.get_by_role("link", name="Trygg skolväg").first.click()
    journey.check_page("commitment")
    page.get_by_role("link", name="Kopiera till alla enheter under").click()
    journey.check_page("copy-down")
    # Each sub-unit's own manager is proposed for its copy.
    assert page.get_by_label("Skola A").input_value() == str(w.users["manager"].pk)
    assert page.get_by_label("Skola B").input_value() == str(w.users["manager_b"].pk)
    assert page.get_by_label("Lag A1").input_value() == str(w.users["team_lead"].pk)
    press_enter_on(journey, page.get_by_role("button", name="Kopiera"))
    assert page.get_by_role("status").get_by_text("3 enheter").is_visible()
    assert page.get_by_text("Ingen är ansvarig").count() == 0
    journey.check_page("copied")
    copies = {c.unit.name: c.responsible for c in Commitment.objects.filter(copied_from=w.dept_c)}
    assert copies == {
        "Skola A": w.users["manager"],
        "Skola B": w.users["manager_b"],
        "Lag A1": w.users["team_lead"],
    }


def test_a_manager_writes_the_t2_analysis_and_the_boards_interim_report_shows_it(
    world, journey, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    goal = make_goal(world.units["bun"], world.year, make_direction(make_vision()), title="Fler elever läser")
    goal.status = Goal.Status.ADOPTED
    goal.save(update_fields=["status"])
    make_commitment(
        world.units["school_a"],
        world.year,
        "Läsfrämjande insatser",
        responsible=world.users["manager"],
        goals=[goal],
    )
    journey.log_in("manager")
    page = journey.page
    main_menu(page).get_by_role("link", name="Mina åtaganden").click()
    page.get_by_role("link", name="Åtaganden i Skola A och allt under den").click()
    journey.check_page("unit-commitments")
    page.get_by_label("Period").select_option(label="Delår 2026")
    press_enter_on(journey, page.get_by_role("button", name="Filtrera"))
    box = page.get_by_role("region", name="Enhetens analys av Delår 2026")
    box.get_by_role("link", name="Skriv eller ändra analysen").click()
    journey.check_page("unit-analysis-form")
    page.get_by_label("Vad gick bra").fill("Fler elever läser varje dag.")
    page.get_by_label("Vad gick mindre bra").fill("Frånvaron ökade i åk 8.")
    page.get_by_label("Vad gör vi nu").fill("Mentorer för elever med hög frånvaro.")
    page.get_by_label("Fler elever läser").check()
    press_enter_on(journey, page.get_by_role("button", name="Spara"))
    assert (
        page.get_by_role("region", name="Enhetens analys")
        .get_by_text("Fler elever läser varje dag.")
        .is_visible()
    )
    journey.check_page("unit-analysis-saved")
    analysis = UnitAnalysis.objects.get(unit=world.units["school_a"], period=world.periods["t2"])
    assert analysis.written_by == world.users["manager"]

    # The board's secretary builds the interim report; the unit's analysis is in it, under the goal.
    queued: list[int] = []
    monkeypatch.setattr(tasks.build_report, "delay", lambda job_id: queued.append(job_id))
    page.context.clear_cookies()
    journey.log_in("secretary")
    main_menu(page).get_by_role("link", name="Rapporter").click()
    page.get_by_role("link", name="Barn- och utbildningsnämnden (BUN)").click()
    row = page.get_by_role("row").filter(has_text="Delår")
    row.get_by_role("button", name=re.compile("^Starta rapporten")).click()
    page.get_by_role("progressbar").wait_for()
    run_job(queued[0], tasks.build_report.work)
    page.wait_for_url(re.compile(r"/rapporter/rapport/[0-9a-f-]+/$"))
    journey.check_page("report")
    report = Report.objects.get(unit=world.unit("bun"), period=world.periods["t2"])
    with report.pdf.open("rb") as stored:
        pdf = stored.read()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Fler elever läser varje dag." in text
    assert "Mentorer för elever med hög frånvaro." in text
    assert text.index("Fler elever läser") < text.index("Fler elever läser varje dag.")


# --- one municipality -------------------------------------------------------------------------------------------


def test_a_bun_member_reads_sns_adopted_goals_and_sns_drafts_answer_404(world, journey):
    direction = make_direction(make_vision(), title="En trygg omsorg")
    adopted = make_goal(
        world.units["sn"], world.year, direction, title="Fler äldre känner sig trygga hemma", status="adopted"
    )
    make_indicator(adopted, name="Andel trygga brukare", target=Decimal("90"))
    draft = make_goal(world.units["sn"], world.year, direction, title="Nattpatrull i hela kommunen")
    journey.log_in("board_member")
    page = journey.page
    main_menu(page).get_by_role("link", name="Mål", exact=True).click()
    journey.check_page("goal-tree")
    care = page.get_by_role("region", name="Inriktning: En trygg omsorg")
    assert care.get_by_role("link", name="Fler äldre känner sig trygga hemma").is_visible()
    assert care.get_by_text("Nattpatrull i hela kommunen").count() == 0
    assert care.get_by_text("Ingen nämnd har ännu något mål").count() == 0

    # "Min nämnd": only BUN's goals, reached by keyboard.
    press_enter_on(
        journey, page.get_by_role("navigation", name="Vems mål").get_by_role("link", name="Min nämnd")
    )
    journey.check_page("goal-tree-mine")
    assert page.get_by_role("link", name="Fler äldre känner sig trygga hemma").count() == 0
    press_enter_on(
        journey, page.get_by_role("navigation", name="Vems mål").get_by_role("link", name="Hela kommunen")
    )

    page.get_by_role("link", name="Fler äldre känner sig trygga hemma").first.click()
    journey.check_page("sn-goal")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Fler äldre känner sig trygga hemma")
    assert page.get_by_text("Andel trygga brukare").first.is_visible()
    assert (
        page.get_by_role("link", name="Ändra målet").count() == 0
    )  # reading, not writing, another board's goal

    draft_url = f"{journey.base_url}/mal/mal/{draft.code}/"
    response = page.goto(draft_url)
    assert response.status == 404
    assert "Nattpatrull" not in page.content()
    journey.check_page("sn-draft-404")
    # The browser logs the 404 it was sent to; that one is expected, any other console error is not.
    expected = [e for e in journey.console_errors if "404" in e and draft_url in e]
    assert len(expected) == 1
    journey.console_errors.remove(expected[0])
