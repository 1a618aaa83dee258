"""The statements' parts in the municipality's and a board's reports (reporting.parts), and query counts that do
not grow with the number of accounts."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from ledger.models import Account, Balance
from reporting import parts, services
from reporting.models import Report


def test_the_parts_are_registered_in_order() -> None:
    keys = [p.key for p in parts.registered() if p.key.startswith("statements.")]
    assert keys == [
        "statements.income",
        "statements.balance",
        "statements.cash_flow",
        "statements.operating",
        "statements.investments",
        "statements.balance_requirement",
        "statements.sound_finances",
        "statements.notes",
    ]


def test_the_municipality_report_holds_every_statement(world, ledger) -> None:
    report = services.get_or_create_report(world.unit("kf"), world.periods["ye"], None)
    assert report.scope == Report.Scope.MUNICIPALITY
    # parts.render gives every registered part that applies; the report's outline (another app's) may place them
    # under its own sections, so the built report is checked by its content below.
    blocks = {block.key: block for block in parts.render(report, 3)}
    for key in (
        "statements.income",
        "statements.balance",
        "statements.cash_flow",
        "statements.operating",
        "statements.investments",
        "statements.balance_requirement",
        "statements.sound_finances",
    ):
        assert key in blocks, key
    income = blocks["statements.income"].html
    assert "<caption" in income and 'scope="col"' in income and "Årets resultat" in income
    assert "Kassa och bank" in blocks["statements.balance"].html
    assert "<h3>Per nämnd</h3>" in blocks["statements.operating"].html
    assert "Balanskravet är uppfyllt." in blocks["statements.balance_requirement"].html
    assert "god ekonomisk hushållning" in blocks["statements.sound_finances"].html
    body, _document, pdf = services.render_report(report)
    assert pdf.startswith(b"%PDF")
    for text in (
        "Verksamhetens nettokostnader",
        "Summa tillgångar",
        "Årets kassaflöde",
        "Årets balanskravsresultat",
    ):
        assert text in body, text


def test_a_board_report_has_its_own_operating_and_investment_accounts_only(world, ledger) -> None:
    report = services.get_or_create_report(world.unit("bun"), world.periods["ye"], None)
    keys = [block.key for block in parts.render(report, 3) if block.key.startswith("statements.")]
    assert keys == ["statements.operating", "statements.investments"]
    html = parts.get("statements.operating").render(report, 3)
    assert "Grundskola" in html and "Hemtjänst" not in html


def test_without_a_ledger_the_parts_are_left_out(world) -> None:
    report = services.get_or_create_report(world.unit("kf"), world.periods["ye"], None)
    assert [b for b in parts.render(report, 3) if b.key.startswith("statements.")] == []


def _more_accounts(world, count: int) -> None:
    accounts = Account.objects.bulk_create(
        Account(number=f"45{i:02d}", name=f"Kostnad {i}") for i in range(count)
    )
    Balance.objects.bulk_create(
        Balance(year=world.year, kind=kind, month=month, account=account, amount=Decimal("1000"))
        for account in accounts
        for kind, month in ((Balance.Kind.RESULT, 0), (Balance.Kind.PERIOD, 12), (Balance.Kind.PERIOD, 8))
    )


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_pages_do_not_query_per_account(client, world, ledger, django_assert_max_num_queries) -> None:
    client.force_login(world.users["employee"])
    year_url = reverse("statements:year-detail", args=[2026]) + "?period=ye"
    board_url = reverse("statements:board-detail", args=[2026, world.unit("bun").code]) + "?period=t2"
    mapping_url = reverse("statements:mapping") + "?year=2026"
    few = {url: _queries(client, url) for url in (year_url, board_url, mapping_url)}
    _more_accounts(world, 60)
    for url, count in few.items():
        with django_assert_max_num_queries(count):
            client.get(url)


def test_each_statement_part_is_a_few_queries(world, ledger, django_assert_max_num_queries) -> None:
    report = services.get_or_create_report(world.unit("kf"), world.periods["ye"], None)
    _more_accounts(world, 40)
    # has_ledger, the mapping's lines and ranges, one GROUP BY over the balances.
    with django_assert_max_num_queries(4):
        parts.get("statements.income").render(report, 3)
    # has_ledger, the mapping, the boards, the sums per ansvar unit, per verksamhet and their names.
    with django_assert_max_num_queries(7):
        parts.get("statements.operating").render(report, 3)
