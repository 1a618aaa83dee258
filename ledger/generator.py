"""Deterministic SIE 4 files of a municipality's ledger, for the demo, the tests and the benchmark.

A file holds two years (#RAR 0 and -1): the previous year in full, the current one through `through_month`.
The books are consistent the way a finance system's are: every month's bookings balance, so the balance
accounts' closing balances plus the result accounts' results add up to zero, the opening balances of the year
add up to zero (the previous year's result was moved into equity), each #RES is the sum of its account's
#PSALDO and each #UB its #IB plus its #PSALDO. Result accounts are booked per ansvar and verksamhet (dimensions 1
and 2), investments per project (dimension 6); every #PSALDO is given for the account as a whole (`{}`) and per
object, each month's own movement as the SIE standard has it. Amounts are computed in öre, so the sums are exact.

The default profile is Haparanda-sized: about 935 Mkr of costs, 500 Mkr of tax revenue and 250 Mkr of general
state grants and equalisation a year."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import BinaryIO

from . import kommunbas

MKR = 100_000_000  # öre in a million kronor


@dataclass(frozen=True)
class Ansvar:
    code: str
    name: str
    board: str  # a key of BOARD_PROFILES (or "finance")
    activity: str  # verksamhet code
    unit: str = ""  # the demo unit key it maps to


ACTIVITIES: list[tuple[str, str]] = [
    ("100", "Politisk verksamhet"),
    ("110", "Nämnd- och styrelseverksamhet"),
    ("210", "Fysisk och teknisk planering"),
    ("220", "Näringslivsfrämjande åtgärder"),
    ("230", "Gator, vägar och parker"),
    ("260", "Miljö, hälsa och hälsoskydd"),
    ("270", "Räddningstjänst"),
    ("310", "Fritidsverksamhet"),
    ("350", "Kulturverksamhet"),
    ("407", "Förskola"),
    ("425", "Fritidshem"),
    ("435", "Grundskola"),
    ("440", "Gymnasieskola"),
    ("470", "Vuxenutbildning"),
    ("510", "Vård och omsorg om äldre"),
    ("520", "Insatser enligt LSS"),
    ("560", "Individ- och familjeomsorg"),
    ("570", "Ekonomiskt bistånd"),
    ("610", "Flyktingmottagande"),
    ("620", "Arbetsmarknadsåtgärder"),
    ("810", "Vatten och avlopp"),
    ("820", "Avfallshantering"),
    ("910", "Lokaler och fastigheter"),
    ("920", "Kostverksamhet"),
    ("930", "Administration och IT"),
    ("990", "Finansiell verksamhet"),
]

# The demo's ansvar, each mapped to a board or unit of styrmodell.demo.TREE.
DEMO_ANSVAR: list[Ansvar] = [
    Ansvar("1000", "Kommunfullmäktige", "ks", "100", "kf"),
    Ansvar("1100", "Kommunstyrelsen", "ks", "110", "ks"),
    Ansvar("1110", "Kommunledningsförvaltningen", "ks", "930", "klf"),
    Ansvar("1120", "Ekonomiavdelningen", "ks", "930", "ekonomi"),
    Ansvar("1130", "Personalavdelningen", "ks", "930", "personal"),
    Ansvar("1140", "Kansliavdelningen", "ks", "930", "kansli"),
    Ansvar("1150", "Räddningstjänsten", "ks", "270", "ks"),
    Ansvar("1160", "Näringsliv och arbetsmarknad", "ks", "620", "klf"),
    Ansvar("1170", "Fritid och kultur", "ks", "310", "klf"),
    Ansvar("3000", "Barn- och utbildningsnämnden", "bun", "110", "bun"),
    Ansvar("3100", "Barn- och utbildningsförvaltningen, gemensamt", "bun", "435", "buf"),
    Ansvar("3200", "Förskoleavdelningen", "bun", "407", "forskola"),
    Ansvar("3210", "Förskolan Solrosen", "bun", "407", "solrosen"),
    Ansvar("3220", "Förskolan Norrskenet", "bun", "407", "norrskenet"),
    Ansvar("3300", "Grundskoleavdelningen", "bun", "435", "grundskola"),
    Ansvar("3310", "Aspenskolan", "bun", "435", "aspen"),
    Ansvar("3315", "Aspenskolan, fritidshem", "bun", "425", "aspen"),
    Ansvar("3320", "Kristallskolan", "bun", "435", "kristall"),
    Ansvar("3400", "Tornedalsskolan", "bun", "440", "gymnasiet"),
    Ansvar("3410", "Vuxenutbildningen", "bun", "470", "buf"),
    Ansvar("5000", "Socialnämnden", "sn", "110", "sn"),
    Ansvar("5100", "Socialförvaltningen, gemensamt", "sn", "510", "sof"),
    Ansvar("5200", "Äldreomsorgen", "sn", "510", "aldreomsorg"),
    Ansvar("5210", "Hemtjänsten", "sn", "510", "hemtjansten"),
    Ansvar("5220", "Vård- och omsorgsboendet Strandgården", "sn", "510", "strandgarden"),
    Ansvar("5300", "Individ- och familjeomsorgen", "sn", "560", "ifo"),
    Ansvar("5310", "Barn och familj", "sn", "560", "barn-familj"),
    Ansvar("5320", "Ekonomiskt bistånd", "sn", "570", "ifo"),
    Ansvar("5400", "LSS och socialpsykiatri", "sn", "520", "sof"),
    Ansvar("5500", "Flyktingmottagning", "sn", "610", "ifo"),
    Ansvar("7000", "Samhällsbyggnadsnämnden", "sbn", "110", "sbn"),
    Ansvar("7100", "Samhällsbyggnadsförvaltningen, gemensamt", "sbn", "210", "sbf"),
    Ansvar("7200", "Teknisk service", "sbn", "910", "teknik"),
    Ansvar("7210", "Kostenheten", "sbn", "920", "kost"),
    Ansvar("7220", "Gata och park", "sbn", "230", "gata-park"),
    Ansvar("7300", "Miljö- och byggenheten", "sbn", "260", "miljo-bygg"),
    Ansvar("7400", "Vatten och avlopp", "sbn", "810", "teknik"),
    Ansvar("7500", "Renhållning", "sbn", "820", "teknik"),
    Ansvar("9000", "Finansförvaltningen", "finance", "990", "ks"),
]

DEMO_PROJECTS: list[tuple[str, str, str]] = [  # code, name, ansvar
    ("P1001", "Ny förskola Norrskenet", "7200"),
    ("P1002", "Renovering Aspenskolan", "7200"),
    ("P1003", "VA-ledningar centrum", "7400"),
    ("P1004", "Gång- och cykelväg Stationsvägen", "7220"),
    ("P1005", "Digital infrastruktur skolor", "1110"),
]

# The accounts of each kind of cost and income, with their share of it.
CATEGORIES: dict[str, list[tuple[str, float]]] = {
    "personnel": [
        ("511", 50),
        ("512", 5),
        ("513", 2),
        ("514", 4),
        ("521", 5),
        ("522", 2),
        ("551", 0.5),
        ("561", 23),
        ("562", 1),
        ("573", 1.5),
        ("574", 5),
        ("581", 1),
        ("589", 0.5),
    ],
    "material": [("401", 10), ("441", 30), ("442", 15), ("443", 15), ("446", 15), ("449", 15)],
    "purchase": [("451", 25), ("452", 30), ("459", 10), ("491", 15), ("492", 10), ("499", 10)],
    "grants": [("461", 40), ("462", 45), ("469", 15)],
    "premises": [("611", 45), ("621", 15), ("651", 15), ("652", 15), ("653", 5), ("711", 5)],
    "other": [
        ("701", 8),
        ("723", 10),
        ("731", 8),
        ("732", 30),
        ("741", 10),
        ("753", 5),
        ("759", 20),
        ("761", 2),
        ("762", 7),
    ],
    "depreciation": [("782", 80), ("783", 20)],
    "fees": [("311", 20), ("312", 15), ("315", 35), ("316", 20), ("317", 5), ("319", 5)],
    "state": [("331", 20), ("332", 35), ("333", 20), ("334", 20), ("335", 5)],
    "sales": [("302", 30), ("303", 20), ("322", 30), ("341", 20)],
}
INCOME = {"fees", "state", "sales"}

# Mkr a year per board and kind (costs positive, income negative in the file).
BOARD_PROFILES: dict[str, dict[str, float]] = {
    "ks": {"personnel": 62, "material": 5, "purchase": 24, "grants": 9, "premises": 8, "other": 14,
           "depreciation": 5, "fees": 3, "state": 9, "sales": 6},
    "bun": {"personnel": 205, "material": 16, "purchase": 42, "grants": 2, "premises": 44, "other": 9,
            "depreciation": 3, "fees": 9, "state": 24, "sales": 8},
    "sn": {"personnel": 210, "material": 12, "purchase": 36, "grants": 27, "premises": 30, "other": 7,
           "depreciation": 2, "fees": 21, "state": 33, "sales": 14},
    "sbn": {"personnel": 44, "material": 22, "purchase": 28, "grants": 1, "premises": 14, "other": 7,
            "depreciation": 32, "fees": 44, "state": 3, "sales": 24},
}  # fmt: skip

# The finance ansvar's accounts: Mkr a year (debit positive).
FINANCE: list[tuple[str, float]] = [
    ("8011", -495),
    ("8021", -5),
    ("8211", -170),
    ("8221", -40),
    ("823", -15),
    ("826", 3),
    ("827", -23),
    ("828", -5),
    ("841", -2),
    ("8421", -2),
    ("8511", 8),
    ("852", 1),
    ("855", 0.5),
]

# The opening balance sheet of the earlier year, Mkr (assets positive). Equity 204 balances it.
OPENING: list[tuple[str, float]] = [
    ("111", 25), ("112", 900), ("113", 250), ("114", 180), ("117", 40), ("118", -520),
    ("121", 30), ("122", 60), ("123", 15), ("128", -70),
    ("131", 60), ("133", 8), ("136", 5),
    ("141", 2), ("144", 6),
    ("151", 18), ("161", 8), ("162", 9), ("164", 4), ("171", 20), ("172", 6),
    ("193", 70),
    ("203", -20),
    ("221", -40), ("222", -10), ("223", -6),
    ("2331", -420), ("236", -25), ("237", -15),
    ("243", -20), ("244", -45),
    ("271", -12), ("273", -14), ("289", -5),
    ("292", -38), ("293", -22), ("298", -18), ("299", -12),
]  # fmt: skip
EQUITY = "204"
BANK = "193"

# How a year's costs of a kind fall over the months (salaries dip in July, when holiday pay was paid in June).
PERSONNEL_MONTHS = [1.0, 1.0, 1.0, 1.0, 1.0, 1.08, 0.62, 1.02, 1.0, 1.0, 1.0, 1.1]


@dataclass
class Spec:
    year: int
    through_month: int
    seed: int = 2026
    company: str = "Haparanda kommun (demo)"
    ansvar: list[Ansvar] = field(default_factory=lambda: list(DEMO_ANSVAR))
    projects: list[tuple[str, str, str]] = field(default_factory=lambda: list(DEMO_PROJECTS))
    # Multiplies every amount (1 = Haparanda).
    size: float = 1.0
    # Of each kind's accounts, the share each ansvar books on (the rest stay empty for it).
    account_share: float = 0.6
    # Every account of this chart is declared (#KONTO); when set, the bookings also use every result account.
    chart: tuple[tuple[str, str], ...] = kommunbas.ACCOUNTS
    every_account: bool = False
    budget: bool = True


def _months_weights(kind: str, rng: random.Random) -> list[float]:
    if kind == "personnel":
        weights = PERSONNEL_MONTHS
    elif kind in ("depreciation", "finance"):
        weights = [1.0] * 12
    else:
        weights = [rng.uniform(0.8, 1.2) for _ in range(12)]
    total = sum(weights)
    return [w / total for w in weights]


def _split(total: int, weights: list[float]) -> list[int]:
    """`total` öre split by `weights`; the rounding goes to the last part, so the parts add up exactly."""
    whole = sum(weights)
    parts = [round(total * w / whole) for w in weights]
    parts[-1] += total - sum(parts)
    return parts


def _category_accounts(spec: Spec) -> dict[str, list[tuple[str, float]]]:
    if not spec.every_account:
        return CATEGORIES
    # Every result account of the chart gets a kind, by its group.
    by_prefix = [
        ("78", "depreciation"),
        ("31", "fees"),
        ("33", "state"),
        ("3", "sales"),
        ("44", "material"),
        ("40", "material"),
        ("45", "purchase"),
        ("49", "purchase"),
        ("46", "grants"),
        ("5", "personnel"),
        ("6", "premises"),
        ("7", "other"),
    ]
    found: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for number, _name in spec.chart:
        for prefix, kind in by_prefix:
            if number.startswith(prefix):
                found[kind].append((number, 1.0))
                break
    return dict(found)


class Books:
    """A year's bookings: month -> {(account, ansvar, verksamhet, projekt): öre}."""

    def __init__(self) -> None:
        self.months: dict[int, dict[tuple[str, str, str, str], int]] = defaultdict(lambda: defaultdict(int))

    def book(
        self, month: int, account: str, amount: int, ansvar: str = "", activity: str = "", project: str = ""
    ) -> None:
        self.months[month][(account, ansvar, activity, project)] += amount

    def account_totals(self, month: int) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for (account, *_objects), amount in self.months[month].items():
            totals[account] += amount
        return totals


