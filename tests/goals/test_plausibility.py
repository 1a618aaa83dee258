"""Plausible figures: a kind's range and precision refuse impossible values in the form, the Excel import and the
Kolada import (nothing saved); a value far outside the indicator's history asks for a confirmation and is marked."""

from __future__ import annotations

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import Workbook

from goals import kolada, plausibility
from goals.models import IndicatorKind, IndicatorOutcome
from reporting import exports

from .conftest import make_outcome


def _share(w):
    w.indicator.kind = IndicatorKind.SHARE
    w.indicator.save(update_fields=["kind"])
    return w.indicator


def test_a_share_of_405_000_is_refused_beside_the_field_and_nothing_is_saved(client, goal_world):
    w = goal_world
    indicator = _share(w)
    client.force_login(w.users["controller"])
    response = client.post(
        reverse("goals:outcome-set", args=[indicator.code]),
        {"period": w.periods["t1"].pk, "value": "405000", "comment": ""},
    )
    assert response.status_code == 200
    assert "är inte möjligt" in response.content.decode()
    assert "mellan 0 och 100" in response.content.decode()
    assert not IndicatorOutcome.objects.exists()


def test_405_000_typed_with_a_space_is_read_as_a_number_and_refused_as_a_share(client, goal_world):
    """Swedish writes thousands apart ("405 000"): the refusal is about the share, not "fill in a number"."""
    w = goal_world
    indicator = _share(w)
    client.force_login(w.users["controller"])
    for typed in ("405 000", "405\u00a0000"):
        response = client.post(
            reverse("goals:outcome-set", args=[indicator.code]),
            {"period": w.periods["t2"].pk, "value": typed, "comment": ""},
        )
        page = response.content.decode()
        assert "mellan 0 och 100" in page
        assert "Fyll i ett tal" not in page
    assert not IndicatorOutcome.objects.exists()
    response = client.post(
        reverse("goals:outcome-set", args=[indicator.code]),
        {"period": w.periods["t2"].pk, "value": "84,5", "comment": ""},
    )
    assert response.status_code == 302
    assert IndicatorOutcome.objects.get().value == Decimal("84.5")


def test_a_count_is_whole():
    from goals.models import Indicator

    count = Indicator(name="Antal besök", unit="antal", kind=IndicatorKind.COUNT)
    assert plausibility.check_possible(count, Decimal("12")) is None
    assert "hela tal" in plausibility.check_possible(count, Decimal("12.5"))
    assert plausibility.check_possible(count, Decimal("-1"))


def test_an_indicator_overrides_its_kinds_range():
    from goals.models import Indicator

    index = Indicator(name="NKI", unit="index", kind=IndicatorKind.INDEX, max_value=Decimal("100"))
    assert plausibility.check_possible(index, Decimal("100")) is None
    assert plausibility.check_possible(index, Decimal("101"))


def test_far_outside_the_history_is_a_documented_rule():
    history = [Decimal("80"), Decimal("84"), Decimal("82")]
    # The spread is the range (4) but at least a tenth of the largest value (8.4): 80 − 25.2 … 84 + 25.2.
    assert not plausibility.is_unusual(Decimal("100"), history)
    assert plausibility.is_unusual(Decimal("40"), history)
    assert plausibility.is_unusual(Decimal("405000"), history)
    assert not plausibility.is_unusual(Decimal("99"), [Decimal("80")])  # too little history to judge


def test_an_unusual_value_asks_for_a_confirmation_then_is_saved_and_marked(client, goal_world):
    w = goal_world
    indicator = _share(w)
    make_outcome(indicator, w.periods["t1"], "80")
    indicator.baseline_value = Decimal("81")
    indicator.save(update_fields=["baseline_value"])
    client.force_login(w.users["controller"])
    url = reverse("goals:outcome-set", args=[indicator.code])
    data = {"period": w.periods["t2"].pk, "value": "20", "comment": ""}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "långt utanför" in page
    assert 'name="confirm_unusual"' in page
    assert not IndicatorOutcome.objects.filter(period=w.periods["t2"]).exists()
    response = client.post(url, {**data, "confirm_unusual": "on"})
    assert response.status_code == 302
    outcome = IndicatorOutcome.objects.get(period=w.periods["t2"])
    assert outcome.is_unusual
    assert outcome.history.first().is_unusual
    assert "Ovanligt värde, bekräftat" in client.get(response["Location"]).content.decode()


def _workbook(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = exports.OUTCOME_SHEET
    sheet.append(exports.OUTCOME_COLUMNS)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data


def test_the_excel_import_refuses_a_percentage_of_405_000_and_saves_nothing(goal_world):
    w = goal_world
    indicator = _share(w)
    file = _workbook([[str(indicator.code), w.goal.title, indicator.name, "%", 85, 405000, None]])
    result = exports.import_workbook(file, w.units["bun"], w.periods["t2"], w.users["controller"])
    assert not result.ok
    assert any("inte möjligt" in p.reason for p in result.problems), result.problems
    assert not IndicatorOutcome.objects.exists()


def test_the_kolada_import_refuses_figures_that_do_not_fit_and_saves_nothing(
    goal_world, monkeypatch, settings
):
    settings.KOLADA_BASE_URL = "https://api.kolada.se/v3"
    w = goal_world
    indicator = _share(w)
    indicator.kolada_kpi = "N17461"
    indicator.max_value = Decimal("50")
    indicator.save(update_fields=["kolada_kpi", "max_value"])
    body = (
        b'{"count": 1, "next_page": null, "values": [{"kpi": "N17461", "municipality": "2583", "period": 2026,'
        b' "values": [{"gender": "T", "value": 82.7}]}]}'
    )
    monkeypatch.setattr(kolada, "_open", lambda url: body)
    try:
        kolada.import_indicator(indicator)
    except kolada.KoladaError as error:
        assert "passar inte indikatorn" in str(error)
    else:
        raise AssertionError("the import should refuse the figure")
    assert not IndicatorOutcome.objects.exists()
