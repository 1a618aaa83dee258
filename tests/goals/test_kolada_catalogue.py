"""Kolada as a controller meets it: finding a KPI by name, linking it (an adopted goal's indicator through its draft
revision), the comparison with similar municipalities and the country in the chart and the table, and the weekly
run recorded with its messages. Everything answers from recorded files (tests/goals/fixtures), never the network."""

from __future__ import annotations

import urllib.error
from decimal import Decimal

import pytest
from django.urls import reverse

from goals import kolada, revisions
from goals.models import GoalRevision, Indicator, IndicatorKind, KoladaComparison, KoladaImportRun, KoladaKpi

from .test_kolada import ALL_PAGES, CATALOGUE, FIRST, GROUPS, SECOND, recorded


@pytest.fixture
def catalogue(db, monkeypatch):
    monkeypatch.setattr(kolada, "_open", recorded({CATALOGUE: "kolada_kpi_catalogue.json"}))
    assert kolada.refresh_catalogue() == 3


@pytest.fixture
def kolada_world(goal_world, settings):
    from tests.conftest import make_year

    settings.KOLADA_BASE_URL = "https://api.kolada.se/v3"
    settings.KOLADA_MUNICIPALITY_ID = "2583"
    settings.KOLADA_COMPARISON_GROUP = "Liknande kommuner"
    w = goal_world
    w.year_2024, w.periods_2024 = make_year(2024, closed_kinds=("t1", "t2", "ye"))
    w.year_2025, w.periods_2025 = make_year(2025, closed_kinds=("t1", "t2", "ye"))
    return w


def offline(url):
    raise urllib.error.URLError("[Errno -2] Name or service not known")


# --- the catalogue and its search --------------------------------------------------------------------------------


def test_the_catalogue_is_stored_with_the_unit_from_the_title(catalogue):
    kpi = KoladaKpi.objects.get(kpi_id="N15428")
    assert kpi.unit == "%"
    assert kpi.operating_area == "Grundskola"
    assert KoladaKpi.objects.get(kpi_id="N00002").unit == "kr/inv"


def test_a_controller_finds_a_kpi_by_part_of_its_name_offline(client, kolada_world, catalogue, monkeypatch):
    w = kolada_world
    monkeypatch.setattr(kolada, "_open", offline)  # the search reads the cached catalogue only
    client.force_login(w.users["controller"])
    response = client.get(reverse("goals:kolada-search"), {"q": "examen inom", "indikator": w.indicator.code})
    page = response.content.decode()
    assert response.status_code == 200
    assert "N17461" in page
    assert "N00002" not in page
    assert reverse("goals:indicator-kolada-link", args=[w.indicator.code]) in page


def test_it_finds_a_kpi_by_its_id_exact_match_first(catalogue):
    assert [k.kpi_id for k in kolada.search_catalogue("n15428")] == ["N15428"]
    assert kolada.search_catalogue("N1")[0].kpi_id.startswith("N1")