def _result_bookings(spec: Spec, rng: random.Random, growth: float, months: int) -> tuple[Books, Books]:
    """The year's result-account bookings (outcome through `months`) and its budget (all twelve months)."""
    outcome, budget = Books(), Books()
    categories = _category_accounts(spec)
    by_board: dict[str, list[Ansvar]] = defaultdict(list)
    for ansvar in spec.ansvar:
        by_board[ansvar.board].append(ansvar)
    for board, profile in BOARD_PROFILES.items():
        members = by_board.get(board, [])
        if not members:
            continue
        for kind, mkr in profile.items():
            accounts = categories.get(kind, [])
            if not accounts:
                continue
            sign = -1 if kind in INCOME else 1
            total = round(sign * mkr * MKR * spec.size * growth)
            ansvar_weights = [rng.uniform(0.3, 1.7) for _ in members]
            for ansvar, share in zip(members, _split(total, ansvar_weights), strict=True):
                used = [a for a in accounts if rng.random() < spec.account_share] or [rng.choice(accounts)]
                weights = [w * rng.uniform(0.7, 1.3) for _n, w in used]
                month_weights = _months_weights(kind, rng)
                for (number, _w), amount in zip(used, _split(share, weights), strict=True):
                    planned = round(amount * rng.uniform(0.97, 1.04))
                    for month, part in enumerate(_split(amount, month_weights), start=1):
                        if month <= months:
                            outcome.book(month, number, part, ansvar.code, ansvar.activity)
                    for month, part in enumerate(_split(planned, month_weights), start=1):
                        budget.book(month, number, part, ansvar.code, ansvar.activity)
    finance = next((a for a in spec.ansvar if a.board == "finance"), None)
    if finance is not None:
        for number, mkr in FINANCE:
            total = round(mkr * MKR * spec.size * growth)
            for month, part in enumerate(_split(total, [1.0] * 12), start=1):
                if month <= months:
                    outcome.book(month, number, part, finance.code, finance.activity)
                budget.book(month, number, part, finance.code, finance.activity)
    return outcome, budget


