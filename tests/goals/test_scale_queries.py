"""The goal tree on generated municipalities of two sizes: the same number of queries, and only the shown
period's outcomes are loaded (BENCHMARKS.md, benchmark 1b)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrmodell.bench.common import system_admin

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
        outcome_rows = sum(
            len(status.goal.indicators.all()[0].outcomes.all())
            for entry in response.context["tree"]
            for group in entry["boards"]
            for status in group["statuses"]
        )
        goals = sum(len(group["statuses"]) for entry in response.context["tree"] for group in entry["boards"])
        transaction.set_rollback(True)
    assert outcome_rows <= goals  # one period's outcome per indicator at most, not the history
    return len(captured.captured_queries)


def test_it_reads_the_goal_tree_in_the_same_number_of_queries_for_a_larger_municipality(client):
    small = goal_tree_queries(client, 0.003)
    large = goal_tree_queries(client, 0.012)
    assert small == large
