"""Outcomes from Kolada, the national database of municipal key figures (API v3).

`GET {KOLADA_BASE_URL}/data/kpi/<kpi>/municipality/<id>/year/<y1,y2,…>` answers

    {"count": 2, "next_page": null, "values": [
        {"kpi": "N17461", "municipality": "2583", "period": 2023,
         "values": [{"gender": "T", "status": "", "value": 85.1, "count": 1}, …]}, …]}

and pages with `next_page` (a full URL). Everything is fetched and checked first; only then is anything written,
in one transaction, so a failing or malformed answer changes nothing.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrmodell.models import Period

from .models import Indicator, IndicatorOutcome

TIMEOUT_SECONDS = 15
MAX_PAGES = 20
YEARS_BACK = 4  # the goal's year and the four before it: enough for a trend


class KoladaError(Exception):
    """A clear, translated message for the person who asked for the import."""


@dataclass
class KoladaResult:
    indicator: Indicator
    created: int = 0
    updated: int = 0
    skipped: list[str] = field(default_factory=list)


def _open(url: str) -> bytes:
    """One GET (separate so tests can replace it with recorded answers)."""
    if not url.startswith(("https://", "http://")):
        raise KoladaError(_("Kolada could not be reached: the address is not a web address."))
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 - scheme checked
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        return response.read()


def data_url(kpi: str, municipality: str, years: list[int]) -> str:
    base = settings.KOLADA_BASE_URL.rstrip("/")
    return f"{base}/data/kpi/{kpi}/municipality/{municipality}/year/{','.join(str(y) for y in years)}"


def fetch_values(kpi: str, municipality: str, years: list[int]) -> dict[int, Decimal]:
    """Year → total value (gender "T") for the KPI in the municipality, following `next_page`."""
    url: str | None = data_url(kpi, municipality, years)
    result: dict[int, Decimal] = {}
    pages = 0
    while url:
        pages += 1
        if pages > MAX_PAGES:
            raise KoladaError(_("Kolada sent more pages than expected; nothing was saved."))
        try:
            body = _open(url)
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise KoladaError(
                _("Kolada could not be reached (%(error)s); nothing was saved.") % {"error": error}
            ) from error
        try:
            data = json.loads(body)
            rows = data["values"]
            next_page = data.get("next_page")
            if not isinstance(rows, list) or (next_page is not None and not isinstance(next_page, str)):
                raise TypeError
            for row in rows:
                if str(row["kpi"]) != kpi or str(row["municipality"]) != str(municipality):
                    raise ValueError
                year = int(row["period"])
                for value in row["values"]:
                    if value.get("gender", "T") == "T" and value.get("value") is not None:
                        result[year] = Decimal(str(value["value"])).quantize(Decimal("0.01"))
        except (ValueError, TypeError, KeyError, AttributeError, InvalidOperation) as error:
            raise KoladaError(_("Kolada answered in an unexpected format; nothing was saved.")) from error
        url = next_page
    return result


def years_for(indicator: Indicator) -> list[int]:
    last = indicator.goal.year.year
    return list(range(last - YEARS_BACK, last + 1))


def import_indicator(indicator: Indicator, municipality: str | None = None) -> KoladaResult:
    """Store the Kolada values of the indicator's KPI as year-end outcomes (source Kolada).

    Kolada publishes a year's figures after that year is closed, so a missing year-end outcome may be added to a
    closed period (nothing reported is changed by that); an existing outcome of a closed period is never touched,
    and in an open period a manually entered outcome is never overwritten."""
    if not indicator.kolada_kpi:
        raise KoladaError(_("The indicator names no Kolada KPI."))
    municipality = municipality or settings.KOLADA_MUNICIPALITY_ID
    values = fetch_values(indicator.kolada_kpi, municipality, years_for(indicator))
    result = KoladaResult(indicator)
    periods = {
        p.year.year: p
        for p in Period.objects.filter(kind=Period.Kind.YEAR_END, year__year__in=list(values)).select_related(
            "year"
        )
    }
    existing = {
        o.period_id: o
        for o in IndicatorOutcome.objects.filter(indicator=indicator, period__in=periods.values())
    }
    with transaction.atomic():
        for year, value in sorted(values.items()):
            period = periods.get(year)
            if period is None:
                result.skipped.append(_("%(year)s: the year does not exist here.") % {"year": year})
                continue
            outcome = existing.get(period.pk)
            if outcome is None:
                IndicatorOutcome.objects.create(
                    indicator=indicator,
                    period=period,
                    value=value,
                    source=Indicator.Source.KOLADA,
                )
                result.created += 1
            elif outcome.value == value and outcome.source == Indicator.Source.KOLADA:
                continue
            elif period.is_locked:
                result.skipped.append(_("%(year)s: the period is closed.") % {"year": year})
            elif outcome.source != Indicator.Source.KOLADA:
                result.skipped.append(_("%(year)s: an outcome was entered by hand.") % {"year": year})
            else:
                outcome.value, outcome.entered_at = value, timezone.now()
                outcome.save(update_fields=["value", "entered_at"])
                result.updated += 1
    return result


def summary(result: KoladaResult) -> str:
    text = _("Kolada: %(created)s new and %(updated)s changed outcomes for %(name)s.") % {
        "created": result.created,
        "updated": result.updated,
        "name": result.indicator.name,
    }
    if result.skipped:
        text += " " + _("Not saved: %(list)s") % {"list": " ".join(result.skipped)}
    return text


def import_many(indicator_ids: list[int]) -> list[str]:
    """Import each indicator on its own; one failing indicator does not stop the others. Returns messages."""
    messages = []
    indicators = (
        Indicator.objects.filter(pk__in=indicator_ids).exclude(kolada_kpi="").select_related("goal__year")
    )
    for indicator in indicators:
        try:
            messages.append(summary(import_indicator(indicator)))
        except KoladaError as error:
            messages.append(f"{indicator.name}: {error}")
    return messages
