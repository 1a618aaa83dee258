"""The data migration that repairs economic figures saved out of range before the import checked its numbers."""

from __future__ import annotations

import decimal
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from reporting.models import BudgetFrame, EconomyFigure

from .conftest import make_economy, make_report

migration = importlib.import_module("reporting.migrations.0005_repair_out_of_range_economy")

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL's numeric(14, 1) cannot hold such a value at all"
)


def _store_raw(table: str, column: str, value: float, pk: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


def test_an_out_of_range_figure_is_cleared_with_a_note_and_the_pages_work_again(client, world) -> None:
    figure = make_economy(world)
    _store_raw("reporting_economyfigure", "outcome", 1e20, figure.pk)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reporting_historicaleconomyfigure SET outcome = %s", [1e20])
    with pytest.raises(decimal.InvalidOperation):  # what broke every page that read the figure
        EconomyFigure.objects.get()

    migration.repair(apps, SimpleNamespace(connection=connection))

    figure = EconomyFigure.objects.get()
    assert figure.outcome == 0
    assert figure.forecast == decimal.Decimal("253500")  # the value in range is kept
    assert figure.analysis.startswith("[Rättat vid uppgradering: utfallet hittills (1E+20 tkr) var större")
    assert figure.analysis.endswith("Underskott inom skolskjuts.")
    assert [h.outcome for h in figure.history.all()] == [0]
    board = world.unit("bun")
    client.force_login(world.users["controller"])
    response = client.get(
        reverse("reporting:economy-detail", kwargs={"code": board.code, "year": world.year.year})
    )
    assert response.status_code == 200
    assert "Rättat vid uppgradering" in response.content.decode()
    assert "Rättat vid uppgradering" in make_report(world).body_html


def test_an_out_of_range_budget_frame_is_removed(world) -> None:
    make_economy(world)
    frame = BudgetFrame.objects.get()
    _store_raw("reporting_budgetframe", "amount", -1e15, frame.pk)
    migration.repair(apps, SimpleNamespace(connection=connection))
    assert not BudgetFrame.objects.exists()
    assert EconomyFigure.objects.get().outcome == decimal.Decimal("168000")  # figures in range are untouched
