"""Every page of the budget process renders for the people who use it."""

from __future__ import annotations

from django.urls import reverse

from .conftest import adopt_plan, make_directive, make_request


def test_every_page_renders(client, budget_world):
    w = budget_world
    make_directive(w)
    req = make_request(w)
    bun = w.unit("bun")
    client.force_login(w.users["council"])
    urls = [
        reverse("budget:year-detail", args=[2026]),
        reverse("budget:calendar-update", args=[2026]),
        reverse("budget:directive-detail", args=[2026]),
        reverse("budget:directive-update", args=[2026]),
        reverse("budget:board-detail", args=[2026, bun.code]),
        reverse("budget:request-detail", args=[req.code]),
        reverse("budget:request-decide", args=[req.code]),
        reverse("budget:preparation", args=[2026]),
        reverse("budget:plan-detail", args=[2026]),
        reverse("budget:working-budget", args=[2026, bun.code]),
        reverse("reporting:cycle-detail", args=[2026]),
        reverse("home"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("budget:overview")).status_code == 302
    adopt_plan(w)
    for url in [reverse("budget:plan-detail", args=[2026]), reverse("budget:plan-html", args=[2026])]:
        assert client.get(url).status_code == 200, url
    client.force_login(w.users["secretary"])
    for url in [
        reverse("budget:request-create", args=[2026, bun.code]),
        reverse("budget:analysis-update", args=[2026, bun.code]),
        reverse("budget:working-budget", args=[2026, bun.code]),
        reverse("budget:working-budget-import", args=[2026, bun.code]),
        reverse("budget:working-budget-template", args=[2026, bun.code]),
        reverse("home"),
    ]:
        assert client.get(url).status_code in (200, 403), url
