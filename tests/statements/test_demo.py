"""The demo: the ledger's Haparanda-sized import and this app's targets and adjustments, twice without change;
the statements of the demo's ledger add up (balance sheet balances, the cash flow ends at kassa och bank, no
account without a line)."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ledger.models import Statement
from statements import services
from statements.models import BalanceRequirement, FinancialTarget, SoundFinances
from styrmodell.models import Period, User


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (FinancialTarget, BalanceRequirement, SoundFinances)}


def test_the_demo_statements_add_up(db, settings, tmp_path, client) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    first = _counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == first == {"FinancialTarget": 3, "BalanceRequirement": 1, "SoundFinances": 1}

    year = timezone.localdate().year
    period = (
        Period.objects.filter(year__year=year, ends__month__lte=timezone.localdate().month)
        .order_by("ends")
        .last()
    )
    s = services.compute_statements(period)
    assert s.value(Statement.INCOME, "tax") > 0
    assert s.value(Statement.BALANCE, "total_assets") > 0
    assert s.value(Statement.BALANCE, "total_assets") == s.value(
        Statement.BALANCE, "total_equity_liabilities"
    )
    assert s.value(Statement.CASH_FLOW, "cash_start") + s.value(
        Statement.CASH_FLOW, "year_cash_flow"
    ) == s.value(Statement.CASH_FLOW, "cash_end")
    assert s.value(Statement.INCOME, "year_result", previous=True) != 0
    assert services.unmapped_accounts(period.year) == []
    operating = services.operating_accounts(period)
    assert {row.code for row in operating["boards"].rows} >= {"BUN", "SN"}
    assert services.investment_accounts(period).rows

    client.force_login(User.objects.get(username="kommun-ekonom"))
    page = client.get(reverse("statements:year-detail", args=[year]))
    assert page.status_code == 200
    assert "Balanskravsutredning" in page.content.decode()
