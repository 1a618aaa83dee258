"""The public pages: reachable without login, showing only adopted goals and closed periods, never people."""

from __future__ import annotations

import pytest
from django.urls import reverse

from goals.models import GoalAssessment
from reporting.public_services import DATASETS

from .conftest import make_direction, make_goal, make_indicator, make_vision

PAGES = ["public:home", "public:goal-list", "public:report-list", "public:open-data"]


@pytest.mark.parametrize("name", PAGES)
def test_it_serves_every_page_without_login(client, site, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert 'href="#main"' in html and '<main id="main"' in html
    assert reverse("accessibility") in html
    # The staff menu and user box are not on the public pages.
    assert reverse("logout") not in html
    assert "csrfmiddlewaretoken" not in html


def test_it_serves_the_accessibility_statement_without_login(client, db):
    assert client.get(reverse("accessibility")).status_code == 200


def test_it_links_the_public_site_from_the_login_page(client, db):
    assert reverse("public:home") in client.get(reverse("login")).content.decode()


def test_it_shows_the_vision_directions_and_board_counts_on_the_start_page(client, site):
    html = client.get(reverse("public:home")).content.decode()
    assert "Vision 2030" in html
    assert site.direction.title in html
    assert "Barn- och utbildningsnämnden" in html
    assert "Utkast som aldrig visas" not in html


def test_it_lists_adopted_goals_with_the_assessment_of_the_latest_closed_period(client, site):
    html = client.get(reverse("public:goal-list")).content.decode()
    assert site.adopted.title in html
    assert reverse("public:goal-detail", args=[site.adopted.code]) in html
    # Tertial 1 is the latest closed period: its verdict shows, tertial 2's (open) does not.
    assert str(GoalAssessment.Verdict.PARTLY.label) in html
    assert str(GoalAssessment.Verdict.FULFILLED.label) not in html
    assert "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html


def test_it_never_shows_a_draft_goal(client, site):
    for name in PAGES:
        html = client.get(reverse(name)).content.decode()
        assert "Utkast som aldrig visas" not in html
        assert "Hemlig indikator" not in html
    for slug in DATASETS:
        for route in ("public:dataset-csv", "public:dataset-json"):
            body = client.get(reverse(route, args=[slug])).content.decode()
            assert str(site.draft.code) not in body
            assert "Utkast som aldrig visas" not in body and "Hemlig indikator" not in body


def test_it_answers_404_for_a_draft_goals_page(client, site):
    assert client.get(reverse("public:goal-detail", args=[site.draft.code])).status_code == 404


def test_it_shows_a_goal_page_with_indicator_target_outcome_chart_and_table(client, site):
    response = client.get(reverse("public:goal-detail", args=[site.adopted.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert site.adopted.title in html
    assert "Andel med slutbetyg" in html
    assert "83,5 %" in html  # the outcome of the closed tertial 1
    assert "85 %" in html  # the target level
    assert "61,25" not in html  # tertial 2 is open: its outcome is not public
    assert "<svg" in html and 'role="img"' in html
    assert "Nära målnivån." in html
    assert "Öppen period, ej publik." not in html
    assert "light-yellow" in html and "Nära målnivån" in html  # 83.5 is within the tolerance of 3


def test_it_shows_kolada_as_the_source(client, site):
    html = client.get(reverse("public:goal-detail", args=[site.adopted.code])).content.decode()
    assert "Källa: Kolada" in html


def test_it_never_shows_who_entered_or_assessed_anything(client, site, world):
    secretary = world.users["secretary"]
    for url in [reverse("public:goal-detail", args=[site.adopted.code]), reverse("public:goal-list")]:
        html = client.get(url).content.decode()
        assert secretary.get_full_name() not in html
        assert secretary.username not in html


def test_it_filters_by_board_direction_year_and_text(client, site, world):
    sn_goal = make_goal(world, site.other_direction, "Trygg hemtjänst för alla", board="sn")
    url = reverse("public:goal-list")

    html = client.get(url, {"namnd": str(world.units["sn"].code)}).content.decode()
    assert sn_goal.title in html and site.adopted.title not in html

    html = client.get(url, {"inriktning": str(site.direction.code)}).content.decode()
    assert site.adopted.title in html and sn_goal.title not in html

    html = client.get(url, {"q": "hemtjänst"}).content.decode()
    assert sn_goal.title in html and site.adopted.title not in html

    html = client.get(url, {"ar": "2026"}).content.decode()
    assert sn_goal.title in html and site.adopted.title in html


def test_it_ignores_nonsense_in_the_filter(client, site):
    response = client.get(reverse("public:goal-list"), {"ar": "x", "namnd": "not-a-uuid", "inriktning": "1"})
    assert response.status_code == 200
    assert site.adopted.title in response.content.decode()


def test_it_says_so_when_nothing_is_adopted(client, world):
    make_goal(world, make_direction(make_vision()), "Bara ett utkast", adopted=False)
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "Bara ett utkast" not in response.content.decode()


def _count_goals(world, direction, n: int) -> None:
    for i in range(n):
        make_goal(world, direction, f"Mål nummer {i}", board="bun" if i % 2 else "sn")


@pytest.mark.parametrize("n", [3, 30])
def test_it_loads_the_goal_list_in_constant_queries(client, world, django_assert_num_queries, n):
    direction = make_direction(make_vision())
    _count_goals(world, direction, n)
    # The version of the cache is read and a missing page rendered: the count must not depend on n. One query reads
    # the boards' adopted mission statements (plans).
    with django_assert_num_queries(10):
        response = client.get(reverse("public:goal-list"))
    assert response.content.decode().count("Mål nummer") == n


def test_it_speaks_swedish_in_its_menu(client, db):
    html = client.get(reverse("public:home")).content.decode()
    for label in ("Mål och resultat", ">Rapporter<", "Öppna data", "Tillgänglighetsredogörelse"):
        assert label in html


@pytest.mark.parametrize("n", [3, 30])
def test_it_loads_a_goal_page_in_constant_queries(client, site, world, django_assert_num_queries, n):
    for i in range(n):
        make_indicator(site.adopted, f"Indikator {i}", outcomes={site.t1: str(i)})
    with django_assert_num_queries(9):
        response = client.get(reverse("public:goal-detail", args=[site.adopted.code]))
    assert response.content.decode().count("<svg") == n + 1