def test_the_search_renders_only_the_results_for_htmx(client, kolada_world, catalogue):
    client.force_login(kolada_world.users["board_member"])
    response = client.get(reverse("goals:kolada-search"), {"q": "hemtjänst"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "N00002" in page
    assert "<html" not in page


def test_the_search_says_when_the_catalogue_was_never_fetched(client, kolada_world):
    client.force_login(kolada_world.users["board_member"])
    page = client.get(reverse("goals:kolada-search")).content.decode()
    assert "import_kolada --catalogue" in page


def test_the_search_says_when_nothing_matches(client, kolada_world, catalogue):
    client.force_login(kolada_world.users["board_member"])
    page = client.get(reverse("goals:kolada-search"), {"q": "zzzz"}).content.decode()
    assert "Inget nyckeltal matchar" in page


# --- linking -----------------------------------------------------------------------------------------------------


def test_a_controller_links_a_kpi_to_a_draft_goals_indicator(client, kolada_world, catalogue):
    w = kolada_world
    w.indicator.unit = ""
    w.indicator.save(update_fields=["unit"])
    client.force_login(w.users["controller"])
    response = client.post(reverse("goals:indicator-kolada-link", args=[w.indicator.code]), {"kpi": "n17461"})
    assert response.status_code == 302
    w.indicator.refresh_from_db()
    assert w.indicator.kolada_kpi == "N17461"
    assert w.indicator.unit == "%"  # from the KPI's title
    assert w.indicator.kind == IndicatorKind.SHARE
    page = client.get(response["Location"]).content.decode()
    assert "är kopplad till Koladas N17461" in page


def test_linking_an_adopted_goals_indicator_goes_into_the_draft_revision(client, kolada_world, catalogue):
    w = kolada_world
    w.goal.status = "adopted"
    w.goal.save(update_fields=["status"])
    client.force_login(w.users["controller"])
    response = client.post(reverse("goals:indicator-kolada-link", args=[w.indicator.code]), {"kpi": "N17461"})
    assert response.status_code == 302
    w.indicator.refresh_from_db()
    assert w.indicator.kolada_kpi == ""  # the adopted version is untouched
    revision = revisions.draft_of(w.goal)
    assert revision is not None and revision.status == GoalRevision.Status.DRAFT
    entry = revision.indicator_changes[str(w.indicator.code)]
    assert entry["fields"]["kolada_kpi"] == "N17461"
    assert entry["fields"]["kind"] == IndicatorKind.SHARE
    page = client.get(response["Location"]).content.decode()
    assert "sparades i utkastet till ändring" in page


def test_linking_asks_for_a_kpi_from_the_results(client, kolada_world, catalogue):
    w = kolada_world
    client.force_login(w.users["board_member"])
    response = client.post(reverse("goals:indicator-kolada-link", args=[w.indicator.code]), {"kpi": "X99999"})
    assert response.status_code == 302
    assert reverse("goals:kolada-search") in response["Location"]
    w.indicator.refresh_from_db()
    assert w.indicator.kolada_kpi == ""


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), ("employee", 403), ("manager", 403)])
def test_linking_is_refused_to_those_who_neither_write_goals_nor_enter_outcomes(
    client, kolada_world, catalogue, persona, status
):
    w = kolada_world
    client.force_login(w.users[persona])
    response = client.post(reverse("goals:indicator-kolada-link", args=[w.indicator.code]), {"kpi": "N17461"})
    assert response.status_code == status
    w.indicator.refresh_from_db()
    assert w.indicator.kolada_kpi == ""


def test_linking_is_refused_in_a_closed_year(client, kolada_world, catalogue):
    w = kolada_world
    w.year.is_closed = True
    w.year.save(update_fields=["is_closed"])
    client.force_login(w.users["controller"])
    response = client.post(reverse("goals:indicator-kolada-link", args=[w.indicator.code]), {"kpi": "N17461"})
    assert response.status_code == 403


def test_linking_refuses_get(client, kolada_world):
    client.force_login(kolada_world.users["board_member"])
    response = client.get(reverse("goals:indicator-kolada-link", args=[kolada_world.indicator.code]))
    assert response.status_code == 405


# --- failures say what to do -----------------------------------------------------------------------------------


def test_an_unreachable_kolada_gives_a_swedish_message_that_says_what_to_do(
    client, kolada_world, monkeypatch
):
    w = kolada_world
    w.indicator.kolada_kpi = "N17461"
    w.indicator.save(update_fields=["kolada_kpi"])
    monkeypatch.setattr(kolada, "_open", offline)
    client.force_login(w.users["controller"])
    page = client.post(reverse("goals:kolada-import", args=[w.indicator.code]), follow=True).content.decode()
    assert "Kolada kunde inte nås" in page
    assert "api.kolada.se" in page and "försök igen" in page.lower()
    assert "Errno" not in page and "urlopen" not in page


def test_an_http_error_says_to_try_again_later(kolada_world, monkeypatch):
    def bad_gateway(url):
        raise urllib.error.HTTPError(url, 502, "Bad Gateway", {}, None)

    monkeypatch.setattr(kolada, "_open", bad_gateway)
    with pytest.raises(kolada.KoladaError, match="försök igen senare"):
        kolada.refresh_catalogue()


