"""Which outcomes of an indicator are believable.

Two checks, used by the outcome form, the Excel import and the Kolada import:

1. **Possible** (`check_possible`): the value lies within the range of the indicator's kind and has no more decimals
   than its precision (`KIND_RULES`: a share lies between 0 and 100, a count is whole and not negative …). An
   indicator may override the range and precision with its own `min_value`, `max_value` and `decimals`. A value that
   is not possible is refused with a message and nothing is saved.

2. **Usual** (`is_unusual`): with at least `MIN_HISTORY` earlier values (the baseline and the other periods'
   outcomes), a value is unusual when it lies outside [lowest − K·spread, highest + K·spread], where spread is the
   history's range (highest − lowest) but at least `MIN_SPREAD_SHARE` of the largest absolute value seen (so a flat
   history of 80, 80, 80 still allows 72–88 and more). With K = 3, a share that moved between 80 and 85 may go from
   65 to 100 without a question; 405 000 asks. An unusual value is saved only when the person confirms it in the
   form, and is then marked (`IndicatorOutcome.is_unusual`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Indicator, IndicatorKind

K = Decimal("3")
MIN_HISTORY = 2
MIN_SPREAD_SHARE = Decimal("0.1")
# The model stores two decimals; no precision may ask for more.
MAX_DECIMALS = 2


@dataclass(frozen=True)
class KindRule:
    min_value: Decimal | None
    max_value: Decimal | None
    decimals: int


KIND_RULES: dict[str, KindRule] = {
    IndicatorKind.SHARE: KindRule(Decimal("0"), Decimal("100"), 1),
    IndicatorKind.COUNT: KindRule(Decimal("0"), None, 0),
    IndicatorKind.AMOUNT_KR: KindRule(None, None, 0),
    IndicatorKind.AMOUNT_TKR: KindRule(None, None, 1),
    IndicatorKind.RATIO: KindRule(Decimal("0"), None, 2),
    IndicatorKind.INDEX: KindRule(Decimal("0"), None, 1),
}
NO_RULE = KindRule(None, None, MAX_DECIMALS)

UNIT_KINDS = {
    "%": IndicatorKind.SHARE,
    "procent": IndicatorKind.SHARE,
    "antal": IndicatorKind.COUNT,
    "st": IndicatorKind.COUNT,
    "st.": IndicatorKind.COUNT,
    "kr": IndicatorKind.AMOUNT_KR,
    "kronor": IndicatorKind.AMOUNT_KR,
    "tkr": IndicatorKind.AMOUNT_TKR,
    "index": IndicatorKind.INDEX,
    "kvot": IndicatorKind.RATIO,
}


def kind_for_unit(unit: str) -> str:
    """The kind a unit text names ("%" → share, "kr/inv" → amount in kr); "" when it says nothing."""
    return UNIT_KINDS.get(unit.strip().lower().split("/")[0].strip(), "")


@dataclass(frozen=True)
class Bounds:
    min_value: Decimal | None
    max_value: Decimal | None
    decimals: int


def bounds(indicator: Indicator) -> Bounds:
    """The indicator's range and precision: its own where set, else its kind's."""
    rule = KIND_RULES.get(indicator.kind, NO_RULE)
    return Bounds(
        indicator.min_value if indicator.min_value is not None else rule.min_value,
        indicator.max_value if indicator.max_value is not None else rule.max_value,
        min(indicator.decimals if indicator.decimals is not None else rule.decimals, MAX_DECIMALS),
    )


def number_text(value: Decimal) -> str:
    return number_format(value, decimal_pos=max(0, -value.normalize().as_tuple().exponent))


def check_possible(indicator: Indicator, value: Decimal) -> str | None:
    """None when the value is possible for the indicator, else a message saying why not (in the active language)."""
    b = bounds(indicator)
    unit = f" {indicator.unit}" if indicator.unit else ""
    if b.min_value is not None and value < b.min_value or b.max_value is not None and value > b.max_value:
        if b.min_value is not None and b.max_value is not None:
            return _(
                "%(value)s is not possible for %(name)s: it lies between %(min)s and %(max)s%(unit)s."
            ) % {
                "value": number_text(value),
                "name": indicator.name,
                "min": number_text(b.min_value),
                "max": number_text(b.max_value),
                "unit": unit,
            }
        if b.min_value is not None:
            return _("%(value)s is not possible for %(name)s: it is at least %(min)s%(unit)s.") % {
                "value": number_text(value),
                "name": indicator.name,
                "min": number_text(b.min_value),
                "unit": unit,
            }
        return _("%(value)s is not possible for %(name)s: it is at most %(max)s%(unit)s.") % {
            "value": number_text(value),
            "name": indicator.name,
            "max": number_text(b.max_value),
            "unit": unit,
        }
    # Ten places absorb the noise of a spreadsheet's binary fractions (84.30000000000001).
    if value.quantize(Decimal(1).scaleb(-10)) != value.quantize(Decimal(1).scaleb(-b.decimals)).quantize(
        Decimal(1).scaleb(-10)
    ):
        if b.decimals == 0:
            return _("%(name)s is counted in whole numbers; %(value)s has decimals.") % {
                "name": indicator.name,
                "value": number_text(value),
            }
        return _("%(name)s is given with at most %(decimals)s decimals; %(value)s has more.") % {
            "name": indicator.name,
            "decimals": b.decimals,
            "value": number_text(value),
        }
    return None


def describe(indicator: Indicator) -> str:
    """The possible values in words, shown beside the outcome form."""
    b = bounds(indicator)
    unit = f" {indicator.unit}" if indicator.unit else ""
    if b.min_value is not None and b.max_value is not None:
        text = _("Possible values: %(min)s to %(max)s%(unit)s.") % {
            "min": number_text(b.min_value),
            "max": number_text(b.max_value),
            "unit": unit,
        }
    elif b.min_value is not None:
        text = _("Possible values: at least %(min)s%(unit)s.") % {
            "min": number_text(b.min_value),
            "unit": unit,
        }
    elif b.max_value is not None:
        text = _("Possible values: at most %(max)s%(unit)s.") % {
            "max": number_text(b.max_value),
            "unit": unit,
        }
    else:
        text = ""
    if b.decimals == 0:
        precision = _("Whole numbers only.")
    else:
        precision = ngettext("At most %(count)s decimal.", "At most %(count)s decimals.", b.decimals) % {
            "count": b.decimals
        }
    return f"{text} {precision}".strip()


def rounded(indicator: Indicator, value: Decimal) -> Decimal:
    """The value at the indicator's precision (for figures computed elsewhere, like Kolada's)."""
    return value.quantize(Decimal(1).scaleb(-bounds(indicator).decimals))


def is_unusual(value: Decimal, history: Iterable[Decimal | None]) -> bool:
    """Far outside the indicator's own history (see the module's docstring); never with too little history."""
    seen = [v for v in history if v is not None]
    if len(seen) < MIN_HISTORY:
        return False
    lowest, highest = min(seen), max(seen)
    spread = max(highest - lowest, MIN_SPREAD_SHARE * max(abs(lowest), abs(highest)))
    if spread == 0:
        spread = Decimal("1")
    return value < lowest - K * spread or value > highest + K * spread


def history_of(indicator: Indicator, exclude_period_id: int | None = None) -> list[Decimal]:
    """The baseline and every outcome of the indicator except the period being entered (one query)."""
    values = list(
        indicator.outcomes.exclude(period_id=exclude_period_id).values_list("value", flat=True)
        if exclude_period_id
        else indicator.outcomes.values_list("value", flat=True)
    )
    if indicator.baseline_value is not None:
        values.append(indicator.baseline_value)
    return values
