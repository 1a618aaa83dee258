"""The personnel figures the law names (LKBR 11 kap.), computed from the imported hours.

Sick leave is shown as a share of the ordinary working time: in total, for women, for men, and by age group (29 or
younger, 30–49, 50 or older), and the share of the whole sick leave that falls in spells of 60 days or more. A
group of fewer than MIN_GROUP employees is not shown (the law: no figure for a group under ten people or one that
can be tied to a person), nor is the long-term share when the whole group is that small. Each figure stands beside
the same period of the previous year."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from styrmodell.models import OrgUnit, Period

from .models import AgeGroup, Gender, PersonnelFigure

MIN_GROUP = 10
ONE_DECIMAL = Decimal("0.1")


@dataclass
class Hours:
    headcount: int = 0
    fte: Decimal | None = None
    working: Decimal = Decimal(0)
    sick: Decimal = Decimal(0)
    long_sick: Decimal = Decimal(0)

    def add(self, row: dict) -> None:
        self.headcount += row["headcount"] or 0
        if row["fte"] is not None:
            self.fte = (self.fte or Decimal(0)) + row["fte"]
        self.working += row["working"] or 0
        self.sick += row["sick"] or 0
        self.long_sick += row["long_sick"] or 0

    @property
    def shown(self) -> bool:
        return self.headcount >= MIN_GROUP

    @property
    def sick_share(self) -> Decimal | None:
        return _percent(self.sick, self.working)

    @property
    def long_share(self) -> Decimal | None:
        return _percent(self.long_sick, self.sick)


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Cell:
    """One share of one period: its value, or hidden (a small group), or None (no figures)."""

    value: Decimal | None
    hidden: bool = False


@dataclass(frozen=True)
class Row:
    key: str
    label: str | Promise
    headcount: int | None
    current: Cell
    previous: Cell


@dataclass
class Figures:
    unit: OrgUnit | None  # None: the whole municipality
    period: Period
    previous_period: Period | None
    total: Hours
    previous_total: Hours | None
    rows: list[Row] = field(default_factory=list)

    @property
    def has_hidden(self) -> bool:
        return any(r.current.hidden or r.previous.hidden for r in self.rows)


GROUPS: list[tuple[str, str | Promise]] = [
    ("total", _("Sick leave, total")),
    (Gender.WOMEN, _("Women")),
    (Gender.MEN, _("Men")),
    (AgeGroup.UP_TO_29, _("29 years or younger")),
    (AgeGroup.FROM_30_TO_49, _("30–49 years")),
    (AgeGroup.FROM_50, _("50 years or older")),
]


def previous_period(period: Period) -> Period | None:
    """The same period (by its key: t1, t2, ye …) of the year before."""
    return (
        Period.objects.select_related("year").filter(year__year=period.year.year - 1, key=period.key).first()
    )


def has_figures(period: Period) -> bool:
    return PersonnelFigure.objects.filter(period=period).exists()


def _grouped(periods: list[Period], unit: OrgUnit | None) -> dict[int, dict[str, Hours]]:
    """Per period: the hours of the whole (key "total") and of each gender and age group."""
    queryset = PersonnelFigure.objects.filter(period__in=periods)
    if unit is not None:
        queryset = queryset.filter(unit__path__startswith=unit.path)
    result: dict[int, dict[str, Hours]] = {p.pk: {} for p in periods}
    for row in queryset.values("period_id", "gender", "age_group").annotate(
        headcount=Sum("headcount"),
        fte=Sum("fte"),
        working=Sum("working_hours"),
        sick=Sum("sick_hours"),
        long_sick=Sum("long_sick_hours"),
    ):
        groups = result[row["period_id"]]
        for key in ("total", row["gender"], row["age_group"]):
            groups.setdefault(key, Hours()).add(row)
    return result


def _cell(hours: Hours | None, share: str = "sick_share") -> Cell:
    if hours is None or not hours.working:
        return Cell(None)
    if not hours.shown:
        return Cell(None, hidden=True)
    return Cell(getattr(hours, share))


def figures_for(period: Period, unit: OrgUnit | None = None) -> Figures | None:
    """The figures of the municipality (unit None) or of a board's subtree; None when the period has none."""
    previous = previous_period(period)
    grouped = _grouped([period] + ([previous] if previous else []), unit)
    current = grouped[period.pk]
    if not current:
        return None
    before = grouped.get(previous.pk, {}) if previous else {}
    rows = [
        Row(
            str(key),
            label,
            current[key].headcount if key in current else None,
            _cell(current.get(key)),
            _cell(before.get(key)),
        )
        for key, label in GROUPS
    ]
    rows.append(
        Row(
            "long",
            _("Share of the sick leave in spells of 60 days or more"),
            None,
            _cell(current.get("total"), "long_share"),
            _cell(before.get("total"), "long_share"),
        )
    )
    return Figures(unit, period, previous, current["total"], before.get("total"), rows)


@dataclass(frozen=True)
class BoardLine:
    board: OrgUnit
    current: Hours
    previous: Hours | None

    @property
    def current_cell(self) -> Cell:
        return _cell(self.current)

    @property
    def previous_cell(self) -> Cell:
        return _cell(self.previous)

    @property
    def has_hidden(self) -> bool:
        return self.current_cell.hidden or self.previous_cell.hidden


def boards_for(period: Period, boards: list[OrgUnit]) -> list[BoardLine]:
    """Headcount, FTE and total sick leave per board (the units of its subtree), in one query."""
    previous = previous_period(period)
    periods = [period] + ([previous] if previous else [])
    by_board: dict[tuple[int, int], Hours] = {}
    rows = (
        PersonnelFigure.objects.filter(period__in=periods)
        .values("period_id", "unit__path")
        .annotate(
            headcount=Sum("headcount"),
            fte=Sum("fte"),
            working=Sum("working_hours"),
            sick=Sum("sick_hours"),
            long_sick=Sum("long_sick_hours"),
        )
    )
    for row in rows:
        for board in boards:
            if row["unit__path"].startswith(board.path):
                by_board.setdefault((row["period_id"], board.pk), Hours()).add(row)
                break
    return [
        BoardLine(
            board,
            by_board[(period.pk, board.pk)],
            by_board.get((previous.pk, board.pk)) if previous else None,
        )
        for board in boards
        if (period.pk, board.pk) in by_board
    ]
