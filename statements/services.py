"""The financial statements computed from the imported ledger, the balanskrav and god ekonomisk hushållning.

How figures are read (one GROUP BY query per statement, whatever the number of accounts or objects):

- A period is read cumulatively from January to the end month of the period (`Period.ends.month`). In an interim
  period an income-statement account counts its `PSALDO` of that month and a balance account its opening balance
  plus that `PSALDO` (the movement to date, as the ledger stores it). In December (the year-end) the result
  accounts count `RES` and the balance accounts `UB`, when the import has them.
- The previous year's figures come from the same import (`year_offset` -1) where it has them, kind by kind, and
  otherwise from the previous year's own import.
- A balance row's objects name the level it adds up to, as SIE's object lists do: no object is the account's total,
  an ansvar alone that ansvar's share, an ansvar and a verksamhet the share of that pair, and so on. Each figure is
  read at one level per account: the coarsest the import has among those carrying the objects the figure needs
  (`_at_level`), so a file with totals and per-object rows is never counted twice.
- An account belongs to the line whose range holds it: `first <= number <= last` padded with nines, compared as
  strings (`in_range`), the same rule in SQL and in Python.

Statement lines sum their accounts with their sign, subtotals add up the lines they name. A few lines are derived
(`DERIVED`): the balance sheet's and the cash-flow statement's "årets resultat" are the income statement's, and the
cash-flow statement starts and ends with the balance sheet's kassa och bank. The kassaflödesanalys follows the
indirect method: each line of balance accounts is the change of their balances from the opening balance (IB) to the
end of the period, with the sign of its cash effect; depreciation is added back to the result, and the investments
in fixed assets are the change of their book value plus the depreciation of the period (gross investments; sales of
fixed assets are not separated out). Its lines therefore add up to the change of kassa och bank exactly when every
balance account is mapped to one of them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from goals.models import Goal, GoalAssessment
from ledger import kommunbas
from ledger.models import Account, AccountRange, Balance, Dimension, LedgerObject, Statement, StatementLine
from styrmodell.models import OrgUnit, Period, Year

from .models import (
    DEFAULT_TARGETS,
    BalanceRequirement,
    Comparator,
    FinancialTarget,
    Metric,
    SoundFinances,
)

ZERO = Decimal("0")
PAD = 10  # account numbers are at most ten characters (ledger.Account.number)

IB, UB, RES, PS, PB = (
    Balance.Kind.OPENING,
    Balance.Kind.CLOSING,
    Balance.Kind.RESULT,
    Balance.Kind.PERIOD,
    Balance.Kind.BUDGET,
)

# The object dimensions of a balance row, as flags on the grouped rows.
R, A, P = "has_r", "has_a", "has_p"
DIMENSIONS = (R, A, P)

# Lines computed from other lines rather than from accounts (see the module's docstring).
DERIVED = {
    (Statement.BALANCE, "equity_result"),
    (Statement.CASH_FLOW, "result"),
    (Statement.CASH_FLOW, "cash_start"),
    (Statement.CASH_FLOW, "cash_end"),
}
# The income-statement lines whose accounts make up a board's operating accounts (driftredovisning): the lines
# the subtotal "verksamhetens nettokostnader" adds up.
NET_COSTS = "net_costs"


# --- account ranges ---------------------------------------------------------------------------------------------


def upper(last: str) -> str:
    """The highest account number a range's upper bound holds: '39' holds 3999."""
    return last.ljust(PAD, "9")


def in_range(number: str, first: str, last: str) -> bool:
    return first <= number <= upper(last)


