"""The demo ledger: a consistent Haparanda-sized year, mapped to the demo's boards, loaded twice without change."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone

from ledger import demo as ledger_demo
from ledger.models import Balance, Dimension, LedgerImport, LedgerObject
from styrmodell import demo as core_demo

from .conftest import snapshot


def _load() -> core_demo.DemoContext:
    ctx = core_demo.DemoContext(stdout=io.StringIO())
    core_demo.load(ctx)
    ledger_demo.load(ctx)
    return ctx


def _sum(**filters) -> Decimal:
    # Added up in Python: SQLite sums decimals as floating point.
    return sum(Balance.objects.filter(**filters).values_list("amount", flat=True), Decimal(0))


def test_the_demo_ledger_is_consistent_and_loads_twice_without_change(db) -> None:
    ctx = _load()
    first = snapshot()
    _load()
    assert snapshot() == first
    assert LedgerImport.objects.filter(state=LedgerImport.State.DONE).count() == 1

    today = timezone.localdate()
    done = LedgerImport.objects.get()
    assert done.through_month == today.month
    year = ctx.years[today.year]
    totals = {"year": year, "responsibility": None, "activity": None, "project": None}
    # The balance sheet balances: opening balances add up to zero, closing balances to minus the result.
    for offset in (0, -1):
        assert _sum(kind="IB", year_offset=offset, **totals) == 0
        result = _sum(kind="RES", year_offset=offset, **totals)
        assert _sum(kind="UB", year_offset=offset, **totals) == -result
    # A full year's scale: about 500 Mkr of taxes, 250 Mkr of grants and 900 Mkr of costs, a small surplus.
    last = {**totals, "kind": "RES", "year_offset": -1}
    assert Decimal("-520e6") < _sum(account__number__startswith="80", **last) < Decimal("-460e6")
    assert Decimal("-260e6") < _sum(account__number__startswith="82", **last) < Decimal("-230e6")
    costs = sum(_sum(account__number__startswith=str(c), **last) for c in (4, 5, 6, 7))
    assert Decimal("850e6") < costs < Decimal("950e6")
    assert Decimal("-40e6") < _sum(**last) < 0
    # The result is the sum of the months (PSALDO is the movement to date).
    psaldo = _sum(kind="PSALDO", year_offset=0, month=today.month, account__number__gte="3", **totals)
    assert psaldo == _sum(kind="RES", year_offset=0, **totals)
    # Every ansvar belongs to a board or unit of the demo.
    ansvar = LedgerObject.objects.filter(dimension=Dimension.RESPONSIBILITY)
    assert ansvar.count() > 30
    assert not ansvar.filter(unit__isnull=True).exists()
    assert ansvar.get(code="3310").unit == ctx.units["aspen"]
