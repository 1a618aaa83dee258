from __future__ import annotations

from decimal import Decimal

from styrmodell.lib.charts import ChartPoint, format_number, trend_chart_svg


def test_it_draws_an_accessible_svg_without_styles_or_scripts():
    svg = trend_chart_svg(
        [
            ChartPoint("2024", Decimal("81.5")),
            ("T1 2026", Decimal("83.1")),
            ("T2 2026", None),
            ("Bokslut", 84),
        ],
        title="Trend: Andel <med> examen",
        description="Senast 84 %",
        target=Decimal("85"),
        target_label="Målnivå 85 %",
        unit="%",
    )
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "<title id=" in svg and "<desc id=" in svg
    assert "Trend: Andel &lt;med&gt; examen" in svg
    assert "style=" not in svg
    assert "<script" not in svg
    assert "Målnivå 85 %" in svg
    assert "81,5 %" in svg  # Swedish decimal comma
    assert svg.count("<circle") == 3  # the period without a value has no point


def test_it_returns_nothing_when_there_is_no_value():
    assert trend_chart_svg([("2024", None)], title="Tom") == ""


def test_it_formats_numbers_without_needless_decimals():
    assert format_number(Decimal("85.00")) == "85"
    assert format_number(Decimal("85.50")) == "85,5"
    assert format_number(None) == "–"