def ranges_overlap(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return a[0] <= upper(b[1]) and b[0] <= upper(a[1])


def ranges_q(ranges: Iterable[tuple[str, str]], field: str = "account__number") -> Q:
    q = Q(pk__in=[])
    for first, last in ranges:
        q |= Q(**{f"{field}__gte": first, f"{field}__lte": upper(last)})
    return q


@dataclass
class Mapping:
    """The statement lines with their ranges (two queries), and which line each account belongs to."""

    lines: list[StatementLine]
    ranges: dict[int, list[tuple[str, str]]]

    @classmethod
    def load(cls) -> Mapping:
        lines = list(StatementLine.objects.order_by("statement", "order", "pk"))
        ranges: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for line_id, first, last in AccountRange.objects.order_by("first").values_list(
            "line_id", "first", "last"
        ):
            ranges[line_id].append((first, last))
        return cls(lines, ranges)

    def of(self, statement: str) -> list[StatementLine]:
        return [line for line in self.lines if line.statement == statement]

    def line(self, statement: str, key: str) -> StatementLine | None:
        return next((x for x in self.lines if x.statement == statement and x.key == key), None)

    def line_for(self, statement: str, number: str) -> StatementLine | None:
        for line in self.of(statement):
            if any(in_range(number, first, last) for first, last in self.ranges.get(line.pk, ())):
                return line
        return None

    def accounts_q(self, statement: str, keys: Iterable[str] | None = None) -> Q:
        wanted = set(keys) if keys is not None else None
        return ranges_q(
            r
            for line in self.of(statement)
            if wanted is None or line.key in wanted
            for r in self.ranges.get(line.pk, ())
        )

    def net_cost_keys(self) -> list[str]:
        total = self.line(Statement.INCOME, NET_COSTS)
        return list(total.total_of) if total else []


def unmapped_accounts(year: Year, mapping: Mapping | None = None) -> list[Account]:
    """Accounts with balances in the year that no line of the income statement or the balance sheet takes (two
    queries besides the mapping's). Listed to the controller, never silently dropped."""
    mapping = mapping or Mapping.load()
    numbers = (
        Balance.objects.filter(year=year).values_list("account__number", flat=True).distinct().order_by()
    )
    missing = [
        n
        for n in set(numbers)
        if mapping.line_for(Statement.INCOME, n) is None and mapping.line_for(Statement.BALANCE, n) is None
    ]
    return list(Account.objects.filter(number__in=missing).order_by("number"))


# --- reading the ledger -----------------------------------------------------------------------------------------


def has_ledger(year: Year) -> bool:
    return Balance.objects.filter(year=year).exists()


def _grouped(qs: QuerySet[Balance], *by: str) -> list[dict]:
    """Sums of `qs` per year, offset, kind, month, object level, account and `by` (one query)."""
    flags = {
        R: ExpressionWrapper(Q(responsibility__isnull=False), output_field=BooleanField()),
        A: ExpressionWrapper(Q(activity__isnull=False), output_field=BooleanField()),
        P: ExpressionWrapper(Q(project__isnull=False), output_field=BooleanField()),
    }
    return list(
        qs.annotate(**flags)
        .values("year__year", "year_offset", "kind", "month", *DIMENSIONS, "account__number", *by)
        .annotate(total=Sum("amount"))
        .order_by()
    )


def _at_level(rows: list[dict], needs: Iterable[str] = ()) -> list[dict]:
    """The rows of the coarsest object level that carries `needs`, chosen per year, offset, kind, month and
    account (an account booked per ansvar and verksamhet and another per ansvar and project are each read at
    their own level)."""
    needs = set(needs)

    def series(row: dict) -> tuple:
        return (row["year__year"], row["year_offset"], row["kind"], row["month"], row["account__number"])

    def level(row: dict) -> tuple[bool, ...]:
        return tuple(bool(row[d]) for d in DIMENSIONS)

    levels: dict[tuple, set[tuple[bool, ...]]] = defaultdict(set)
    for row in rows:
        if all(row[d] for d in needs):
            levels[series(row)].add(level(row))
    chosen = {key: min(found, key=lambda lv: (sum(lv), lv)) for key, found in levels.items()}
    return [row for row in rows if chosen.get(series(row)) == level(row)]


def _years_q(year: Year) -> Q:
    """This year's import (both offsets) and the previous year's own figures."""
    return Q(year=year) | Q(year__year=year.year - 1, year_offset=0)


def _side_rows(rows: list[dict], year: int, previous: bool) -> list[dict]:
    """This year's rows, or the previous year's: from this year's import (offset -1) where it has the kind and
    month, else from the previous year's import."""
    if not previous:
        return [r for r in rows if r["year__year"] == year and r["year_offset"] == 0]
    carried = {(r["kind"], r["month"]) for r in rows if r["year__year"] == year and r["year_offset"] == -1}
    return [
        r
        for r in rows
        if (r["year__year"] == year and r["year_offset"] == -1)
        or (r["year__year"] == year - 1 and r["year_offset"] == 0 and (r["kind"], r["month"]) not in carried)
    ]


@dataclass
class Accounts:
    """One side's (this year's or the previous year's) sums per account and kind, and how to read them."""

    year_end: bool
    by_kind: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: list[dict], month: int, year_end: bool) -> Accounts:
        by_kind: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
        for row in rows:
            kind = row["kind"]
            if kind in (PS, PB) and row["month"] != month:
                continue
            by_kind[kind][row["account__number"]] += row["total"] or ZERO
        return cls(year_end, by_kind)

    def _has(self, kind: str) -> bool:
        return bool(self.by_kind.get(kind))

    def _get(self, kind: str, number: str) -> Decimal:
        return self.by_kind.get(kind, {}).get(number, ZERO)

    @property
    def has_opening(self) -> bool:
        return self._has(IB)

    @property
    def has_balances(self) -> bool:
        return self._has(IB) or (self.year_end and self._has(UB))

    @property
    def numbers(self) -> set[str]:
        return {n for amounts in self.by_kind.values() for n in amounts}

    def is_balance_account(self, number: str) -> bool:
        return number in self.by_kind.get(IB, {}) or number in self.by_kind.get(UB, {})

    def opening(self, number: str) -> Decimal:
        return self._get(IB, number)

    def closing(self, number: str) -> Decimal:
        if self.year_end and self._has(UB):
            return self._get(UB, number)
        return self.opening(number) + self._get(PS, number)

    def movement(self, number: str) -> Decimal:
        """The period's change: closing less opening for a balance account, the result to date for the others."""
        if self.is_balance_account(number):
            return self.closing(number) - self.opening(number)
        if self.year_end and self._has(RES):
            return self._get(RES, number)
        return self._get(PS, number)


