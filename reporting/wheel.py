"""The annual cycle (årshjul) as an accessible SVG wheel: twelve month segments with the year's milestones and
reporting deadlines as numbered marks; the list beside it carries the same numbers and the full text."""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.dates import MONTHS_3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Presentation attributes, not style="": a strict Content-Security-Policy forbids inline styles.
SEGMENT_FILLS = ("#e8eef5", "#f5f7fa")
KIND_FILLS = {
    "budget": "#0b4f8a",
    "follow_up": "#1d6b34",
    "planning": "#5a3d8a",
    "internal_control": "#7a5200",
    "deadline": "#a11d1d",
}
INK = "#1b1f24"


def _point(cx: float, cy: float, r: float, angle: float) -> tuple[float, float]:
    return cx + r * math.cos(angle), cy + r * math.sin(angle)


def _angle(month: float) -> float:
    """January starts at the top; the wheel turns clockwise."""
    return (month - 1) / 12 * 2 * math.pi - math.pi / 2


def wheel(entries: Sequence, year: int, size: int = 420) -> SafeString:
    cx = cy = size / 2
    outer, inner, label_r, mark_r = size / 2 - 8, size / 2 - 80, size / 2 - 30, size / 2 - 58
    description = "; ".join(
        f"{index}. {MONTHS_3[e.month].capitalize()}"
        + (f"–{MONTHS_3[e.end_month].capitalize()}" if e.end_month and e.end_month != e.month else "")
        + f": {e.title}"
        for index, e in enumerate(entries, start=1)
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="wheel" viewBox="0 0 {size} {size}" width="{size}" '
        f'height="{size}" role="img" aria-labelledby="wheel-title wheel-desc">',
        f'<title id="wheel-title">{escape(_("Annual cycle %(year)s") % {"year": year})}</title>',
        f'<desc id="wheel-desc">{escape(description or _("No milestones yet."))}</desc>',
    ]
    for month in range(1, 13):
        a0, a1 = _angle(month), _angle(month + 1)
        x0, y0 = _point(cx, cy, outer, a0)
        x1, y1 = _point(cx, cy, outer, a1)
        x2, y2 = _point(cx, cy, inner, a1)
        x3, y3 = _point(cx, cy, inner, a0)
        parts.append(
            f'<path d="M{x0:.1f},{y0:.1f} A{outer},{outer} 0 0,1 {x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f} '
            f'A{inner},{inner} 0 0,0 {x3:.1f},{y3:.1f} Z" fill="{SEGMENT_FILLS[month % 2]}" stroke="#6b7580" '
            f'stroke-width="1"/>'
        )
        lx, ly = _point(cx, cy, label_r, _angle(month + 0.5))
        parts.append(
            f'<text x="{lx:.1f}" y="{ly + 5:.1f}" text-anchor="middle" font-size="14" fill="{INK}">'
            f"{escape(MONTHS_3[month].capitalize())}</text>"
        )
    # Marks of the same month are spread along the month's arc so their numbers do not overlap.
    by_month: dict[int, list[int]] = {}
    for index, entry in enumerate(entries, start=1):
        by_month.setdefault(entry.month, []).append(index)
    for index, entry in enumerate(entries, start=1):
        siblings = by_month[entry.month]
        position = (siblings.index(index) + 1) / (len(siblings) + 1)
        mx, my = _point(cx, cy, mark_r, _angle(entry.month + position))
        fill = KIND_FILLS.get(entry.kind, INK)
        parts.append(f'<circle cx="{mx:.1f}" cy="{my:.1f}" r="11" fill="{fill}"/>')
        parts.append(
            f'<text x="{mx:.1f}" y="{my + 4.5:.1f}" text-anchor="middle" font-size="12" font-weight="bold" '
            f'fill="#ffffff">{index}</text>'
        )
    parts.append(
        f'<text x="{cx}" y="{cy + 8}" text-anchor="middle" font-size="26" font-weight="bold" fill="{INK}">'
        f"{year}</text>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
