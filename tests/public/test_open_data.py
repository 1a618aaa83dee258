"""Open data: every published table as CSV and JSON, with stable identifiers and described fields."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from reporting.public_services import DATASETS, csv_cell

from .conftest import make_report


def _csv(client, slug: str) -> list[dict[str, str]]:
    response = client.get(reverse("public:dataset-csv", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{slug}.csv"' in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def _json(client, slug: str) -> dict:
    response = client.get(reverse("public:dataset-json", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


@pytest.mark.parametrize("slug", list(DATASETS))
def test_it_downloads_every_dataset_as_csv_and_json_with_the_described_fields(client, site, world, slug):
    make_report(world, site.t1)
    fields = DATASETS[slug].field_names
    rows = _csv(client, slug)
    document = _json(client, slug)
    assert document["dataset"] == slug
    assert [f["name"] for f in document["fields"]] == fields
    assert all(f["description"] for f in document["fields"])
    assert rows, f"{slug} is empty"
    assert list(rows[0]) == fields
    assert len(rows) == len(document["records"])
    assert list(document["records"][0]) == fields


def test_it_names_goals_indicators_and_outcomes_by_their_codes(client, site):
    goals = _csv(client, "mal")
    assert [g["code"] for g in goals] == [str(site.adopted.code)]
    assert goals[0]["board_code"] == str(site.adopted.board.code)
    assert goals[0]["url"].endswith(reverse("public:goal-detail", args=[site.adopted.code]))

    indicators = _json(client, "indikatorer")["records"]
    assert [i["code"] for i in indicators] == [str(site.kolada_indicator.code)]
    assert indicators[0]["goal_code"] == str(site.adopted.code)

    outcomes = _csv(client, "utfall")
    # Only the closed tertial 1: the open tertial 2's outcome is not published.
    assert [(o["indicator_code"], o["period_code"], o["value"]) for o in outcomes] == [
        (str(site.kolada_indicator.code), str(site.t1.code), "83.50")
    ]
    assessments = _json(client, "bedomningar")["records"]
    assert [(a["goal_code"], a["verdict"]) for a in assessments] == [(str(site.adopted.code), "partly")]
    assert _json(client, "utfall")["records"][0]["value"] == 83.5


def test_it_marks_kolada_figures_with_the_source(client, site):
    assert _csv(client, "indikatorer")[0]["source_note"] == "Källa: Kolada"
    outcome = _json(client, "utfall")["records"][0]
    assert outcome["source"] == "kolada"
    assert outcome["source_note"] == "Källa: Kolada"


def test_it_lists_archived_reports_only(client, site, world):
    archived = make_report(world, site.t1).archived
    make_report(world, world.periods["t2"], archived=False)
    rows = _csv(client, "rapporter")
    assert [r["code"] for r in rows] == [str(archived.code)]
    assert rows[0]["pdf_sha256"] == archived.pdf_sha256
    assert rows[0]["pdf_url"].endswith(reverse("public:report-pdf", args=[archived.code]))


def test_it_neutralises_formulas_in_csv_cells(client, site):
    site.adopted.title = '=HYPERLINK("http://example.com")'
    site.adopted.description = "@SUM(A1)"
    site.adopted.save(update_fields=["title", "description"])
    goal = _csv(client, "mal")[0]
    assert goal["title"] == '\'=HYPERLINK("http://example.com")'
    assert goal["description"] == "'@SUM(A1)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+46", "'+46"), ("-x", "'-x"), ("@a", "'@a"), ("\tx", "'\tx"), ("\rx", "'\rx"),
     ("text", "text"), (None, ""), (-3, "-3")],
)  # fmt: skip
def test_it_escapes_only_text_that_a_spreadsheet_would_run(value, expected):
    assert csv_cell(value) == expected


def test_it_describes_every_dataset_and_field_on_the_open_data_page(client, site):
    html = client.get(reverse("public:open-data")).content.decode()
    for dataset in DATASETS.values():
        assert reverse("public:dataset-csv", args=[dataset.slug]) in html
        assert reverse("public:dataset-json", args=[dataset.slug]) in html
        for name in dataset.field_names:
            assert f"<code>{name}</code>" in html


def test_it_answers_404_for_an_unknown_dataset(client, db):
    assert client.get(reverse("public:dataset-csv", args=["personer"])).status_code == 404
    assert client.get(reverse("public:dataset-json", args=["ataganden"])).status_code == 404


@pytest.mark.parametrize("n", [3, 30])
def test_it_exports_goals_in_constant_queries(client, world, site, django_assert_num_queries, n):
    from .conftest import make_goal

    for i in range(n):
        make_goal(world, site.direction, f"Mål {i}")
    with django_assert_num_queries(3):  # one query between the request's savepoint and its release
        rows = _csv(client, "mal")
    assert len(rows) == n + 1


def test_it_never_exports_who_entered_or_assessed_anything(client, site, world):
    secretary = world.users["secretary"]
    for slug in DATASETS:
        for route in ("public:dataset-csv", "public:dataset-json"):
            body = client.get(reverse(route, args=[slug])).content.decode()
            assert secretary.username not in body and secretary.get_full_name() not in body
            assert str(secretary.code) not in body