# --- the statements ---------------------------------------------------------------------------------------------


@dataclass
class Row:
    line: StatementLine
    current: Decimal | None
    previous: Decimal | None

    @property
    def key(self) -> str:
        return self.line.key


@dataclass
class StatementTable:
    statement: str
    rows: list[Row]

    def value(self, key: str, previous: bool = False) -> Decimal | None:
        row = next((r for r in self.rows if r.key == key), None)
        if row is None:
            return None
        return row.previous if previous else row.current

    @property
    def title(self) -> str:
        return str(Statement(self.statement).label)


def _line_values(
    statement: str, mapping: Mapping, side: Accounts, other: dict[str, Decimal]
) -> dict[str, Decimal]:
    """The value of each line of `statement` for one side. `other` carries the values derived lines read:
    'rr.year_result', 'br.cash.opening', 'br.cash.closing'."""
    read = side.closing if statement == Statement.BALANCE else side.movement
    sums: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for number in side.numbers:
        line = mapping.line_for(statement, number)
        if line is not None:
            sums[line.pk] += read(number)
    values: dict[str, Decimal] = {}
    for line in mapping.of(statement):
        if (statement, line.key) in DERIVED:
            source = {"equity_result": "rr.year_result", "result": "rr.year_result"}.get(line.key)
            source = source or {"cash_start": "br.cash.opening", "cash_end": "br.cash.closing"}[line.key]
            values[line.key] = other.get(source, ZERO)
        elif line.is_total:
            values[line.key] = sum((values.get(k, ZERO) for k in line.total_of), ZERO) * (line.sign or 1)
        else:
            values[line.key] = sums[line.pk] * line.sign
    if statement == Statement.CASH_FLOW and "tangible_investments" in values:
        # Gross investments: the change of book value plus the depreciation that lowered it. The subtotals after
        # it are added up again with the corrected figure.
        values["tangible_investments"] -= values.get("depreciation_adjustment", ZERO)
        for line in mapping.of(statement):
            if line.is_total:
                values[line.key] = sum((values.get(k, ZERO) for k in line.total_of), ZERO) * (line.sign or 1)
    return values


def _cash_line(mapping: Mapping, side: Accounts) -> tuple[Decimal, Decimal]:
    """Kassa och bank of the balance sheet at the start and at the end of the period."""
    line = mapping.line(Statement.BALANCE, "cash")
    if line is None:
        return ZERO, ZERO
    numbers = [n for n in side.numbers if mapping.line_for(Statement.BALANCE, n) == line]
    opening = sum((side.opening(n) for n in numbers), ZERO) * line.sign
    closing = sum((side.closing(n) for n in numbers), ZERO) * line.sign
    return opening, closing


