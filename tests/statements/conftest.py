"""A tiny municipality's ledger built as balance rows (no SIE file): opening balances, the year's result and
closing balances, cumulative period balances for April, August and December, the board's share on its ansvar
and verksamhet objects, budgets and one investment project, and the previous year's figures carried in the same
import (year_offset -1).

In kronor, debit positive. The year 2026: income 300 000, costs 2 000 000, depreciation 100 000, tax 1 500 000,
grants 400 000, financial income 10 000 and costs 20 000: a result of 90 000. Investments of 150 000 in buildings
(less the depreciation: +50 000), receivables up 50 000, pension provisions up 30 000, a new loan of 100 000,
supplier debts down 20 000: cash and bank from 300 000 to 400 000."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.models import Account, Balance, LedgerObject
from styrmodell.models import Role, Year
from tests.conftest import grant, make_user

OPENING = {
    "1110": 1_000_000,
    "1210": 200_000,
    "1510": 100_000,
    "1930": 300_000,
    "2040": -600_000,
    "2030": -100_000,
    "2210": -200_000,
    "2310": -500_000,
    "2410": -200_000,
}
MOVEMENT = {
    "1110": 50_000,
    "1510": 50_000,
    "1930": 100_000,
    "2210": -30_000,
    "2310": -100_000,
    "2410": 20_000,
    "3010": -300_000,
    "4010": 2_000_000,
    "7810": 100_000,
    "8010": -1_500_000,
    "8210": -400_000,
    "8410": -10_000,
    "8510": 20_000,
}
PREVIOUS_RESULT = {
    "3010": -250_000,
    "4010": 1_900_000,
    "7810": 90_000,
    "8010": -1_420_000,
    "8210": -380_000,
    "8510": 10_000,
}
NAMES = {
    "1110": "Byggnader",
    "1210": "Inventarier",
    "1510": "Kundfordringar",
    "1930": "Bank",
    "2040": "Övrigt eget kapital",
    "2030": "Resultatutjämningsreserv",
    "2210": "Avsättning för pensioner",
    "2310": "Lån i banker",
    "2410": "Leverantörsskulder",
    "3010": "Taxor och avgifter",
    "4010": "Löner",
    "7810": "Avskrivningar",
    "8010": "Kommunalskatt",
    "8210": "Inkomstutjämning",
    "8410": "Ränteintäkter",
    "8510": "Räntekostnader",
    "8999": "Årets resultat",
}
# The board BUN's share (ansvar 100, verksamhet 410) of the result accounts; the rest is SN's (ansvar 200, 510).
BUN_SHARE = {"3010": -200_000, "4010": 1_200_000, "7810": 60_000}
BUN_BUDGET = {"4010": 1_100_000, "3010": -150_000}
# Period months and the share of the year's movement booked by their end.
MONTHS = {4: Decimal("0.25"), 8: Decimal("0.5"), 12: Decimal("1")}


def D(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


class LedgerBuilder:
    def __init__(self, world, year: Year):
        self.world = world
        self.year = year
        self.accounts = {
            n: Account.objects.get_or_create(number=n, defaults={"name": name})[0]
            for n, name in NAMES.items()
        }
        self.rows: list[Balance] = []

    def add(self, kind: str, number: str, amount, month: int = 0, offset: int = 0, **objects) -> None:
        self.rows.append(
            Balance(
                year=self.year,
                year_offset=offset,
                kind=kind,
                month=month,
                account=self.accounts[number],
                amount=D(amount),
                **objects,
            )
        )

    def save(self) -> None:
        Balance.objects.bulk_create(self.rows)
        self.rows = []


def build_ledger(world, *, previous: bool = True, objects: bool = True) -> dict:
    b = LedgerBuilder(world, world.year)
    K = Balance.Kind
    for number, amount in OPENING.items():
        b.add(K.OPENING, number, amount)
        b.add(K.CLOSING, number, amount + MOVEMENT.get(number, 0))
    for number, amount in MOVEMENT.items():
        if number not in OPENING:
            b.add(K.RESULT, number, amount)
        for month, share in MONTHS.items():
            b.add(K.PERIOD, number, Decimal(amount) * share, month)
    made = {}
    if objects:
        made["ansvar_bun"] = r100 = LedgerObject.objects.create(
            dimension="ansvar", code="100", name="Skolor", unit=world.unit("school_a")
        )
        made["ansvar_sn"] = r200 = LedgerObject.objects.create(
            dimension="ansvar", code="200", name="Hemtjänst", unit=world.unit("home_care")
        )
        made["verksamhet_skola"] = a410 = LedgerObject.objects.create(
            dimension="verksamhet", code="410", name="Grundskola"
        )
        made["verksamhet_omsorg"] = a510 = LedgerObject.objects.create(
            dimension="verksamhet", code="510", name="Hemtjänst"
        )
        made["project"] = p1 = LedgerObject.objects.create(
            dimension="projekt", code="P1", name="Ny skola", unit=world.unit("bun")
        )
        for number, amount in BUN_SHARE.items():
            rest = MOVEMENT[number] - amount
            for month, share in MONTHS.items():
                for objs in (
                    {"responsibility": r100},
                    {"activity": a410},
                    {"responsibility": r100, "activity": a410},
                ):
                    b.add(K.PERIOD, number, Decimal(amount) * share, month, **objs)
                for objs in (
                    {"responsibility": r200},
                    {"activity": a510},
                    {"responsibility": r200, "activity": a510},
                ):
                    b.add(K.PERIOD, number, Decimal(rest) * share, month, **objs)
        for number, amount in BUN_BUDGET.items():
            for objs in (
                {"responsibility": r100},
                {"activity": a410},
                {"responsibility": r100, "activity": a410},
            ):
                b.add(K.BUDGET, number, amount, 12, **objs)
        for month, share in MONTHS.items():
            b.add(K.PERIOD, "1110", Decimal(150_000) * share, month, project=p1)
        b.add(K.BUDGET, "1110", 200_000, 12, project=p1)
    if previous:
        # Last year's closing balances are this year's opening ones, less last year's result, which was booked to
        # equity (2040) when the year was closed.
        for number, amount in OPENING.items():
            b.add(K.CLOSING, number, amount + (50_000 if number == "2040" else 0), offset=-1)
        for number, amount in PREVIOUS_RESULT.items():
            b.add(K.RESULT, number, amount, offset=-1)
            for month, share in MONTHS.items():
                b.add(K.PERIOD, number, Decimal(amount) * share, month, offset=-1)
    b.save()
    return made


@pytest.fixture
def ledger(world):
    return build_ledger(world)


@pytest.fixture
def finance_controller(world):
    """A controller on the municipality's root (the finance function)."""
    user = make_user("finance_controller")
    grant(user, Role.CONTROLLER, world.unit("kf"))
    world.users["finance_controller"] = user
    return user
