from __future__ import annotations

import pytest
from django.urls import reverse

from internal_control import services
from internal_control.models import DEFAULT_CONSEQUENCE_LABELS, DEFAULT_LIKELIHOOD_LABELS, Band, RiskMatrix

from .conftest import make_plan, make_risk

MATRIX_POST = {
    "likelihood_labels": "Osannolik\nMindre sannolik\nMöjlig\nSannolik\nMycket sannolik",
    "consequence_labels": "Försumbar\nLindrig\nKännbar\nAllvarlig",
    "medium_from": 4,
    "high_from": 9,
    "very_high_from": 15,
}


def test_it_creates_the_default_four_by_four_matrix(db):
    matrix = RiskMatrix.objects.current()
    assert matrix.likelihood_labels == DEFAULT_LIKELIHOOD_LABELS
    assert matrix.consequence_labels == DEFAULT_CONSEQUENCE_LABELS
    assert matrix.likelihood_label(1) == "Osannolik"
    assert matrix.consequence_label(4) == "Allvarlig"
    assert RiskMatrix.objects.current().pk == matrix.pk


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, Band.LOW),
        (3, Band.LOW),
        (4, Band.MEDIUM),
        (7, Band.MEDIUM),
        (8, Band.HIGH),
        (11, Band.HIGH),
        (12, Band.VERY_HIGH),
        (16, Band.VERY_HIGH),
    ],
)
def test_it_bands_scores_by_the_default_thresholds(db, score, band):
    assert RiskMatrix.objects.current().band_for(score) == band


def test_it_computes_the_score_as_likelihood_times_consequence(world):
    plan = make_plan(world.units["bun"], world.year)
    risk = make_risk(plan, likelihood=3, consequence=4)
    assert risk.score == 12
    risk.likelihood = 2
    risk.save(update_fields=["likelihood"])
    risk.refresh_from_db()
    assert risk.score == 8


def test_it_changes_an_unused_matrix_in_place(world, client):
    matrix = RiskMatrix.objects.current()
    client.force_login(world.users["admin"])
    response = client.post(reverse("internal_control:matrix-update"), MATRIX_POST)
    assert response.status_code == 302
    assert response["Location"] == reverse("internal_control:matrix-detail")
    matrix.refresh_from_db()
    assert matrix.likelihood_levels == 5
    assert matrix.high_from == 9
    assert RiskMatrix.objects.count() == 1


def test_it_makes_a_new_version_when_a_plan_uses_the_matrix(world, client):
    plan = make_plan(world.units["bun"], world.year)
    old = plan.matrix
    client.force_login(world.users["admin"])
    client.post(reverse("internal_control:matrix-update"), MATRIX_POST)
    old.refresh_from_db()
    assert old.likelihood_labels == DEFAULT_LIKELIHOOD_LABELS
    assert not old.is_current
    new = RiskMatrix.objects.current()
    assert new.version == old.version + 1
    assert new.likelihood_levels == 5
    plan.refresh_from_db()
    assert plan.matrix_id == old.pk
    assert services.create_plan(world.units["sn"], world.year).matrix_id == new.pk


def test_it_refuses_thresholds_that_do_not_rise(world, client):
    client.force_login(world.users["admin"])
    response = client.post(reverse("internal_control:matrix-update"), {**MATRIX_POST, "high_from": 3})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert RiskMatrix.objects.current().high_from == 8


def test_it_refuses_a_single_level(world, client):
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("internal_control:matrix-update"), {**MATRIX_POST, "likelihood_labels": "En"}
    )
    assert response.status_code == 200
    assert RiskMatrix.objects.current().likelihood_levels == 4


def test_it_lets_only_the_municipality_edit_the_matrix(world, client):
    client.force_login(world.users["ic_officer"])
    assert client.post(reverse("internal_control:matrix-update"), MATRIX_POST).status_code == 403
    assert RiskMatrix.objects.current().likelihood_levels == 4


def test_it_shows_the_matrix_with_its_labels(world, client):
    client.force_login(world.users["employee"])
    body = client.get(reverse("internal_control:matrix-detail")).content.decode()
    assert "Mindre sannolik" in body and "Kännbar" in body
    assert "Mycket hög" in body