@dataclass
class Statements:
    """Resultaträkning, balansräkning and kassaflödesanalys of the municipality (or the resultaträkning of a board)
    for one period, this year and the same period of the previous year."""

    year: Year
    period: Period
    unit: OrgUnit | None
    mapping: Mapping
    tables: dict[str, StatementTable]
    has_previous: bool
    # The sums per account behind the tables (the notes specify a line by them).
    this_side: Accounts | None = None
    last_side: Accounts | None = None

    def table(self, statement: str) -> StatementTable | None:
        return self.tables.get(statement)

    @property
    def income(self) -> StatementTable | None:
        return self.tables.get(Statement.INCOME)

    @property
    def balance(self) -> StatementTable | None:
        return self.tables.get(Statement.BALANCE)

    @property
    def cash_flow(self) -> StatementTable | None:
        return self.tables.get(Statement.CASH_FLOW)

    def value(self, statement: str, key: str, previous: bool = False) -> Decimal:
        table = self.tables.get(statement)
        value = table.value(key, previous) if table else None
        return value if value is not None else ZERO


def period_label(period: Period, previous: bool = False) -> str:
    """'jan–aug 2026': the months a cumulative period covers, in the year or the previous year."""
    year = period.year.year - 1 if previous else period.year.year
    return f"{date_format(period.starts, 'b')}–{date_format(period.ends, 'b')} {year}"


def is_year_end(period: Period) -> bool:
    return period.ends.month == 12


def compute_statements(
    period: Period, unit: OrgUnit | None = None, mapping: Mapping | None = None
) -> Statements:
    """The municipality's three statements (`unit` None), or a board's resultaträkning (the rows booked on the
    ansvar objects of the board's subtree). Two queries for the mapping and one for the ledger."""
    year, month = period.year, period.ends.month
    mapping = mapping or Mapping.load()
    if unit is None:
        kinds = Q(kind__in=[IB, UB, RES]) | Q(kind=PS, month=month)
        rows = _at_level(
            _grouped(Balance.objects.filter(_years_q(year) & kinds)),
        )
        statements = [Statement.INCOME, Statement.BALANCE, Statement.CASH_FLOW]
        year_end = is_year_end(period)
    else:
        # Objects are booked on PSALDO rows only (SIE's #RES, #IB and #UB carry none).
        qs = Balance.objects.filter(
            _years_q(year),
            mapping.accounts_q(Statement.INCOME),
            kind=PS,
            month=month,
            responsibility__unit__path__startswith=unit.path,
        )
        rows = _at_level(_grouped(qs), needs=[R])
        statements = [Statement.INCOME]
        year_end = False
    this = Accounts.from_rows(_side_rows(rows, year.year, False), month, year_end)
    previous_rows = _side_rows(rows, year.year, True)
    last = Accounts.from_rows(previous_rows, month, year_end)
    tables: dict[str, StatementTable] = {}
    values: dict[str, dict[str, Decimal]] = {}
    for side_name, side in (("this", this), ("last", last)):
        other: dict[str, Decimal] = {}
        side_values: dict[str, dict[str, Decimal]] = {}
        for statement in statements:
            side_values[statement] = _line_values(statement, mapping, side, other)
            if statement == Statement.INCOME:
                other["rr.year_result"] = side_values[statement].get("year_result", ZERO)
            if statement == Statement.BALANCE:
                other["br.cash.opening"], other["br.cash.closing"] = _cash_line(mapping, side)
        values[side_name] = side_values
    has_previous = bool(previous_rows)
    # The previous year's balance sheet needs its balances and its cash flow their change from the opening
    # balances; without them (a file carrying only last year's result) those columns stay empty.
    known = {
        Statement.INCOME: has_previous,
        Statement.BALANCE: last.has_balances,
        Statement.CASH_FLOW: last.has_balances and last.has_opening,
    }
    for statement in statements:
        tables[statement] = StatementTable(
            statement,
            [
                Row(
                    line,
                    values["this"][statement].get(line.key),
                    values["last"][statement].get(line.key) if known[statement] else None,
                )
                for line in mapping.of(statement)
            ],
        )
    return Statements(year, period, unit, mapping, tables, has_previous, this, last if has_previous else None)


# --- notes --------------------------------------------------------------------------------------------------------


@dataclass
class NoteRow:
    group: str
    name: str
    current: Decimal
    previous: Decimal | None


