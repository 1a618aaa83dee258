"""Ready-made follow-up calendars for a year, and the rules every calendar must keep.

A municipality's follow-up periods are cumulative, as its accounts are: tertial 1 is January–April, the interim
report (delår) January–August, the year-end (helår) January–December. Each period has two deadlines: staff report
commitment status by the first (the seed's 1 April, 1 September and 1 January), the board follows up by the second.

The staff deadline may fall before the period ends (the seed's 1 April for a tertial that ends on 30 April: staff
report on what they know, and keep reporting continuously); the board's deadline may not, because the board
follows up the whole period. An administrator starts from one of `CALENDARS` and changes any date by hand.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Period, Reporting, Year

EVERYTHING = [kind.value for kind in Reporting]
# A monthly follow-up is an economy-and-deviations report (snabbrapport): figures and the board's comment.
MONTHLY = [Reporting.ECONOMY.value, Reporting.TEXTS.value]

MONTH_NAMES = [
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
]


@dataclass(frozen=True)
class PeriodPlan:
    key: str
    name: str
    kind: str
    starts: datetime.date
    ends: datetime.date
    deadline: datetime.date
    board_deadline: datetime.date
    collects: list[str]


def _month_end(year: int, month: int) -> datetime.date:
    first_of_next = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


def tertials(y: int) -> list[PeriodPlan]:
    jan1 = datetime.date(y, 1, 1)
    return [
        PeriodPlan(
            "t1",
            str(_("Tertial 1")),
            Period.Kind.INTERIM,
            jan1,
            datetime.date(y, 4, 30),
            datetime.date(y, 4, 1),
            datetime.date(y, 5, 15),
            EVERYTHING,
        ),
        PeriodPlan(
            "t2",
            str(_("Interim report")),
            Period.Kind.INTERIM,
            jan1,
            datetime.date(y, 8, 31),
            datetime.date(y, 9, 1),
            datetime.date(y, 9, 22),
            EVERYTHING,
        ),
        PeriodPlan(
            "ye",
            str(_("Year-end")),
            Period.Kind.YEAR_END,
            jan1,
            datetime.date(y, 12, 31),
            datetime.date(y + 1, 1, 1),
            datetime.date(y + 1, 1, 31),
            EVERYTHING,
        ),
    ]


def quarters(y: int) -> list[PeriodPlan]:
    jan1 = datetime.date(y, 1, 1)
    plans = []
    for number, month in ((1, 3), (2, 6), (3, 9)):
        ends = _month_end(y, month)
        deadline = ends + datetime.timedelta(days=10)
        plans.append(
            PeriodPlan(
                f"q{number}",
                str(_("Quarter %(number)s") % {"number": number}),
                Period.Kind.INTERIM,
                jan1,
                ends,
                deadline,
                deadline + datetime.timedelta(days=21),
                EVERYTHING,
            )
        )
    plans.append(
        PeriodPlan(
            "ye",
            str(_("Year-end")),
            Period.Kind.YEAR_END,
            jan1,
            datetime.date(y, 12, 31),
            datetime.date(y + 1, 1, 10),
            datetime.date(y + 1, 1, 31),
            EVERYTHING,
        )
    )
    return plans


def months(y: int) -> list[PeriodPlan]:
    """Monthly economy follow-up, January to November (December is the year-end), each from 1 January."""
    plans = []
    for month in range(1, 12):
        ends = _month_end(y, month)
        plans.append(
            PeriodPlan(
                f"m{month:02d}",
                str(_("Through %(month)s") % {"month": MONTH_NAMES[month - 1]}),
                Period.Kind.MONTH,
                datetime.date(y, 1, 1),
                ends,
                ends + datetime.timedelta(days=10),
                ends + datetime.timedelta(days=20),
                MONTHLY,
            )
        )
    return plans


CALENDARS = {
    "tertials": (_("Tertials: tertial 1, interim report and year-end (the seed's calendar)"), tertials),
    "quarters": (_("Quarters: three quarters and the year-end"), quarters),
    "months": (_("Monthly economy follow-up (quick reports), in addition to another calendar"), months),
}


@transaction.atomic
def apply_calendar(year: Year, name: str) -> list[Period]:
    """Create the calendar's periods that the year does not have yet (by short name); existing periods, with
    whatever was reported in them, are left as they are. Returns the calendar's periods."""
    _label, plan = CALENDARS[name]
    existing = {p.key: p for p in year.periods.all()}
    periods = []
    for item in plan(year.year):
        period = existing.get(item.key)
        if period is None:
            period = Period.objects.create(
                year=year,
                key=item.key,
                name=item.name,
                kind=item.kind,
                starts=item.starts,
                ends=item.ends,
                deadline=item.deadline,
                board_deadline=item.board_deadline,
                collects=list(item.collects),
            )
        periods.append(period)
    return periods


def calendar_problems(year: int, periods: list[Period]) -> list[str]:
    """What makes a year's calendar impossible, in Swedish-ready sentences (empty when it is sound). Checks each
    period's own dates, that periods of the same kind neither overlap (cumulative periods from the same first day
    may) nor end on the same day, and that the year has exactly one year-end."""
    problems: list[str] = []
    for p in periods:
        label = p.name or p.key
        if p.starts and p.ends and p.starts > p.ends:
            problems.append(str(_("%(period)s ends before it starts.") % {"period": label}))
        if p.starts and p.ends and (p.starts.year != year or p.ends.year != year):
            problems.append(
                str(_("%(period)s must start and end within %(year)s.") % {"period": label, "year": year})
            )
        if p.deadline and p.starts and p.deadline < p.starts:
            problems.append(
                str(_("The staff deadline of %(period)s is before the period starts.") % {"period": label})
            )
        if p.board_deadline and p.deadline and p.board_deadline < p.deadline:
            problems.append(
                str(_("The board's deadline of %(period)s is before the staff deadline.") % {"period": label})
            )
        if p.board_deadline and p.ends and p.board_deadline <= p.ends:
            problems.append(
                str(
                    _("The board's deadline of %(period)s must come after the period ends.")
                    % {"period": label}
                )
            )
    by_kind: dict[str, list[Period]] = {}
    for p in periods:
        by_kind.setdefault(p.kind, []).append(p)
    for same in by_kind.values():
        same = sorted(same, key=lambda p: (p.ends, p.starts))
        for earlier, later in zip(same, same[1:], strict=False):
            if earlier.ends == later.ends:
                problems.append(
                    str(
                        _("%(a)s and %(b)s cover the same months.")
                        % {"a": earlier.name or earlier.key, "b": later.name or later.key}
                    )
                )
            elif later.starts <= earlier.ends and later.starts != earlier.starts:
                problems.append(
                    str(
                        _(
                            "%(a)s and %(b)s overlap: periods of the same kind either follow each other or all start on the same day (cumulative)."
                        )
                        % {"a": earlier.name or earlier.key, "b": later.name or later.key}
                    )
                )
    year_ends = [p for p in periods if p.kind == Period.Kind.YEAR_END]
    if not year_ends:
        problems.append(str(_("The year has no year-end period.")))
    elif len(year_ends) > 1:
        problems.append(str(_("The year has more than one year-end period.")))
    return problems
