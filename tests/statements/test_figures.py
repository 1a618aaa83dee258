"""The statements computed from the tiny municipality's ledger (tests/statements/conftest.py)."""

from __future__ import annotations

from decimal import Decimal

from ledger.models import Statement
from statements import services

RR, BR, KF = Statement.INCOME, Statement.BALANCE, Statement.CASH_FLOW


def test_the_income_statement_of_the_year_end_ends_at_the_result(world, ledger) -> None:
    s = services.compute_statements(world.periods["ye"])
    assert s.value(RR, "operating_income") == 300_000
    assert s.value(RR, "operating_costs") == -2_000_000
    assert s.value(RR, "depreciation") == -100_000
    assert s.value(RR, "net_costs") == -1_800_000
    assert s.value(RR, "operating_result") == 100_000
    assert s.value(RR, "result_after_financial") == 90_000
    assert s.value(RR, "year_result") == 90_000
    assert s.value(RR, "year_result", previous=True) == 50_000


def test_the_balance_sheet_balances_and_its_equity_grows_by_the_result(world, ledger) -> None:
    s = services.compute_statements(world.periods["ye"])
    assert s.value(BR, "total_assets") == 1_800_000
    assert s.value(BR, "total_equity_liabilities") == s.value(BR, "total_assets")
    assert s.value(BR, "equity_result") == s.value(RR, "year_result")
    assert s.value(BR, "equity") - s.value(BR, "equity", previous=True) == 90_000
    assert s.value(BR, "tangible") == 1_250_000
    assert s.value(BR, "pension_provisions") == 230_000
    assert s.value(BR, "total_assets", previous=True) == 1_600_000


def test_the_cash_flow_ends_at_cash_and_bank(world, ledger) -> None:
    s = services.compute_statements(world.periods["ye"])
    assert s.value(KF, "result") == 90_000
    assert s.value(KF, "depreciation_adjustment") == 100_000
    assert s.value(KF, "operating_cash_flow") == 150_000
    assert s.value(KF, "tangible_investments") == -150_000
    assert s.value(KF, "loans") == 100_000
    assert s.value(KF, "year_cash_flow") == 100_000
    assert s.value(KF, "cash_start") == 300_000
    assert s.value(KF, "cash_end") == s.value(BR, "cash") == 400_000
    assert s.value(KF, "cash_start") + s.value(KF, "year_cash_flow") == s.value(KF, "cash_end")


def test_an_interim_period_reads_the_balances_to_its_end_month(world, ledger) -> None:
    s = services.compute_statements(world.periods["t2"])
    assert s.value(RR, "year_result") == 45_000
    assert s.value(RR, "year_result", previous=True) == 25_000
    assert s.value(BR, "cash") == 350_000
    assert s.value(BR, "total_equity_liabilities") == s.value(BR, "total_assets") == 1_700_000
    assert s.value(KF, "cash_start") + s.value(KF, "year_cash_flow") == s.value(KF, "cash_end") == 350_000


def test_the_previous_year_comes_from_its_own_import_when_this_one_has_none(world) -> None:
    from tests.conftest import make_year

    from .conftest import build_ledger

    this_year = world.year
    world.year, _periods = make_year(2025)
    build_ledger(world, previous=False, objects=False)
    world.year = this_year
    build_ledger(world, previous=False, objects=False)
    s = services.compute_statements(world.periods["ye"])
    assert s.has_previous
    assert s.value(RR, "year_result", previous=True) == 90_000


def test_a_board_reads_the_rows_of_its_responsibility_codes(world, ledger) -> None:
    s = services.compute_statements(world.periods["ye"], world.unit("bun"))
    assert s.balance is None
    assert s.value(RR, "operating_income") == 200_000
    assert s.value(RR, "operating_costs") == -1_200_000
    assert s.value(RR, "net_costs") == -1_060_000


def test_operating_accounts_per_board_and_activity(world, ledger) -> None:
    result = services.operating_accounts(world.periods["ye"])
    boards = {row.code: row for row in result["boards"].rows}
    assert boards["BUN"].outcome == -1_060_000
    assert boards["BUN"].budget == -950_000
    assert boards["BUN"].deviation == -110_000
    assert boards["SN"].outcome == -740_000
    assert result["boards"].total.outcome == -1_800_000
    activities = {row.code: row for row in result["activities"].rows}
    assert activities["410"].outcome == -1_060_000 and activities["510"].outcome == -740_000
    board = services.operating_accounts(world.periods["t2"], world.unit("bun"))
    assert "boards" not in board
    assert [row.code for row in board["activities"].rows] == ["410"]
    assert board["activities"].rows[0].outcome == -530_000
    # No budget for August in the ledger: the year's budget is shown, and said so.
    assert board["activities"].budget_of_year


def test_investment_accounts_per_project(world, ledger) -> None:
    table = services.investment_accounts(world.periods["ye"])
    assert [(r.code, r.budget, r.outcome, r.deviation) for r in table.rows] == [
        ("P1", Decimal("200000.00"), Decimal("150000.00"), Decimal("50000.00"))
    ]
    assert services.investment_accounts(world.periods["ye"], world.unit("sn")).rows == []


def test_an_unmapped_account_is_listed_not_dropped(world, ledger) -> None:
    from ledger.models import Account, Balance

    closing = Account.objects.get(number="8999")
    Balance.objects.create(year=world.year, kind=Balance.Kind.RESULT, account=closing, amount=Decimal("5"))
    assert [a.number for a in services.unmapped_accounts(world.year)] == ["8999"]


def test_without_last_years_opening_balances_its_cash_flow_stays_empty(world, ledger) -> None:
    s = services.compute_statements(world.periods["ye"])
    assert s.value(BR, "cash", previous=True) == 300_000
    assert s.cash_flow.value("year_cash_flow", previous=True) is None
    assert s.income.value("year_result", previous=True) == 50_000


def test_operating_accounts_show_the_same_period_last_year(world, ledger) -> None:
    from ledger.models import Balance

    from .conftest import LedgerBuilder

    # Without last year's rows per ansvar and verksamhet, the column is left out rather than shown empty.
    assert not services.operating_accounts(world.periods["t2"])["boards"].has_previous
    b = LedgerBuilder(world, world.year)
    for month, share in ((4, Decimal("0.25")), (8, Decimal("0.5")), (12, Decimal("1"))):
        for objects, amount in (
            ({"responsibility": ledger["ansvar_bun"], "activity": ledger["verksamhet_skola"]}, 1_000_000),
            ({"responsibility": ledger["ansvar_sn"], "activity": ledger["verksamhet_omsorg"]}, 700_000),
        ):
            b.add(Balance.Kind.PERIOD, "4010", Decimal(amount) * share, month, offset=-1, **objects)
    b.save()
    result = services.operating_accounts(world.periods["t2"])
    boards = {row.code: row for row in result["boards"].rows}
    assert result["boards"].has_previous
    assert boards["BUN"].previous == -500_000 and boards["SN"].previous == -350_000
    assert result["boards"].total.previous == -850_000
    activities = {row.code: row for row in result["activities"].rows}
    assert activities["410"].previous == -500_000
    # This year's figures are untouched by last year's rows.
    assert (
        boards["BUN"].outcome
        == services.operating_accounts(world.periods["t2"], world.unit("bun"))["activities"].total.outcome
    )