@dataclass
class Note:
    """Not N: the account groups (three digits of Kommun-Bas) that make up the lines carrying the note number, this
    period and the same period last year; they add up to the lines' figures. Lines sharing a number share a note,
    named by the subtotal that adds them up (Materiella anläggningstillgångar) when there is one."""

    number: int
    statement: str
    name: str
    order: int
    rows: list[NoteRow]
    current: Decimal
    previous: Decimal | None


def notes(statements: Statements) -> list[Note]:
    """The notes of the statements' lines that carry a note number, in note order. No query: the sums per account
    are those the tables were computed from."""
    this, last = statements.this_side, statements.last_side
    if this is None:
        return []
    mapping = statements.mapping
    numbers = this.numbers | (last.numbers if last else set())
    found: list[Note] = []
    for statement, table in statements.tables.items():
        reader = "closing" if statement == Statement.BALANCE else "movement"
        by_number: dict[int, list[Row]] = defaultdict(list)
        for row in table.rows:
            line = row.line
            if line.note is not None and not line.is_total and (statement, line.key) not in DERIVED:
                by_number[line.note].append(row)
        for number, rows in by_number.items():
            line_pks = {row.line.pk for row in rows}
            sign = {row.line.pk: row.line.sign for row in rows}
            groups: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
            for account in numbers:
                mapped = mapping.line_for(statement, account)
                if mapped is None or mapped.pk not in line_pks:
                    continue
                sums = groups[account[:3]]
                sums[0] += getattr(this, reader)(account) * sign[mapped.pk]
                if last is not None:
                    sums[1] += getattr(last, reader)(account) * sign[mapped.pk]
            known_previous = all(row.previous is not None for row in rows)
            note_rows = [
                NoteRow(group, kommunbas.name_of(group), current, previous if known_previous else None)
                for group, (current, previous) in sorted(groups.items())
                if current or previous
            ]
            if not note_rows:
                continue
            keys = {row.line.key for row in rows}
            total = next(
                (r.line for r in table.rows if r.line.is_total and set(r.line.total_of) == keys), None
            )
            name = total.name if total and len(rows) > 1 else " / ".join(row.line.name for row in rows)
            current = sum((row.current or ZERO for row in rows), ZERO)
            previous = sum((row.previous for row in rows), ZERO) if known_previous else None
            found.append(Note(number, statement, name, rows[0].line.order, note_rows, current, previous))
    return sorted(found, key=lambda note: (note.number, note.order))


# --- driftredovisning and investeringsredovisning ---------------------------------------------------------------


@dataclass
class BudgetRow:
    label: str
    budget: Decimal | None
    outcome: Decimal
    # Outcome less budget for the operating accounts (income positive, so a positive deviation is better than the
    # budget); budget less outcome for investments (a positive deviation is money not spent).
    deviation: Decimal | None
    code: str = ""
    # The outcome of the same period last year (driftredovisning), None when the ledger has none.
    previous: Decimal | None = None


@dataclass
class BudgetTable:
    rows: list[BudgetRow]
    total: BudgetRow
    # The budget read: the period's (PBUDGET of its end month) or, when the import has none, the year's.
    budget_of_year: bool = False
    has_previous: bool = False


def _budget_month(rows: list[dict], year: int, month: int) -> int | None:
    months = {
        r["month"] for r in rows if r["kind"] == PB and r["year__year"] == year and r["year_offset"] == 0
    }
    return next((m for m in (month, 12, 0) if m in months), None)


def _sum_by(rows: list[dict], key: str, kind: str, month: int | None) -> dict:
    sums: dict = defaultdict(lambda: ZERO)
    for row in rows:
        if row["kind"] == kind and row["month"] == month:
            sums[row[key]] += row["total"] or ZERO
    return sums


def _budget_table(
    labels: list[tuple[object, str, str]],
    outcome: dict,
    budget: dict,
    sign: int,
    *,
    investment: bool,
    has_budget: bool,
    of_year: bool,
    previous: dict | None = None,
) -> BudgetTable:
    def make(label: str, code: str, out: Decimal, bud: Decimal | None, last: Decimal | None) -> BudgetRow:
        if bud is None:
            return BudgetRow(label, None, out, None, code, last)
        return BudgetRow(label, bud, out, (bud - out) if investment else (out - bud), code, last)

    rows = []
    total_out, total_budget, total_last = ZERO, ZERO, ZERO
    for key, label, code in labels:
        out = outcome.get(key, ZERO) * sign
        bud = budget.get(key, ZERO) * sign if has_budget else None
        last = previous.get(key, ZERO) * sign if previous is not None else None
        if not out and not bud and not last:
            continue
        rows.append(make(label, code, out, bud, last))
        total_out += out
        total_budget += bud or ZERO
        total_last += last or ZERO
    total = make(
        _("Total"),
        "",
        total_out,
        total_budget if has_budget else None,
        total_last if previous is not None else None,
    )
    return BudgetTable(rows, total, of_year, has_previous=previous is not None)


