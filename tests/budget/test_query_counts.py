"""The budget preparation's page costs the same number of queries for 2 requests as for 20."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget import services
from budget.models import BudgetRequest

from .conftest import make_directive, make_request


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_preparation_page_does_not_grow_with_the_requests(
    client, budget_world, django_assert_max_num_queries
):
    w = budget_world
    make_directive(w)
    url = reverse("budget:preparation", args=[2026])
    client.force_login(w.users["ks_member"])
    for i in range(2):
        make_request(w, "bun" if i % 2 else "sn", title=f"Äskande {i}")
    few = count_queries(client, url)
    for i in range(2, 20):
        req = make_request(w, "bun" if i % 2 else "sn", title=f"Äskande {i}")
        if i % 3 == 0:
            services.decide(
                req, decision=BudgetRequest.Decision.APPROVED, approved_amount=None, comment="", user=None
            )
    assert BudgetRequest.objects.count() == 20
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.content.decode().count("Äskande ") >= 20
