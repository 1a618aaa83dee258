"""Journeys of the year: an administrator adds a period and is told why an impossible one is refused; a board's
secretary reopens the board's follow-up of a closed period."""

import datetime

import pytest
from django.utils import timezone

from styrmodell.models import Period, PeriodReopening

pytestmark = pytest.mark.browser


def test_an_administrator_adds_a_monthly_period_after_a_refusal(world, journey):
    journey.log_in("admin")
    page = journey.page
    page.goto(journey.base_url + "/ar/")
    journey.check_page("years")
    journey.assert_reflows()
    page.get_by_role("link", name="Lägg till en period för 2026").click()
    journey.check_page("period-new")
    page.get_by_label("Namn").fill("Till och med oktober")
    page.get_by_label("Förkortning").fill("m10")
    page.get_by_label("Typ").select_option(label="Månadsuppföljning")
    page.get_by_label("Börjar").fill("2026-01-01")
    page.get_by_label("Slutar").fill("2026-10-31")
    page.get_by_label("Medarbetarnas sista rapportdag").fill("2026-11-10")
    page.get_by_label("Nämndens sista dag för uppföljning").fill("2026-10-20")
    # Every kind of reporting is ticked to begin with; a monthly follow-up collects economy and texts.
    for label in ("Åtagandenas status", "Indikatorernas utfall", "Målbedömningar", "Intern kontroll"):
        page.get_by_label(label, exact=True).uncheck()
    page.get_by_role("button", name="Spara").click()
    # The board's deadline before the staff deadline: refused beside the field, nothing saved.
    assert page.get_by_text(
        "Nämndens sista dag kan inte ligga före medarbetarnas sista rapportdag."
    ).is_visible()
    journey.check_page("period-refused")
    assert not Period.objects.filter(key="m10").exists()
    page.get_by_label("Nämndens sista dag för uppföljning").fill("2026-11-20")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_role("status").get_by_text("har lagts till").is_visible()
    journey.check_page("period-added")
    period = Period.objects.get(key="m10")
    assert period.kind == Period.Kind.MONTH and period.collects == ["economy", "texts"]


def test_a_secretary_reopens_the_boards_follow_up_for_the_board(world, journey):
    journey.log_in("secretary")
    page = journey.page
    page.goto(journey.base_url + f"/organisation/{world.unit('bun').code}/oppna-period/")
    journey.check_page("reopen")
    journey.assert_reflows()
    page.get_by_label("Uppföljningsperiod").select_option(label="Tertial 1 2026")
    page.get_by_label("Steg").select_option(label="Nämndens uppföljning")
    until = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_label("Öppen till och med").fill(until.isoformat())
    page.get_by_label("Skäl").fill("Nämndens analys kompletteras.")
    page.get_by_role("button", name="Öppna igen").click()
    assert (
        page.get_by_role("status").get_by_text("är öppen igen för Barn- och utbildningsnämnden").is_visible()
    )
    journey.check_page("reopened")
    reopening = PeriodReopening.objects.get()
    assert (reopening.step, reopening.unit_id, reopening.until) == ("board", world.unit("bun").pk, until)