def _objects(ids: Iterable[int]) -> dict[int, LedgerObject]:
    return {o.pk: o for o in LedgerObject.objects.filter(pk__in=[i for i in ids if i is not None])}


def operating_accounts(period: Period, unit: OrgUnit | None = None, mapping: Mapping | None = None) -> dict:
    """Driftredovisning: budget, outcome and deviation of the operating accounts (the lines of verksamhetens
    nettokostnader), per board (the municipality) and per verksamhet, with the outcome of the same period last year
    beside it. Three queries besides the mapping's: the boards, the sums per ansvar unit, the sums per verksamhet
    (and one for the verksamhet names)."""
    year, month = period.year, period.ends.month
    mapping = mapping or Mapping.load()
    accounts = mapping.accounts_q(Statement.INCOME, mapping.net_cost_keys())
    base = Balance.objects.filter(accounts, _years_q(year)).filter(
        Q(kind=PS, month=month) | Q(kind=PB, month__in=[month, 12, 0], year=year, year_offset=0)
    )
    if unit is not None:
        base = base.filter(responsibility__unit__path__startswith=unit.path)
    sign = -1  # as the income statement presents them: income positive, costs negative
    result: dict = {}
    if unit is None:
        boards = list(OrgUnit.objects.boards().order_by("path"))
        grouped = _at_level(_grouped(base, "responsibility__unit__path"), needs=[R])
        rows, last_rows = _side_rows(grouped, year.year, False), _side_rows(grouped, year.year, True)
        budget_month = _budget_month(rows, year.year, month)

        def board_of(path: str | None) -> int | None:
            found = [b for b in boards if path and path.startswith(b.path)]
            return max(found, key=lambda b: len(b.path)).pk if found else None

        outcome: dict = defaultdict(lambda: ZERO)
        budget: dict = defaultdict(lambda: ZERO)
        for key, value in _sum_by(rows, "responsibility__unit__path", PS, month).items():
            outcome[board_of(key)] += value
        for key, value in _sum_by(rows, "responsibility__unit__path", PB, budget_month).items():
            budget[board_of(key)] += value
        last_outcome: dict | None = None
        if last_rows:
            last_outcome = defaultdict(lambda: ZERO)
            for key, value in _sum_by(last_rows, "responsibility__unit__path", PS, month).items():
                last_outcome[board_of(key)] += value
        labels = [(b.pk, b.name, b.short_name) for b in boards] + [(None, _("Not assigned to a board"), "")]
        result["boards"] = _budget_table(
            labels,
            outcome,
            budget,
            sign,
            investment=False,
            has_budget=budget_month is not None,
            of_year=budget_month not in (None, month),
            previous=last_outcome,
        )
        needs = [A]
    else:
        needs = [R, A]
    grouped = _at_level(_grouped(base, "activity_id"), needs=needs)
    rows, last_rows = _side_rows(grouped, year.year, False), _side_rows(grouped, year.year, True)
    budget_month = _budget_month(rows, year.year, month)
    outcome = _sum_by(rows, "activity_id", PS, month)
    budget = _sum_by(rows, "activity_id", PB, budget_month)
    last_outcome = _sum_by(last_rows, "activity_id", PS, month) if last_rows else None
    objects = _objects(set(outcome) | set(budget) | set(last_outcome or ()))
    labels = [(o.pk, o.name or o.code, o.code) for o in sorted(objects.values(), key=lambda o: o.code)]
    result["activities"] = _budget_table(
        labels,
        outcome,
        budget,
        sign,
        investment=False,
        has_budget=budget_month is not None,
        of_year=budget_month not in (None, month),
        previous=last_outcome,
    )
    return result