# --- comparisons ------------------------------------------------------------------------------------------------


def test_the_comparison_group_is_the_configured_one(kolada_world, monkeypatch, settings):
    monkeypatch.setattr(kolada, "_open", recorded({GROUPS: "kolada_municipality_groups.json"}))
    assert kolada.comparison_group().id == "G124026"
    settings.KOLADA_COMPARISON_GROUP = "Kommungruppsindelning"
    assert kolada.comparison_group().id == "G33880"


def test_comparisons_are_drawn_in_the_chart_and_shown_in_the_table(client, kolada_world, monkeypatch):
    w = kolada_world
    w.indicator.kolada_kpi = "N17461"
    w.indicator.save(update_fields=["kolada_kpi"])
    monkeypatch.setattr(kolada, "_open", recorded(ALL_PAGES))
    client.force_login(w.users["controller"])
    client.post(reverse("goals:kolada-import", args=[w.indicator.code]))
    group = KoladaComparison.objects.get(kpi_id="N17461", series=KoladaComparison.Series.GROUP, year=2025)
    assert group.value == Decimal("77.00")  # the mean of Kalix (78) and Övertorneå (76), not Haparanda itself
    country = KoladaComparison.objects.get(kpi_id="N17461", series=KoladaComparison.Series.COUNTRY, year=2025)
    assert country.value == Decimal("80.10")
    page = client.get(reverse("goals:goal-detail", args=[w.goal.code])).content.decode()
    table = page[page.index("jämfört med andra kommuner") :]
    assert "Liknande kommuner gymnasieskola, Haparanda" in table
    assert "2025: 77" in table and "2025: 80,1" in table
    start = page.index("<svg", page.index("chart-figure"))  # the chart, not the header's icons
    chart = page[start : page.index("</svg>", start)]
    assert "Liknande kommuner gymnasieskola, Haparanda" in chart
    assert chart.count("<polyline") >= 3  # the municipality, the group and the country


def test_a_failing_comparison_keeps_the_outcomes_and_says_so(client, kolada_world, monkeypatch):
    w = kolada_world
    w.indicator.kolada_kpi = "N17461"
    w.indicator.save(update_fields=["kolada_kpi"])
    pages = recorded({FIRST: "kolada_n17461_page1.json", SECOND: "kolada_n17461_page2.json"})

    def outcomes_only(url):  # the municipality groups cannot be reached
        return pages(url) if url in (FIRST, SECOND) else offline(url)

    monkeypatch.setattr(kolada, "_open", outcomes_only)
    client.force_login(w.users["controller"])
    page = client.post(reverse("goals:kolada-import", args=[w.indicator.code]), follow=True).content.decode()
    assert "2 nya och 0 ändrade utfall" in page
    assert "Jämförelsen med andra kommuner kunde inte uppdateras" in page
    assert w.indicator.outcomes.count() == 2


# --- the summary's plural forms --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("created", "updated", "text"),
    [
        (1, 1, "Kolada: 1 nytt och 1 ändrat utfall för"),
        (2, 0, "Kolada: 2 nya och 0 ändrade utfall för"),
        (0, 3, "Kolada: 0 nya och 3 ändrade utfall för"),
    ],
)
def test_the_summary_uses_the_catalogues_plural_forms(goal_world, created, updated, text):
    result = kolada.KoladaResult(goal_world.indicator, created=created, updated=updated)
    assert kolada.summary(result).startswith(text)


# --- the weekly run ----------------------------------------------------------------------------------------------


