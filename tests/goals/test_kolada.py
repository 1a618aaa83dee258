"""Kolada import against recorded API v3 answers (tests/goals/fixtures), never the network."""

from __future__ import annotations

import urllib.error
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from goals import kolada, tasks
from goals.models import Indicator, IndicatorOutcome
from styrmodell.models import Period
from tests.conftest import make_year

from .conftest import make_outcome

FIXTURES = Path(__file__).parent / "fixtures"
FIRST = "https://api.kolada.se/v3/data/kpi/N17461/municipality/2583/year/2022,2023,2024,2025,2026"
SECOND = FIRST + "?page=2&per_page=2"


def recorded(pages: dict[str, str]):
    """A stand-in for the HTTP GET that answers from recorded files and fails on any other address."""

    def fake_open(url: str) -> bytes:
        if url not in pages:
            raise AssertionError(f"unexpected request to {url}")
        return (FIXTURES / pages[url]).read_bytes()

    return fake_open


@pytest.fixture
def kolada_world(goal_world, settings):
    settings.KOLADA_BASE_URL = "https://api.kolada.se/v3"
    settings.KOLADA_MUNICIPALITY_ID = "2583"
    w = goal_world
    w.year_2024, w.periods_2024 = make_year(2024, closed_kinds=("t1", "t2", "ye"))
    w.year_2025, w.periods_2025 = make_year(2025, closed_kinds=("t1", "t2", "ye"))
    w.indicator.kolada_kpi = "N17461"
    w.indicator.save(update_fields=["kolada_kpi"])
    return w


def test_it_stores_kolada_values_as_year_end_outcomes_following_pages(kolada_world, monkeypatch):
    w = kolada_world
    monkeypatch.setattr(
        kolada, "_open", recorded({FIRST: "kolada_n17461_page1.json", SECOND: "kolada_n17461_page2.json"})
    )
    result = kolada.import_indicator(w.indicator)
    outcomes = {
        o.period.year.year: o
        for o in IndicatorOutcome.objects.filter(indicator=w.indicator).select_related("period__year")
    }
    assert set(outcomes) == {2024, 2025}
    assert outcomes[2025].value == Decimal("82.70")  # the total ("T"), not women or men
    assert outcomes[2025].period.kind == Period.Kind.YEAR_END
    assert outcomes[2025].source == Indicator.Source.KOLADA
    assert result.created == 2
    assert any("2023" in s for s in result.skipped)  # no such year here


def test_it_changes_nothing_when_running_twice(kolada_world, monkeypatch):
    w = kolada_world
    monkeypatch.setattr(
        kolada, "_open", recorded({FIRST: "kolada_n17461_page1.json", SECOND: "kolada_n17461_page2.json"})
    )
    kolada.import_indicator(w.indicator)
    again = kolada.import_indicator(w.indicator)
    assert (again.created, again.updated) == (0, 0)
    assert IndicatorOutcome.objects.filter(indicator=w.indicator).count() == 2


def test_it_never_touches_an_outcome_entered_in_a_closed_period(kolada_world, monkeypatch):
    w = kolada_world
    make_outcome(w.indicator, w.periods_2025["ye"], "90")
    monkeypatch.setattr(
        kolada, "_open", recorded({FIRST: "kolada_n17461_page1.json", SECOND: "kolada_n17461_page2.json"})
    )
    result = kolada.import_indicator(w.indicator)
    assert IndicatorOutcome.objects.get(indicator=w.indicator, period=w.periods_2025["ye"]).value == 90
    assert any("2025" in s for s in result.skipped)


def test_it_saves_nothing_when_a_later_page_is_malformed(kolada_world, monkeypatch):
    w = kolada_world
    monkeypatch.setattr(
        kolada, "_open", recorded({FIRST: "kolada_n17461_page1.json", SECOND: "kolada_malformed_page2.json"})
    )
    with pytest.raises(kolada.KoladaError, match="oväntat format"):
        kolada.import_indicator(w.indicator)
    assert not IndicatorOutcome.objects.exists()


def test_it_saves_nothing_when_kolada_answers_with_an_error_page(kolada_world, monkeypatch):
    w = kolada_world
    monkeypatch.setattr(kolada, "_open", recorded({FIRST: "kolada_bad_gateway.html"}))
    with pytest.raises(kolada.KoladaError):
        kolada.import_indicator(w.indicator)
    assert not IndicatorOutcome.objects.exists()


def test_it_says_clearly_when_kolada_cannot_be_reached(kolada_world, monkeypatch, client):
    w = kolada_world

    def offline(url):
        raise urllib.error.URLError("timed out")

    monkeypatch.setattr(kolada, "_open", offline)
    client.force_login(w.users["controller"])
    response = client.post(reverse("goals:kolada-import", args=[w.indicator.code]), follow=True)
    assert "Kolada kunde inte nås" in response.content.decode()
    assert not IndicatorOutcome.objects.exists()


GROUPS = "https://api.kolada.se/v3/municipality_groups"
COMPARISON = (
    "https://api.kolada.se/v3/data/kpi/N17461/municipality/0000,2514,2518/year/2022,2023,2024,2025,2026"
)
CATALOGUE = "https://api.kolada.se/v3/kpi?per_page=5000"
ALL_PAGES = {
    FIRST: "kolada_n17461_page1.json",
    SECOND: "kolada_n17461_page2.json",
    GROUPS: "kolada_municipality_groups.json",
    COMPARISON: "kolada_n17461_comparison.json",
    CATALOGUE: "kolada_kpi_catalogue.json",
}


def test_it_imports_from_the_goal_page_and_shows_the_source(kolada_world, monkeypatch, client):
    w = kolada_world
    monkeypatch.setattr(kolada, "_open", recorded(ALL_PAGES))
    client.force_login(w.users["board_member"])
    response = client.post(reverse("goals:kolada-import", args=[w.indicator.code]))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "2 nya och 0 ändrade utfall" in page
    assert "Källa: Kolada" in page


def test_it_runs_as_a_task_taking_ids(kolada_world, monkeypatch):
    w = kolada_world
    monkeypatch.setattr(
        kolada, "_open", recorded({FIRST: "kolada_n17461_page1.json", SECOND: "kolada_n17461_page2.json"})
    )
    messages = tasks.import_kolada_outcomes.delay([w.indicator.pk]).get()
    assert len(messages) == 1
    assert IndicatorOutcome.objects.filter(indicator=w.indicator, source=Indicator.Source.KOLADA).count() == 2


def test_it_runs_as_a_management_command(kolada_world, monkeypatch, capsys):
    w = kolada_world
    monkeypatch.setattr(
        kolada, "_open", recorded({FIRST: "kolada_n17461_page1.json", SECOND: "kolada_n17461_page2.json"})
    )
    call_command("import_kolada")
    assert "2 nya" in capsys.readouterr().out
    assert IndicatorOutcome.objects.filter(indicator=w.indicator).count() == 2


def test_the_command_fails_clearly_and_saves_nothing_on_a_bad_answer(kolada_world, monkeypatch):
    monkeypatch.setattr(
        kolada, "_open", recorded({FIRST: "kolada_n17461_page1.json", SECOND: "kolada_malformed_page2.json"})
    )
    with pytest.raises(CommandError):
        call_command("import_kolada", str(kolada_world.indicator.code))
    assert not IndicatorOutcome.objects.exists()


def test_it_is_scheduled_weekly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["goals-import-kolada"]
    assert entry["task"] == tasks.import_kolada_outcomes.name