def investment_accounts(period: Period, unit: OrgUnit | None = None) -> BudgetTable:
    """Investeringsredovisning per project: the expenditure booked on the project objects to date (debit
    positive, as spent), the budget and budget less outcome. A board's projects are those whose object belongs to
    a unit of its subtree. Two queries."""
    year, month = period.year, period.ends.month
    base = Balance.objects.filter(year=year, year_offset=0).filter(
        Q(kind=PS, month=month) | Q(kind=PB, month__in=[month, 12, 0])
    )
    if unit is not None:
        base = base.filter(project__unit__path__startswith=unit.path)
    rows = _at_level(_grouped(base, "project_id"), needs=[P])
    budget_month = _budget_month(rows, year.year, month)
    outcome = _sum_by(rows, "project_id", PS, month)
    budget = _sum_by(rows, "project_id", PB, budget_month)
    objects = _objects(set(outcome) | set(budget))
    labels = [(o.pk, o.name or o.code, o.code) for o in sorted(objects.values(), key=lambda o: o.code)]
    return _budget_table(
        labels,
        outcome,
        budget,
        1,
        investment=True,
        has_budget=budget_month is not None,
        of_year=budget_month not in (None, month),
    )


def dimension_label(dimension: str) -> str:
    return str(Dimension(dimension).label)


# --- balanskrav -----------------------------------------------------------------------------------------------


@dataclass
class BalanceRequirementResult:
    """Balanskravsutredningen (LKBR 11:11–12, RKR R11), amounts in kronor as presented (result positive)."""

    adjustments: BalanceRequirement
    year_result: Decimal
    realisation_gains: Decimal
    realisation_losses_exempt: Decimal
    unrealised_securities: Decimal
    adjusted_result: Decimal
    reserve_to: Decimal
    reserve_from: Decimal
    balance_result: Decimal
    earlier_deficits: Decimal

    @property
    def is_met(self) -> bool:
        return self.balance_result >= 0

    @property
    def remaining_deficits(self) -> Decimal:
        """Negative results still to restore after this year: the earlier ones less this year's surplus, plus this
        year's deficit."""
        if self.balance_result >= 0:
            return max(ZERO, self.earlier_deficits - self.balance_result)
        return self.earlier_deficits - self.balance_result


def balance_requirement(statements: Statements) -> BalanceRequirementResult:
    """årets resultat − samtliga realisationsvinster + realisationsförluster enligt undantagsmöjlighet
    ± orealiserade förluster och vinster i värdepapper = årets resultat efter balanskravsjusteringar;
    − reservering till + disposition från resultatutjämningsreserven = årets balanskravsresultat."""
    year = statements.year
    adjustments = BalanceRequirement.objects.filter(year=year).first() or BalanceRequirement(year=year)
    result = statements.value(Statement.INCOME, "year_result")
    adjusted = (
        result
        - adjustments.realisation_gains
        + adjustments.realisation_losses_exempt
        + adjustments.unrealised_securities
    )
    balance_result = adjusted - adjustments.reserve_to + adjustments.reserve_from
    return BalanceRequirementResult(
        adjustments=adjustments,
        year_result=result,
        realisation_gains=adjustments.realisation_gains,
        realisation_losses_exempt=adjustments.realisation_losses_exempt,
        unrealised_securities=adjustments.unrealised_securities,
        adjusted_result=adjusted,
        reserve_to=adjustments.reserve_to,
        reserve_from=adjustments.reserve_from,
        balance_result=balance_result,
        earlier_deficits=adjustments.earlier_deficits,
    )


# --- god ekonomisk hushållning --------------------------------------------------------------------------------


