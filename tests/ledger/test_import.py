"""The import: what it stores, idempotency, replacement, atomicity, the unmapped accounts, the objects' units."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from ledger import services
from ledger.models import (
    Account,
    AccountRange,
    Balance,
    Dimension,
    LedgerImport,
    LedgerObject,
    Statement,
    StatementLine,
)

from .conftest import SMALL, run, sie_bytes, snapshot


def _amount(**filters) -> Decimal:
    return Balance.objects.get(**filters).amount


def test_it_stores_balances_with_months_offsets_and_objects(world) -> None:
    done = run(world, sie_bytes())
    assert done.state == LedgerImport.State.DONE
    assert done.through_month == 2
    assert _amount(kind="IB", year_offset=0, account__number="193") == Decimal("1000.00")
    assert _amount(kind="UB", year_offset=-1, account__number="193") == Decimal("1000.00")
    assert _amount(kind="RES", account__number="801") == Decimal("-500.00")
    # SIE gives each month's movement; the ledger keeps the movement to date.
    total = Balance.objects.filter(kind="PSALDO", year_offset=0, account__number="511", responsibility=None)
    assert dict(total.values_list("month", "amount")) == {1: Decimal("100.00"), 2: Decimal("200.00")}
    school = LedgerObject.objects.get(dimension=Dimension.RESPONSIBILITY, code="100")
    rows = Balance.objects.filter(kind="PSALDO", responsibility=school)
    assert dict(rows.values_list("month", "amount")) == {1: Decimal("60.00"), 2: Decimal("160.00")}
    assert {r.activity.code for r in rows.select_related("activity")} == {"435"}
    # An ansvar without bookings in February still has its movement to date there.
    home = Balance.objects.filter(kind="PSALDO", responsibility__code="200")
    assert dict(home.values_list("month", "amount")) == {1: Decimal("40.00"), 2: Decimal("40.00")}
    assert _amount(kind="PSALDO", year_offset=-1, month=12) == Decimal("90.00")
    assert _amount(kind="PBUDGET", month=1) == Decimal("110.00")
    assert Account.objects.get(number="204").name == "Övrigt eget kapital"
    assert set(LedgerObject.objects.values_list("dimension", "code")) == {
        ("ansvar", "100"),
        ("ansvar", "200"),
        ("verksamhet", "435"),
        ("projekt", "P1"),
    }
    assert done.accounts == 4
    assert done.rows == Balance.objects.count()


def test_it_changes_nothing_when_the_same_file_comes_again(world) -> None:
    run(world, sie_bytes())
    before = snapshot()
    again = run(world, sie_bytes())
    assert again.state == LedgerImport.State.REFUSED
    assert "redan inläst" in again.message
    assert snapshot() == before


def test_a_new_file_replaces_the_years_figures(world) -> None:
    run(world, sie_bytes())
    run(world, sie_bytes(SMALL.replace("#RES 0 801 -500.00", "#RES 0 801 -650.00")))
    assert _amount(kind="RES", account__number="801") == Decimal("-650.00")
    assert Balance.objects.filter(kind="RES", account__number="801").count() == 1
    assert LedgerImport.objects.filter(state=LedgerImport.State.DONE).count() == 2


def test_a_failure_half_way_keeps_the_previous_figures(world, monkeypatch) -> None:
    run(world, sie_bytes())
    before = snapshot()
    writer = "_copy_rows" if connection.vendor == "postgresql" else "_insert_rows"
    original = getattr(services, writer)

    def break_half_way(rows):
        original(iter([next(rows), next(rows)]))  # written, then the database fails
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, writer, break_half_way)
    changed = SMALL.replace("#RES 0 801 -500.00", "#RES 0 801 -650.00").replace('"Bank"', '"Bank och kassa"')
    with pytest.raises(RuntimeError):
        run(world, sie_bytes(changed))
    assert snapshot() == before


def test_it_keeps_the_unit_an_ansvar_was_given(world) -> None:
    run(world, sie_bytes())
    school = LedgerObject.objects.get(dimension=Dimension.RESPONSIBILITY, code="100")
    school.unit = world.units["school_a"]
    school.save(update_fields=["unit"])
    run(world, sie_bytes(SMALL.replace('"Skolan"', '"Skolan Norr"')))
    school.refresh_from_db()
    assert school.unit == world.units["school_a"]
    assert school.name == "Skolan Norr"


def test_it_lists_accounts_no_statement_line_covers(world) -> None:
    AccountRange.objects.all().delete()
    line = StatementLine.objects.create(statement=Statement.BALANCE, key="test-kassa", name="Kassa och bank")
    AccountRange.objects.create(line=line, first="19", last="19")
    AccountRange.objects.create(line=line, first="200", last="299")
    done = run(world, sie_bytes())
    assert [(u["account"], u["amount"]) for u in done.unmapped] == [("511", "200.00"), ("801", "-500.00")]
    AccountRange.objects.create(line=line, first="5000", last="5999")
    assert [u["account"] for u in services.still_unmapped(done.unmapped)] == ["801"]


def test_it_reads_the_dimensions_the_controller_names(world) -> None:
    text = SMALL.replace('#DIM 2 "Verksamhet"', '#DIM 2 "Kostnadsbärare"')
    run(world, sie_bytes(text), ansvar="2", verksamhet="1", projekt="6")
    assert set(LedgerObject.objects.filter(dimension="ansvar").values_list("code", flat=True)) == {"435"}
    assert set(LedgerObject.objects.filter(dimension="verksamhet").values_list("code", flat=True)) == {
        "100",
        "200",
    }


def test_rows_on_a_dimension_it_does_not_read_are_not_taken_for_totals(world) -> None:
    text = SMALL.replace('#DIM 2 "Verksamhet"', '#DIM 2 "Kostnadsbärare"')
    run(world, sie_bytes(text))
    totals = Balance.objects.filter(kind="PSALDO", year_offset=0, account__number="511", responsibility=None)
    assert dict(totals.values_list("month", "amount")) == {1: Decimal("100.00"), 2: Decimal("200.00")}
    # The ansvar 100 rows were booked with dimension 2 too: not kept, the ansvar 200 row is.
    kept = Balance.objects.filter(kind="PSALDO", responsibility__isnull=False)
    assert set(kept.values_list("responsibility__code", flat=True)) == {"200"}