def test_the_weekly_run_is_recorded_with_its_messages(kolada_world, monkeypatch):
    w = kolada_world
    w.indicator.kolada_kpi = "N17461"
    w.indicator.save(update_fields=["kolada_kpi"])
    monkeypatch.setattr(kolada, "_open", recorded(ALL_PAGES))
    run = kolada.weekly_import()
    run.refresh_from_db()
    assert run.succeeded and run.finished is not None
    assert run.kpis == 3
    assert KoladaKpi.objects.count() == 3
    assert KoladaComparison.objects.filter(kpi_id="N17461").count() == 4  # country and group, 2024 and 2025
    assert "Katalogen över nyckeltal uppdaterades." in run.messages
    assert any("2 nya och 0 ändrade utfall" in m for m in run.messages)


def test_a_weekly_run_without_kolada_records_what_failed_and_goes_on(kolada_world, monkeypatch):
    w = kolada_world
    w.indicator.kolada_kpi = "N17461"
    w.indicator.save(update_fields=["kolada_kpi"])
    monkeypatch.setattr(kolada, "_open", offline)
    run = kolada.weekly_import()
    run.refresh_from_db()
    assert not run.succeeded and run.finished is not None
    assert len(run.messages) == 3  # the catalogue, the comparison group and the indicator, each said once
    assert all("Kolada kunde inte nås" in m for m in run.messages)
    assert any(m.startswith(w.indicator.name) for m in run.messages)
    assert not Indicator.objects.get(pk=w.indicator.pk).outcomes.exists()
    assert KoladaImportRun.objects.count() == 1


def test_the_weekly_task_runs_the_recorded_run(kolada_world, monkeypatch):
    from goals import tasks

    monkeypatch.setattr(
        kolada,
        "_open",
        recorded({CATALOGUE: "kolada_kpi_catalogue.json", GROUPS: "kolada_municipality_groups.json"}),
    )
    tasks.import_kolada_outcomes.delay().get()
    assert KoladaImportRun.objects.get().kpis == 3


# --- the search's copy of the catalogue --------------------------------------------------------------------------


def test_the_search_sees_a_changed_catalogue_at_once(catalogue):
    assert [k.kpi_id for k in kolada.search_catalogue("hemtjänst")] == ["N00002"]
    # Another process's refresh: a KPI added, and one renamed (stamped with a later fetch).
    KoladaKpi.objects.create(kpi_id="U23401", title="Hemtjänst, brukarbedömning, andel (%)", unit="%")
    assert [k.kpi_id for k in kolada.search_catalogue("hemtjänst")] == ["N00002", "U23401"]
    from django.utils import timezone

    KoladaKpi.objects.filter(kpi_id="N00002").update(
        title="Nettokostnad äldreomsorg, kr/inv", fetched_at=timezone.now()
    )
    assert [k.kpi_id for k in kolada.search_catalogue("hemtjänst")] == ["U23401"]


def test_the_search_finds_what_the_sql_search_finds(catalogue):
    for text in ("n1", "ANDEL", "examen inom", "kr/inv", "zzzz", "N15428"):
        in_sql = set(KoladaKpi.objects.search(text).values_list("kpi_id", flat=True))
        assert {k.kpi_id for k in kolada.search_catalogue(text)} == in_sql, text


def test_an_exact_id_comes_first_even_beyond_the_first_results(db):
    KoladaKpi.objects.bulk_create(
        [KoladaKpi(kpi_id=f"N{n:05d}", title=f"Nyckeltal om N99999 nummer {n}") for n in range(30)]
        + [KoladaKpi(kpi_id="N99999", title="Det exakta")]
    )
    found = kolada.search_catalogue("n99999")
    assert found[0].kpi_id == "N99999" and len(found) == 20


def test_the_htmx_answer_gives_the_count_to_the_pages_status_region(client, kolada_world, catalogue):
    client.force_login(kolada_world.users["board_member"])
    page = client.get(reverse("goals:kolada-search"), {"q": "andel"}, HTTP_HX_REQUEST="true").content.decode()
    assert '<p id="kolada-count" data-hx-swap-oob="innerHTML">2 nyckeltal matchar' in page
    full = client.get(reverse("goals:kolada-search"), {"q": "andel"}).content.decode()
    assert '<p id="kolada-count" role="status" class="kolada-count">2 nyckeltal matchar' in full
    assert "data-hx-swap-oob" not in full