def _share(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if not denominator:
        return None
    return (numerator * 100 / denominator).quantize(Decimal("0.1"))


def metric_values(statements: Statements, pension_obligations: Decimal | None) -> dict[str, Decimal | None]:
    """Each key figure in per cent (None when its denominator is zero or, for the equity ratio with the pension
    obligations, when they were not entered):

    - result share: årets resultat / (skatteintäkter + generella statsbidrag och utjämning);
    - equity ratio: eget kapital / summa tillgångar, and with the pension obligations outside the balance sheet
      (ansvarsförbindelsen) taken from the equity;
    - self-financing: (årets resultat + avskrivningar) / nettoinvesteringar, the investments being the cash-flow
      statement's investments in fixed assets."""
    value = statements.value
    result = value(Statement.INCOME, "year_result")
    revenue = value(Statement.INCOME, "tax") + value(Statement.INCOME, "grants")
    equity = value(Statement.BALANCE, "equity")
    assets = value(Statement.BALANCE, "total_assets")
    depreciation = -value(Statement.INCOME, "depreciation")
    investments = -(
        value(Statement.CASH_FLOW, "tangible_investments")
        + value(Statement.CASH_FLOW, "financial_investments")
    )
    return {
        Metric.RESULT_SHARE: _share(result, revenue),
        Metric.SOLIDITY: _share(equity, assets),
        Metric.SOLIDITY_WITH_PENSIONS: (
            _share(equity - pension_obligations, assets) if pension_obligations is not None else None
        ),
        Metric.SELF_FINANCING: _share(result + depreciation, investments) if investments > 0 else None,
    }


def targets_for(year: Year) -> tuple[list[FinancialTarget], bool]:
    """The year's financial targets, or the default targets (unsaved) when the controller has set none; the flag
    says which."""
    own = list(FinancialTarget.objects.filter(year=year))
    if own:
        return own, False
    return [
        FinancialTarget(year=year, metric=m, comparator=c, target=t, position=i)
        for i, (m, c, t) in enumerate(DEFAULT_TARGETS)
    ], True


@dataclass
class TargetOutcome:
    target: FinancialTarget
    value: Decimal | None

    @property
    def is_met(self) -> bool | None:
        return self.target.is_met(self.value)

    @property
    def comparator_symbol(self) -> str:
        return "≥" if self.target.comparator == Comparator.AT_LEAST else "≤"


@dataclass
class DirectionCount:
    title: str
    fulfilled: int = 0
    partly: int = 0
    not_fulfilled: int = 0
    not_assessed: int = 0

    @property
    def total(self) -> int:
        return self.fulfilled + self.partly + self.not_fulfilled + self.not_assessed


def goal_counts(period: Period) -> list[DirectionCount]:
    """The year's adopted goals per council direction by their assessment in the period (two queries)."""
    goals = list(
        Goal.objects.adopted()
        .filter(year=period.year)
        .order_by("direction__position", "direction__title")
        .values_list("pk", "direction_id", "direction__title")
    )
    verdicts = dict(
        GoalAssessment.objects.filter(period=period, goal_id__in=[g[0] for g in goals]).values_list(
            "goal_id", "verdict"
        )
    )
    counts: dict[int, DirectionCount] = {}
    field_of = {
        GoalAssessment.Verdict.FULFILLED: "fulfilled",
        GoalAssessment.Verdict.PARTLY: "partly",
        GoalAssessment.Verdict.NOT_FULFILLED: "not_fulfilled",
        GoalAssessment.Verdict.NOT_ASSESSED: "not_assessed",
    }
    for goal_id, direction_id, title in goals:
        row = counts.setdefault(direction_id, DirectionCount(title))
        name = field_of.get(verdicts.get(goal_id, GoalAssessment.Verdict.NOT_ASSESSED), "not_assessed")
        setattr(row, name, getattr(row, name) + 1)
    return list(counts.values())


@dataclass
class SoundFinancesResult:
    """The evaluation of god ekonomisk hushållning (LKBR 11:1, KL 11:1).

    The rule: the municipality is judged to have god ekonomisk hushållning when every financial target of the
    year is met and more than half of the year's operational goals (the boards' adopted goals) are fulfilled or
    partly fulfilled in the period. A financial target whose key figure cannot be computed counts as not met; a
    year without adopted goals cannot show the operational half and is judged not to meet it."""

    targets: list[TargetOutcome]
    default_targets: bool
    directions: list[DirectionCount]
    record: SoundFinances

    @property
    def financial_met(self) -> bool:
        return bool(self.targets) and all(t.is_met for t in self.targets)

    @property
    def goals_total(self) -> int:
        return sum(d.total for d in self.directions)

    @property
    def goals_met(self) -> int:
        return sum(d.fulfilled + d.partly for d in self.directions)

    @property
    def operational_met(self) -> bool:
        return self.goals_total > 0 and self.goals_met * 2 > self.goals_total

    @property
    def is_met(self) -> bool:
        return self.financial_met and self.operational_met


def sound_finances(statements: Statements, period: Period) -> SoundFinancesResult:
    record = SoundFinances.objects.filter(year=statements.year).first() or SoundFinances(year=statements.year)
    values = metric_values(statements, record.pension_obligations)
    targets, default = targets_for(statements.year)
    return SoundFinancesResult(
        targets=[TargetOutcome(t, values.get(t.metric)) for t in targets],
        default_targets=default,
        directions=goal_counts(period),
        record=record,
    )
