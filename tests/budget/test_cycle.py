"""The budget steps in the annual cycle (årshjul): the seed's dates by default, the stored dates once changed."""

from __future__ import annotations

import datetime

from django.urls import reverse

from budget.models import BudgetCalendar


def test_the_annual_cycle_shows_the_budget_steps_with_their_dates(client, budget_world):
    client.force_login(budget_world.users["employee"])
    html = client.get(reverse("reporting:cycle-detail", args=[2026])).content.decode()
    for text in [
        "Sista dag för äskanden till 2027",
        "Budgetberedning inför 2027",
        "Budget- och strategiplan 2027 antas",
        "15 juni 2026",
        "Arbetsbudgetar för 2027",
        # December belongs to next year's process: its directive is adopted now.
        "Budgetdirektiv för budgetprocessen 2027",
        "15 december 2026",
    ]:
        assert text in html, text


def test_the_preparation_changes_the_dates(client, budget_world):
    w = budget_world
    client.force_login(w.users["ks_secretary"])
    data = {k: v.isoformat() for k, v in BudgetCalendar.defaults_for(2026).items()}
    data["plan_date"] = "2026-06-08"
    data["requests_due"] = "2025-12-01"  # before the requests open: refused beside the field
    response = client.post(reverse("budget:calendar-update", args=[2026]), data)
    assert response.status_code == 422
    assert "Steget kan inte sluta innan det börjar." in response.content.decode()
    assert not BudgetCalendar.objects.exists()
    data["requests_due"] = "2026-02-20"
    assert client.post(reverse("budget:calendar-update", args=[2026]), data).status_code == 302
    calendar = BudgetCalendar.objects.get(year=w.year)
    assert calendar.plan_date == datetime.date(2026, 6, 8)
    html = client.get(reverse("reporting:cycle-detail", args=[2026])).content.decode()
    assert "8 juni 2026" in html and "15 juni 2026" not in html
    client.force_login(w.users["secretary"])
    assert client.post(reverse("budget:calendar-update", args=[2026]), data).status_code == 403