def _balance_bookings(spec: Spec, rng: random.Random, outcome: Books, months: int) -> None:
    """The balance side of each month: depreciation, investments per project, a loan, working capital, and the
    bank taking what is left, so that every month balances."""
    depreciation_account = {
        "782": "118",
        "783": "128",
        "781": "108",
        "784": "128",
        "785": "108",
        "788": "119",
    }
    investments = round(80 * MKR * spec.size * rng.uniform(0.9, 1.1))
    project_parts = _split(investments, [rng.uniform(0.5, 1.5) for _ in spec.projects] + [1.0])
    ansvar_codes = {a.code for a in spec.ansvar}
    for month in range(1, months + 1):
        results = outcome.account_totals(month)
        for number, amount in results.items():
            for prefix, target in depreciation_account.items():
                if number.startswith(prefix):
                    outcome.book(month, target, -amount)
        pension = results.get("573", 0)
        if pension:
            outcome.book(month, "221", -round(pension * 0.8))
            outcome.book(month, "222", -(pension - round(pension * 0.8)))
        for (code, _name, ansvar), part in zip(spec.projects, project_parts, strict=False):
            amount = round(part / 12 * rng.uniform(0.5, 1.5))
            outcome.book(month, "117", amount, ansvar if ansvar in ansvar_codes else "", "", code)
        outcome.book(month, "127", round(project_parts[-1] / 12))
        if month == 6:
            outcome.book(month, "2331", -30 * round(MKR * spec.size))
        if month == 12:
            outcome.book(month, "2331", 20 * round(MKR * spec.size))
            outcome.book(month, "112", 50 * round(MKR * spec.size))  # finished buildings taken into use
            outcome.book(month, "117", -50 * round(MKR * spec.size))
        for number, spread in (("151", 3), ("244", 5), ("162", 2), ("292", 4), ("171", 2)):
            outcome.book(month, number, round(rng.uniform(-spread, spread) * MKR * spec.size / 10))
        rest = sum(outcome.months[month].values())
        outcome.book(month, BANK, -rest)


