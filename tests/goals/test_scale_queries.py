"""The goal tree on generated municipalities of two sizes: the same number of queries, and every goal and
indicator light of the year shown (BENCHMARKS.md, benchmark 1b)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.common import system_admin
from goals.models import Goal, Indicator

pytestmark = pytest.mark.django_db


def goal_tree_queries(client, scale: float) -> int:
    with transaction.atomic():
        call_command(
            "generate_municipality",
            scale=scale,
            seed=3,
            year=2026,
            years_of_commitments=1,
            stdout=io.StringIO(),
        )
        client.force_login(system_admin())
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("goals:goal-tree"))
        assert response.status_code == 200
        shown = [g for entry in response.context["tree"] for group in entry["boards"] for g in group["goals"]]
        expected_goals = Goal.objects.filter(year__year=2026).count()
        expected_indicators = Indicator.objects.filter(goal__year__year=2026).count()
        transaction.set_rollback(True)
    # Every goal of the year and every indicator light is on the page, whatever the size.
    assert len(shown) == expected_goals > 0
    assert sum(len(g.indicators) for g in shown) == expected_indicators > 0
    return len(captured.captured_queries)


def test_it_reads_the_goal_tree_in_the_same_number_of_queries_for_a_larger_municipality(client):
    small = goal_tree_queries(client, 0.003)
    large = goal_tree_queries(client, 0.012)
    assert small == large
