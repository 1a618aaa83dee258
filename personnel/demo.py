"""Demo personnel figures in the shape of Haparanda: about 1,300 employees over the demo's units, sick leave about
6–8 % of the working time and about 40 % of it long-term, for last year's periods and this year's periods that
have ended. The HR file is generated in memory (deterministically, so a second run produces the same file and the
importer leaves it alone) and imported through the same importer as an uploaded file."""

from __future__ import annotations

import csv
import io
import random
from decimal import Decimal

from django.utils import timezone

from styrmodell.demo import DemoContext
from styrmodell.models import Period

from . import importer

# unit key, employees, share of women
UNITS: list[tuple[str, int, float]] = [
    ("ekonomi", 24, 0.7),
    ("personal", 18, 0.8),
    ("kansli", 40, 0.65),
    ("solrosen", 62, 0.93),
    ("norrskenet", 55, 0.92),
    ("aspen", 118, 0.78),
    ("kristall", 104, 0.76),
    ("gymnasiet", 186, 0.6),
    ("hemtjansten", 214, 0.88),
    ("strandgarden", 232, 0.9),
    ("barn-familj", 68, 0.82),
    ("kost", 62, 0.85),
    ("gata-park", 74, 0.2),
    ("miljo-bygg", 48, 0.5),
]
AGE_SHARES = {"-29": 0.2, "30-49": 0.45, "50-": 0.35}
HOURS_PER_MONTH = Decimal("165")


def _months(period: Period) -> int:
    return (period.ends.year - period.starts.year) * 12 + period.ends.month - period.starts.month + 1


def hr_file(ctx: DemoContext, period: Period) -> bytes:
    """The HR system's CSV for one period (semicolon, decimal comma, as Swedish systems write it)."""
    rng = random.Random(f"{period.year.year}-{period.key}")
    months = _months(period)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(importer.COLUMNS)
    for key, employees, women_share in UNITS:
        unit = ctx.units.get(key)
        if unit is None:
            continue
        employees += rng.randint(-3, 3)
        for gender, gender_share in (("kvinna", women_share), ("man", 1 - women_share)):
            for age, age_share in AGE_SHARES.items():
                headcount = max(1, round(employees * gender_share * age_share))
                fte = Decimal(headcount) * Decimal(str(round(rng.uniform(0.82, 0.95), 2)))
                working = fte * HOURS_PER_MONTH * months
                rate = (
                    7.0 + (1.0 if gender == "kvinna" else -1.8) + {"-29": -1.5, "30-49": 0, "50-": 1.4}[age]
                )
                rate += rng.uniform(-1.0, 1.0)
                sick = working * Decimal(str(round(rate / 100, 4)))
                long_sick = sick * Decimal(str(round(rng.uniform(0.3, 0.5), 3)))
                writer.writerow(
                    [
                        unit.name,
                        gender,
                        age,
                        headcount,
                        _comma(fte, 2),
                        _comma(working, 1),
                        _comma(sick, 1),
                        _comma(long_sick, 1),
                    ]
                )
        if key == "strandgarden":  # a small group the figures page does not show on its own
            writer.writerow(
                [unit.name, "annat", "30-49", 1, "1,00", _comma(HOURS_PER_MONTH * months, 1), "0", "0"]
            )
    return buffer.getvalue().encode("utf-8")


def _comma(value: Decimal, places: int) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def load(ctx: DemoContext) -> None:
    today = timezone.localdate()
    this_year = today.year
    imported = 0
    for y in (this_year - 1, this_year):
        year = ctx.years.get(y)
        if year is None:
            continue
        # The report periods (tertials and year-end), not the monthly follow-up the reporting demo adds later.
        for period in year.periods.exclude(kind=Period.Kind.MONTH).order_by("ends"):
            if y == this_year and period.ends >= today:
                continue
            data = hr_file(ctx, period)
            result = importer.import_file(
                io.BytesIO(data),
                period,
                ctx.users.get("admin"),
                filename=f"hr-{y}-{period.key}.csv",
                allow_closed_year=True,
            )
            if not result.ok:
                raise RuntimeError(f"Demo personnel file for {period} refused: {result.problems[:3]}")
            imported += 0 if result.unchanged else 1
    ctx.stdout.write(f"Personnel: {imported} periods imported\n")
