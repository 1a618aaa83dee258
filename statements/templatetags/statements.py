"""Amounts as the statements present them: kronor to whole tkr, Swedish digit groups, a true minus sign."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()

NBSP = "\u00a0"
MINUS = "\u2212"


def swedish_number(value: Decimal | int, places: int = 0) -> str:
    quantum = Decimal(1).scaleb(-places)
    number = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)
    text = f"{abs(number):,.{places}f}".replace(",", NBSP).replace(".", ",")
    return f"{MINUS}{text}" if number < 0 else text


@register.filter
def tkr(value: Decimal | None) -> str:
    """Kronor as whole tkr: 1 234 567,8 → '1 235'; None → '–'."""
    if value is None:
        return "–"
    return swedish_number(Decimal(value) / 1000)


@register.filter
def percent(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return f"{swedish_number(value, 1)}{NBSP}%"