def _opening(spec: Spec) -> dict[str, int]:
    balances = {number: round(mkr * MKR * spec.size) for number, mkr in OPENING}
    balances[EQUITY] = -sum(balances.values())
    return balances


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _kr(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    whole, rest = divmod(abs(ore), 100)
    return f"{sign}{whole}.{rest:02d}"


def _objects(ansvar: str, activity: str, project: str) -> str:
    parts = []
    if ansvar:
        parts.append(f'1 "{ansvar}"')
    if activity:
        parts.append(f'2 "{activity}"')
    if project:
        parts.append(f'6 "{project}"')
    return "{" + " ".join(parts) + "}"


def write_sie(out: BinaryIO, spec: Spec, encoding: str = "cp437") -> dict[str, int]:
    """Write the file to `out` (CP437 with #FORMAT PC8, or UTF-8). Returns a few counts (rows per record kind)."""
    rng = random.Random(spec.seed)
    counts: dict[str, int] = defaultdict(int)
    buffer: list[str] = []

    def line(text: str) -> None:
        buffer.append(text)
        if len(buffer) >= 5000:
            out.write(("\n".join(buffer) + "\n").encode(encoding))
            buffer.clear()

    line("#FLAGGA 0")
    line("#FORMAT PC8" if encoding == "cp437" else "#FORMAT UTF8")
    line("#SIETYP 4")
    line('#PROGRAM "Styrmodell demo" 1.0')
    line(f"#GEN {spec.year}{max(spec.through_month, 1):02d}28")
    line(f"#FNAMN {_quote(spec.company)}")
    line(f"#RAR 0 {spec.year}0101 {spec.year}1231")
    line(f"#RAR -1 {spec.year - 1}0101 {spec.year - 1}1231")
    line("#KPTYP KOMMUNBAS")
    for number, name in spec.chart:
        line(f"#KONTO {number} {_quote(name)}")
        line(f"#KTYP {number} {_account_type(number)}")
    line('#DIM 1 "Ansvar"')
    line('#DIM 2 "Verksamhet"')
    line('#DIM 6 "Projekt"')
    for ansvar in spec.ansvar:
        line(f"#OBJEKT 1 {_quote(ansvar.code)} {_quote(ansvar.name)}")
    for code, name in ACTIVITIES:
        line(f"#OBJEKT 2 {_quote(code)} {_quote(name)}")
    for code, name, _ansvar in spec.projects:
        line(f"#OBJEKT 6 {_quote(code)} {_quote(name)}")

    opening = _opening(spec)
    years = {}
    for offset, months, growth in ((-1, 12, 0.965), (0, spec.through_month, 1.0)):
        outcome, budget = _result_bookings(spec, rng, growth, months)
        _balance_bookings(spec, rng, outcome, months)
        years[offset] = (outcome, budget, months)

    balances_before = opening
    for offset in (-1, 0):
        outcome, budget, months = years[offset]
        year = spec.year + offset
        result_total = 0
        closing = dict(balances_before)
        results: dict[str, int] = defaultdict(int)
        for month in range(1, months + 1):
            for account, amount in outcome.account_totals(month).items():
                if account[0] in "12":
                    closing[account] = closing.get(account, 0) + amount
                else:
                    results[account] += amount
                    result_total += amount
        for account, amount in sorted(balances_before.items()):
            line(f"#IB {offset} {account} {_kr(amount)}")
            counts["IB"] += 1
        for account, amount in sorted(closing.items()):
            line(f"#UB {offset} {account} {_kr(amount)}")
            counts["UB"] += 1
        for account, amount in sorted(results.items()):
            line(f"#RES {offset} {account} {_kr(amount)}")
            counts["RES"] += 1
        for month in range(1, months + 1):
            period = f"{year}{month:02d}"
            for account, amount in sorted(outcome.account_totals(month).items()):
                line(f"#PSALDO {offset} {period} {account} {{}} {_kr(amount)}")
                counts["PSALDO"] += 1
            for (account, ansvar, activity, project), amount in sorted(outcome.months[month].items()):
                if ansvar or activity or project:
                    line(
                        f"#PSALDO {offset} {period} {account} {_objects(ansvar, activity, project)} {_kr(amount)}"
                    )
                    counts["PSALDO"] += 1
        if offset == 0 and spec.budget:
            for month in range(1, 13):
                period = f"{year}{month:02d}"
                for account, amount in sorted(budget.account_totals(month).items()):
                    line(f"#PBUDGET 0 {period} {account} {{}} {_kr(amount)}")
                    counts["PBUDGET"] += 1
                for (account, ansvar, activity, _project), amount in sorted(budget.months[month].items()):
                    line(f"#PBUDGET 0 {period} {account} {_objects(ansvar, activity, '')} {_kr(amount)}")
                    counts["PBUDGET"] += 1
        # The next year opens with this year's result moved into equity.
        balances_before = dict(closing)
        balances_before[EQUITY] = balances_before.get(EQUITY, 0) + result_total
    if buffer:
        out.write(("\n".join(buffer) + "\n").encode(encoding))
    return dict(counts)


def _account_type(number: str) -> str:
    if number[0] == "1":
        return "T"
    if number[0] == "2":
        return "S"
    if number[0] == "3" or number[:2] in ("80", "82", "84", "86") or number[:2] == "91":
        return "I"
    return "K"


def synthetic_ansvar(count: int) -> list[Ansvar]:
    """`count` ansvar spread over the four boards (and one finance ansvar), for a large municipality."""
    boards = list(BOARD_PROFILES)
    activities = [code for code, _name in ACTIVITIES if code not in ("990",)]
    found = [Ansvar("9000", "Finansförvaltningen", "finance", "990")]
    for n in range(count - 1):
        board = boards[n % len(boards)]
        found.append(Ansvar(f"{10000 + n}", f"Ansvar {10000 + n}", board, activities[n % len(activities)]))
    return found
