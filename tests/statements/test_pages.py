"""The statements pages: who reads them, what they show, the mapping editor and the controller's entries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ledger.models import AccountRange, StatementLine
from statements.models import BalanceRequirement, FinancialTarget, SoundFinances


def year_url(world) -> str:
    return reverse("statements:year-detail", args=[world.year.year])


def board_url(world, key: str) -> str:
    return reverse("statements:board-detail", args=[world.year.year, world.unit(key).code])


def test_the_municipality_page_shows_the_statements_in_tkr(client, world, ledger) -> None:
    client.force_login(world.users["employee"])
    response = client.get(year_url(world) + "?period=ye")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Resultaträkning" in html and "Balansräkning" in html and "Kassaflödesanalys" in html
    assert "Verksamhetens nettokostnader" in html
    assert "\u22121\u00a0800" in html  # net costs −1 800 tkr with a true minus and a no-break space
    assert "Årets resultat" in html and ">90<" in html
    assert "jan–dec 2026" in html and "jan–dec 2025" in html
    assert ">Not<" in html and ">Post<" in html
    assert 'scope="row"' in html and "<caption" in html
    assert "Balanskravet är uppfyllt." in html


def test_a_page_without_a_ledger_says_so(client, world) -> None:
    client.force_login(world.users["employee"])
    response = client.get(year_url(world))
    assert response.status_code == 200
    assert "Ingen huvudbok har importerats för 2026 än." in response.content.decode()


def test_a_board_page_is_for_those_in_line_with_the_board(client, world, ledger) -> None:
    client.force_login(world.users["manager"])
    response = client.get(board_url(world, "bun") + "?period=ye")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Grundskola" in html and "Ny skola" in html
    assert "Balansräkning" not in html
    client.force_login(world.users["outsider"])
    assert client.get(board_url(world, "bun")).status_code == 404
    # A node that is not a board answers as if there were none.
    client.force_login(world.users["admin"])
    assert client.get(board_url(world, "school_a")).status_code == 404


def test_unknown_period_or_year_is_not_found(client, world, ledger) -> None:
    client.force_login(world.users["employee"])
    assert client.get(year_url(world) + "?period=x9").status_code == 404
    assert client.get(reverse("statements:year-detail", args=[1999])).status_code == 404


def test_a_person_without_a_role_reads_nothing(client, world, ledger) -> None:
    from tests.conftest import make_user

    client.force_login(make_user("nobody"))
    assert client.get(year_url(world)).status_code == 404
    assert client.get(reverse("statements:mapping")).status_code == 404
    client.logout()
    assert client.get(year_url(world)).status_code == 302


@pytest.mark.parametrize(
    "persona, status",
    [
        ("finance_controller", 200),
        ("admin", 200),
        ("controller", 403),
        ("board_member", 403),
        ("outsider", 403),
    ],
)
def test_who_may_change_the_mapping(client, world, finance_controller, persona, status) -> None:
    line = StatementLine.objects.get(statement="RR", key="operating_income")
    client.force_login(world.users[persona])
    assert client.get(reverse("statements:range-create", args=[line.pk])).status_code == status
    assert client.get(reverse("statements:mapping")).status_code == 200


def test_the_controller_adds_changes_and_removes_a_range(client, world, finance_controller, ledger) -> None:
    client.force_login(finance_controller)
    line = StatementLine.objects.get(statement="RR", key="extraordinary")
    response = client.post(reverse("statements:range-create", args=[line.pk]), {"first": "89", "last": "89"})
    assert response.status_code == 302
    added = AccountRange.objects.get(line=line, first="89")
    assert added.last == "89"
    response = client.post(
        reverse("statements:range-update", args=[added.pk]), {"first": "890", "last": "899"}
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.first, added.last) == ("890", "899")
    response = client.post(reverse("statements:range-delete", args=[added.pk]))
    assert response.status_code == 302
    assert not AccountRange.objects.filter(pk=added.pk).exists()
    assert client.get(reverse("statements:range-delete", args=[line.ranges.first().pk])).status_code == 405


@pytest.mark.parametrize(
    "first, last, field, message",
    [
        ("3a", "39", "first", "Ange ett kontonummer med enbart siffror."),
        ("", "39", "first", "Detta fält är obligatoriskt."),
        ("892", "891", "last", "Tillkonto får inte komma före frånkonto."),
        ("3050", "3059", "first", "överlappar 3–3 på raden ”Verksamhetens intäkter”"),
    ],
)
def test_a_bad_range_is_refused_beside_the_field(
    client, world, finance_controller, first, last, field, message
) -> None:
    client.force_login(finance_controller)
    line = StatementLine.objects.get(statement="RR", key="extraordinary")
    before = AccountRange.objects.count()
    response = client.post(reverse("statements:range-create", args=[line.pk]), {"first": first, "last": last})
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert f'value="{last}"' in html  # what was typed stays
    assert AccountRange.objects.count() == before


def test_ranges_of_another_statement_may_overlap(client, world, finance_controller) -> None:
    client.force_login(finance_controller)
    line = StatementLine.objects.get(statement="KF", key="financing_cash_flow")
    assert client.get(reverse("statements:range-create", args=[line.pk])).status_code == 403  # a subtotal
    line = StatementLine.objects.get(statement="KF", key="loans")
    response = client.post(
        reverse("statements:range-create", args=[line.pk]), {"first": "2350", "last": "2359"}
    )
    assert response.status_code == 422  # inside 23 of the same line's statement
    response = client.post(
        reverse("statements:range-create", args=[line.pk]), {"first": "2299", "last": "2299"}
    )
    assert response.status_code == 422  # 22 belongs to the provisions' change
    line = StatementLine.objects.get(statement="BR", key="long_term_liabilities")
    AccountRange.objects.filter(line=line).delete()
    response = client.post(reverse("statements:range-create", args=[line.pk]), {"first": "23", "last": "23"})
    assert response.status_code == 302  # 23 is also the cash-flow statement's, which is another statement


def test_the_mapping_page_lists_the_unmapped_accounts(client, world, ledger) -> None:
    from ledger.models import Account, Balance

    Balance.objects.create(
        year=world.year,
        kind=Balance.Kind.RESULT,
        account=Account.objects.get(number="8999"),
        amount=Decimal("1"),
    )
    client.force_login(world.users["employee"])
    html = client.get(reverse("statements:mapping") + "?year=2026").content.decode()
    assert "8999 Årets resultat" in html
    assert "Lägg till konton" not in html  # an employee only reads


def test_the_controller_enters_the_balance_requirement_adjustments(
    client, world, finance_controller, ledger
) -> None:
    client.force_login(finance_controller)
    url = reverse("statements:balance-requirement-update", args=[2026])
    data = {
        "realisation_gains": "120 000",
        "realisation_losses_exempt": "0",
        "unrealised_securities": "0",
        "reserve_to": "0",
        "reserve_from": "0",
        "earlier_deficits": "10000",
        "earlier_deficits_note": "Underskott 2024.",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    record = BalanceRequirement.objects.get(year=world.year)
    assert record.realisation_gains == 120_000 and record.updated_by == finance_controller
    assert record.history.count() == 1
    html = client.get(year_url(world) + "?period=ye").content.decode()
    assert "Balanskravet är inte uppfyllt." in html
    response = client.post(url, {**data, "reserve_from": "-5"})
    assert response.status_code == 422
    assert "Ange beloppet som ett positivt tal." in response.content.decode()
    response = client.post(url, {**data, "reserve_from": "mycket"})
    assert response.status_code == 422 and 'value="mycket"' in response.content.decode()
    client.force_login(world.users["controller"])
    assert client.post(url, data).status_code == 403
    world.year.is_closed = True
    world.year.save(update_fields=["is_closed"])
    client.force_login(finance_controller)
    assert client.get(url).status_code == 403


def test_the_controller_sets_the_financial_targets(client, world, finance_controller, ledger) -> None:
    client.force_login(finance_controller)
    url = reverse("statements:sound-finances-update", args=[2026])
    response = client.get(url)
    assert response.status_code == 200
    assert 'value="2,0"' in response.content.decode()  # the default target, in Swedish
    data = {
        "targets-TOTAL_FORMS": "2",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-metric": "result_share",
        "targets-0-comparator": "gte",
        "targets-0-target": "2,5",
        "targets-1-metric": "",
        "targets-1-comparator": "gte",
        "targets-1-target": "",
        "evaluation-pension_obligations": "500000",
        "evaluation-conclusion": "Kommunen har en god ekonomisk hushållning.",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    target = FinancialTarget.objects.get(year=world.year)
    assert (target.metric, target.target) == ("result_share", Decimal("2.5"))
    assert SoundFinances.objects.get(year=world.year).pension_obligations == 500_000
    twice = {**data, "targets-1-metric": "result_share", "targets-1-target": "1"}
    twice["targets-INITIAL_FORMS"] = "0"
    FinancialTarget.objects.all().delete()
    response = client.post(url, twice)
    assert response.status_code == 422
    assert "Det här nyckeltalet har redan ett mål." in response.content.decode()
