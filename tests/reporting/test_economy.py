"""Economy per board and year, entered by controllers."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from reporting.models import BudgetFrame, EconomyFigure

from .conftest import make_economy


def test_economy_page_computes_the_deviation(client, world) -> None:
    make_economy(world)
    client.force_login(world.users["board_member"])
    response = client.get(
        reverse("reporting:economy-detail", kwargs={"code": world.unit("bun").code, "year": 2026})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "−3" in html or "-3" in html  # 250 000 − 253 500
    assert response.context["economy"].rows[1].deviation == Decimal("-3500")
    assert "Underskott inom skolskjuts." in html


def test_controller_sets_the_budget_frame(client, world) -> None:
    client.force_login(world.users["controller"])
    url = reverse("reporting:economy-budget", kwargs={"code": world.unit("bun").code, "year": 2026})
    response = client.post(url, {"amount": "251000.5"})
    assert response.status_code == 302
    frame = BudgetFrame.objects.get()
    assert frame.amount == Decimal("251000.5")
    assert frame.updated_by == world.users["controller"]


def test_controller_enters_outcome_forecast_and_analysis(client, world) -> None:
    client.force_login(world.users["controller"])
    period = world.periods["t2"]
    url = reverse("reporting:economy-figure", kwargs={"code": world.unit("bun").code, "period": period.code})
    response = client.post(url, {"outcome": "1000", "forecast": "3000", "analysis": "Enligt plan."})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "reporting:economy-detail", kwargs={"code": world.unit("bun").code, "year": 2026}
    )
    figure = EconomyFigure.objects.get()
    assert (figure.outcome, figure.forecast, figure.analysis) == (
        Decimal("1000"),
        Decimal("3000"),
        "Enligt plan.",
    )
    assert figure.history.count() == 1


def test_a_closed_period_is_locked(client, world) -> None:
    client.force_login(world.users["controller"])
    period = world.periods["t1"]
    url = reverse("reporting:economy-figure", kwargs={"code": world.unit("bun").code, "period": period.code})
    assert client.post(url, {"outcome": "1", "forecast": "1"}).status_code == 403
    assert not EconomyFigure.objects.exists()


def test_others_do_not_enter_figures(client, world) -> None:
    period = world.periods["t2"]
    url = reverse("reporting:economy-figure", kwargs={"code": world.unit("bun").code, "period": period.code})
    client.force_login(world.users["secretary"])
    assert client.post(url, {"outcome": "1", "forecast": "1"}).status_code == 403
    client.force_login(world.users["outsider"])
    assert client.post(url, {"outcome": "1", "forecast": "1"}).status_code == 404
    assert not EconomyFigure.objects.exists()
