"""Server-rendered, accessible SVG charts (for pages and for PDFs).

The markup carries its own <title> and <desc> (named by `aria-labelledby`), uses presentation attributes instead
of `style=""` (a strict Content-Security-Policy forbids inline styles, and WeasyPrint reads the attributes without
any stylesheet) and contains no script. The caller always shows the same numbers in a data table beside the chart,
so nobody depends on the picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from uuid import uuid4

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Number = Decimal | float | int

INK = "#1b1f24"
MUTED = "#4a5560"
GRID = "#c8cfd6"
LINE = "#0b4f8a"
TARGET = "#1d6b34"
# Comparison lines (similar municipalities, the whole country): distinct colours and dash patterns, so they are
# told apart without colour too; each is named in a legend and in the data table beside the chart.
COMPARISON_STYLES = [("#8a3b00", "2 3"), ("#5b3a8c", "8 3 2 3")]


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: Number | None


@dataclass(frozen=True)
class ComparisonSeries:
    """Another line in the same chart, one value (or None) per point of the main series."""

    label: str
    values: Sequence[Number | None]


def format_number(value: Number | None) -> str:
    """A number as the current language writes it (Swedish: decimal comma), without needless decimals."""
    if value is None:
        return "–"
    value = Decimal(str(value))
    decimals = (
        0
        if value == value.to_integral_value()
        else (1 if (value * 10) == (value * 10).to_integral_value() else 2)
    )
    return number_format(value, decimal_pos=decimals)


def _with_unit(value: Number | None, unit: str) -> str:
    text = format_number(value)
    if not unit or value is None:
        return text
    return f"{text} {unit}" if unit != "%" else f"{text} %"


def _scale(lo: float, hi: float) -> tuple[float, float, list[float]]:
    """A value range on round numbers (steps of 1, 2, 2.5 or 5 times a power of ten) and its gridline values."""
    if lo == hi:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    rough = (hi - lo) / 4
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough)
    low = math.floor(lo / step) * step
    high = math.ceil(hi / step) * step
    if high - low < step * 2:
        low, high = low - step, high + step
    if lo >= 0 > low:
        low = 0.0  # data that cannot be negative never gets a negative axis
    ticks = []
    tick = low
    while tick <= high + step / 1000:
        ticks.append(round(tick, 10))
        tick += step
    return low, high, ticks


def trend_chart_svg(
    points: Sequence[ChartPoint | tuple[str, Number | None]],
    *,
    title: str,
    description: str = "",
    target: Number | None = None,
    target_label: str = "",
    unit: str = "",
    width: int = 520,
    height: int = 240,
    comparisons: Sequence[ComparisonSeries] = (),
) -> SafeString:
    """A line chart of `points` (label, value) in order, with an optional dashed target line.

    Returns safe SVG markup, or an empty string when no point has a value (the caller says "no outcomes yet").
    `title` names the chart for screen readers; `description` should summarise it (e.g. latest value against the
    target); `target_label` is written beside the target line (e.g. "Målnivå 85 %").
    """
    pts = [p if isinstance(p, ChartPoint) else ChartPoint(*p) for p in points]
    values = [float(p.value) for p in pts if p.value is not None]
    if not values:
        return mark_safe("")  # noqa: S308 - a constant empty string
    comparisons = [c for c in comparisons if any(v is not None for v in c.values)][: len(COMPARISON_STYLES)]
    compared = [float(v) for c in comparisons for v in c.values if v is not None]
    all_values = values + compared + ([float(target)] if target is not None else [])
    if comparisons:
        height += 20 * len(comparisons)  # room for the legend
    lo, hi, ticks = _scale(min(all_values), max(all_values))

    left, right, top, bottom = 64, 16, 24, 44 + 20 * len(comparisons)
    inset = 36  # keeps the first and last period labels inside the picture
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(pts)

    def x(i: int) -> float:
        return left + (plot_w / 2 if n == 1 else inset + (plot_w - 2 * inset) * i / (n - 1))

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - lo) / (hi - lo))

    uid = uuid4().hex[:10]
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="chart-{uid}-title chart-{uid}-desc" '
        f'font-family="system-ui, Arial, sans-serif" font-size="12">',
        f'<title id="chart-{uid}-title">{escape(title)}</title>',
        f'<desc id="chart-{uid}-desc">{escape(description)}</desc>',
    ]
    for tick in ticks:
        ty = y(tick)
        parts.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{width - right}" y2="{ty:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" fill="{MUTED}">{escape(format_number(round(tick, 2)))}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{INK}" stroke-width="1"/>'
    )
    for i, p in enumerate(pts):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle" fill="{INK}">{escape(p.label)}</text>'
        )
    if target is not None:
        ty = y(float(target))
        parts.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{width - right}" y2="{ty:.1f}" stroke="{TARGET}" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
        )
        label = target_label or _with_unit(target, unit)
        parts.append(
            f'<text x="{width - right}" y="{ty - 6:.1f}" text-anchor="end" fill="{TARGET}" font-weight="600">{escape(label)}</text>'
        )
    for (colour, dash), series in zip(COMPARISON_STYLES, comparisons, strict=False):
        drawn = [(i, float(v)) for i, v in enumerate(series.values[:n]) if v is not None]
        if len(drawn) > 1:
            points_text = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in drawn)
            parts.append(
                f'<polyline points="{points_text}" fill="none" stroke="{colour}" stroke-width="2" '
                f'stroke-dasharray="{dash}"/>'
            )
        for i, v in drawn:
            parts.append(
                f'<rect x="{x(i) - 3:.1f}" y="{y(v) - 3:.1f}" width="6" height="6" fill="{colour}"/>'
            )
    for row, ((colour, dash), series) in enumerate(zip(COMPARISON_STYLES, comparisons, strict=False)):
        ly = height - bottom + 36 + 20 * row
        parts.append(
            f'<line x1="{left}" y1="{ly - 4}" x2="{left + 28}" y2="{ly - 4}" stroke="{colour}" stroke-width="2" '
            f'stroke-dasharray="{dash}"/>'
        )
        parts.append(f'<text x="{left + 36}" y="{ly}" fill="{INK}">{escape(series.label)}</text>')
    # The line is broken where a period has no value, so a gap is never drawn as a trend.
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, p in enumerate(pts):
        if p.value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(float(p.value)):.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        if len(seg) > 1:
            parts.append(
                f'<polyline points="{" ".join(seg)}" fill="none" stroke="{LINE}" stroke-width="2.5"/>'
            )
    for i, p in enumerate(pts):
        if p.value is None:
            continue
        px, py = x(i), y(float(p.value))
        parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{LINE}"/>')
        parts.append(
            f'<text x="{px:.1f}" y="{py - 9:.1f}" text-anchor="middle" fill="{INK}">{escape(_with_unit(p.value, unit))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
