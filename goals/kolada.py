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
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

from styrmodell import access
from styrmodell.models import Period, Reporting

from . import plausibility
from .models import Indicator, IndicatorOutcome, KoladaComparison, KoladaImportRun, KoladaKpi

TIMEOUT_SECONDS = 15
MAX_PAGES = 20
YEARS_BACK = 4  # the goal's year and the four before it: enough for a trend


logger = logging.getLogger(__name__)

# Kolada's id for the whole country: its values are the national average ("Riket").
COUNTRY = "0000"
CATALOGUE_MAX_PAGES = 50
CATALOGUE_PAGE_SIZE = 5000


class KoladaError(Exception):
    """A clear, translated message for the person who asked for the import (never a raw exception text)."""


@dataclass
class KoladaResult:
    indicator: Indicator
    created: int = 0
    updated: int = 0
    skipped: list[str] = field(default_factory=list)
    unusual: list[str] = field(default_factory=list)


def _open(url: str) -> bytes:
    """One GET (separate so tests can replace it with recorded answers)."""
    if not url.startswith(("https://", "http://")):
        raise KoladaError(
            _(
                "The Kolada address in the settings (KOLADA_BASE_URL) is not a web address; ask the administrator."
            )
        )
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 - scheme checked
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        return response.read()


def _get(url: str) -> bytes:
    """`_open` with every failure turned into a message that says what to do; the raw error goes to the log."""
    try:
        return _open(url)
    except KoladaError:
        raise
    except urllib.error.HTTPError as error:
        logger.warning("Kolada answered %s for %s", error.code, url)
        if error.code == 404:
            raise KoladaError(
                _("Kolada does not know what was asked for (HTTP 404). Check the KPI id; nothing was saved.")
            ) from error
        raise KoladaError(
            _(
                "Kolada answered with an error (HTTP %(status)s). The service may be down for a while: try again "
                "later; nothing was saved."
            )
            % {"status": error.code}
        ) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        logger.warning("Kolada could not be reached at %s: %s", url, error)
        raise KoladaError(
            _(
                "Kolada could not be reached. Check that the server may connect to api.kolada.se, or try again "
                "later; nothing was saved."
            )
        ) from error


def _pages(url: str, max_pages: int = MAX_PAGES):
    """Each page's decoded JSON object, following `next_page`."""
    pages = 0
    next_url: str | None = url
    while next_url:
        pages += 1
        if pages > max_pages:
            raise KoladaError(_("Kolada sent more pages than expected; nothing was saved."))
        body = _get(next_url)
        try:
            data = json.loads(body)
            rows = data["values"]
            next_page = data.get("next_page")
            if not isinstance(rows, list) or (next_page is not None and not isinstance(next_page, str)):
                raise TypeError
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise KoladaError(_("Kolada answered in an unexpected format; nothing was saved.")) from error
        yield rows
        next_url = next_page


def data_url(kpi: str, municipality: str, years: list[int]) -> str:
    base = settings.KOLADA_BASE_URL.rstrip("/")
    return f"{base}/data/kpi/{kpi}/municipality/{municipality}/year/{','.join(str(y) for y in years)}"


def fetch_all_values(kpi: str, municipalities: list[str], years: list[int]) -> dict[str, dict[int, Decimal]]:
    """Municipality → year → total value (gender "T") for the KPI, following `next_page`."""
    result: dict[str, dict[int, Decimal]] = {}
    wanted = {str(m) for m in municipalities}
    for rows in _pages(data_url(kpi, ",".join(municipalities), years)):
        try:
            for row in rows:
                municipality = str(row["municipality"])
                if str(row["kpi"]) != kpi or municipality not in wanted:
                    raise ValueError
                year = int(row["period"])
                for value in row["values"]:
                    if value.get("gender", "T") == "T" and value.get("value") is not None:
                        result.setdefault(municipality, {})[year] = Decimal(str(value["value"])).quantize(
                            Decimal("0.01")
                        )
        except (ValueError, TypeError, KeyError, AttributeError, InvalidOperation) as error:
            raise KoladaError(_("Kolada answered in an unexpected format; nothing was saved.")) from error
    return result


def fetch_values(kpi: str, municipality: str, years: list[int]) -> dict[int, Decimal]:
    """Year → total value (gender "T") for the KPI in the municipality, following `next_page`."""
    return fetch_all_values(kpi, [municipality], years).get(str(municipality), {})


def years_for(indicator: Indicator) -> list[int]:
    last = indicator.goal.year.year
    return list(range(last - YEARS_BACK, last + 1))


def import_indicator(indicator: Indicator, municipality: str | None = None) -> KoladaResult:
    """Store the Kolada values of the indicator's KPI as year-end outcomes (source Kolada).

    Kolada publishes a year's figures after that year is closed, so a missing year-end outcome may be added to a
    closed period (nothing reported is changed by that); an existing outcome of a closed period is never touched,
    and in an open period a manually entered outcome is never overwritten. Values are rounded to the indicator's
    precision; a value outside the indicator's possible range refuses the whole import of the indicator (nothing
    saved), and one far outside its history is saved and marked unusual (goals/plausibility.py)."""
    if not indicator.kolada_kpi:
        raise KoladaError(_("The indicator names no Kolada KPI."))
    municipality = municipality or settings.KOLADA_MUNICIPALITY_ID
    values = {
        year: plausibility.rounded(indicator, value)
        for year, value in fetch_values(indicator.kolada_kpi, municipality, years_for(indicator)).items()
    }
    impossible = [
        f"{year}: {problem}"
        for year, value in sorted(values.items())
        if (problem := plausibility.check_possible(indicator, value))
    ]
    if impossible:
        raise KoladaError(
            _(
                "Kolada's figures do not fit the indicator, so nothing was saved: %(list)s Check the indicator's kind "
                "and KPI."
            )
            % {"list": " ".join(impossible)}
        )
    result = KoladaResult(indicator)
    periods = {
        p.year.year: p
        for p in Period.objects.filter(kind=Period.Kind.YEAR_END, year__year__in=list(values)).select_related(
            "year"
        )
    }
    history = plausibility.history_of(indicator)
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
            others = [v for v in history if outcome is None or v != outcome.value] if history else []
            unusual = plausibility.is_unusual(value, others)
            if outcome is None:
                IndicatorOutcome.objects.create(
                    indicator=indicator,
                    period=period,
                    value=value,
                    source=Indicator.Source.KOLADA,
                    is_unusual=unusual,
                )
                result.created += 1
            elif outcome.value == value and outcome.source == Indicator.Source.KOLADA:
                continue
            elif not access.reporting_is_open(period, indicator.goal.board, Reporting.OUTCOMES):
                result.skipped.append(_("%(year)s: the period is closed.") % {"year": year})
                continue
            elif outcome.source != Indicator.Source.KOLADA:
                result.skipped.append(_("%(year)s: an outcome was entered by hand.") % {"year": year})
                continue
            else:
                outcome.value, outcome.entered_at, outcome.is_unusual = value, timezone.now(), unusual
                outcome.save(update_fields=["value", "entered_at", "is_unusual"])
                result.updated += 1
            if unusual:
                result.unusual.append(str(year))
    return result


def summary(result: KoladaResult) -> str:
    # Two counts, each with its own plural form: "1 nytt och 2 ändrade utfall".
    created = npgettext("Kolada outcomes", "%(count)s new", "%(count)s new", result.created) % {
        "count": result.created
    }
    updated = npgettext(
        "Kolada outcomes", "%(count)s changed outcome", "%(count)s changed outcomes", result.updated
    ) % {"count": result.updated}
    text = _("Kolada: %(created)s and %(updated)s for %(name)s.") % {
        "created": created,
        "updated": updated,
        "name": result.indicator.name,
    }
    if result.unusual:
        text += " " + _("Far outside the indicator's history, marked as unusual: %(years)s.") % {
            "years": ", ".join(result.unusual)
        }
    if result.skipped:
        text += " " + _("Not saved: %(list)s") % {"list": " ".join(result.skipped)}
    return text


def import_many(indicator_ids: list[int]) -> list[str]:
    """Import each indicator on its own; one failing indicator does not stop the others. Returns messages."""
    return [message for _ok, message in _import_each(indicator_ids)]


def _import_each(indicator_ids: list[int]) -> list[tuple[bool, str]]:
    results = []
    indicators = (
        Indicator.objects.filter(pk__in=indicator_ids).exclude(kolada_kpi="").select_related("goal__year")
    )
    for indicator in indicators:
        try:
            results.append((True, summary(import_indicator(indicator))))
        except KoladaError as error:
            results.append((False, f"{indicator.name}: {error}"))
    return results


# --- the KPI catalogue ------------------------------------------------------------------------------------------
# `GET {KOLADA_BASE_URL}/kpi?per_page=5000` answers {"count": 6000, "next_page": …, "values": [{"id": "N15428",
# "title": "…, andel (%)", "description": "…", "operating_area": "…", …}, …]}. The catalogue is stored in
# `KoladaKpi` and searched there, so linking an indicator works offline once it was fetched.

_UNIT_IN_TITLE = re.compile(r"\((%|kr|tkr|antal|st|dagar|år|timmar|index)\)\s*$", re.IGNORECASE)
_UNIT_AT_END = re.compile(r",\s*(kr/inv|kr/[\w.]+|kr|tkr|antal|dagar|index|procent)\s*$", re.IGNORECASE)


def unit_from_title(title: str) -> str:
    """Kolada names the unit at the end of the title: "…, andel (%)", "…, kr/inv", "…, antal"."""
    match = _UNIT_IN_TITLE.search(title) or _UNIT_AT_END.search(title)
    return match.group(1) if match else ""


def catalogue_url() -> str:
    return f"{settings.KOLADA_BASE_URL.rstrip('/')}/kpi?per_page={CATALOGUE_PAGE_SIZE}"


def refresh_catalogue() -> int:
    """Fetch Kolada's whole KPI catalogue and store it (new KPIs added, changed ones updated, none removed: an
    indicator may still name one). Everything is fetched and checked before anything is written. Returns the
    number of KPIs in the answer."""
    fetched: dict[str, dict] = {}
    for rows in _pages(catalogue_url(), CATALOGUE_MAX_PAGES):
        try:
            for row in rows:
                kpi_id = str(row["id"]).strip().upper()
                title = str(row.get("title") or "").strip()
                if not kpi_id or not kpi_id.isalnum() or len(kpi_id) > 20:
                    raise ValueError
                fetched[kpi_id] = {
                    "title": title[:500],
                    "description": str(row.get("description") or "").strip(),
                    "unit": unit_from_title(title)[:30],
                    "operating_area": str(row.get("operating_area") or "").strip()[:300],
                }
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise KoladaError(_("Kolada answered in an unexpected format; nothing was saved.")) from error
    now = timezone.now()
    with transaction.atomic():
        existing = {k.kpi_id: k for k in KoladaKpi.objects.filter(kpi_id__in=list(fetched))}
        new, changed = [], []
        for kpi_id, fields in fetched.items():
            kpi = existing.get(kpi_id)
            if kpi is None:
                new.append(KoladaKpi(kpi_id=kpi_id, fetched_at=now, **fields))
            elif any(getattr(kpi, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(kpi, name, value)
                kpi.fetched_at = now
                changed.append(kpi)
        KoladaKpi.objects.bulk_create(new, batch_size=1000)
        KoladaKpi.objects.bulk_update(
            changed, ["title", "description", "unit", "operating_area", "fetched_at"], batch_size=1000
        )
    return len(fetched)


# The search answers while the controller types, once per keystroke or two. Scanning the titles in PostgreSQL for
# every keystroke ("title contains …" cannot use an index) cost more than the page around it (BENCHMARKS.md, 8), so
# each process keeps a copy of the catalogue for searching: a few thousand short rows, about 1 MB for Kolada's
# 6,000 KPIs. Whether the copy is still the stored catalogue is asked in one query answered from two indexes (the
# highest id and the latest fetch: a refresh adds rows or stamps the changed ones), so another process's refresh is
# seen at once.
DESCRIPTION_WORDS = 60


@dataclass(frozen=True)
class CatalogueEntry:
    kpi_id: str
    title: str
    unit: str
    description: str  # the first DESCRIPTION_WORDS words, as the results show it
    title_key: str  # the title in capitals, for the case-insensitive search


_copy: dict[str, object] = {"version": None, "entries": ()}


def _catalogue_copy() -> tuple[CatalogueEntry, ...]:
    from django.db.models import Max
    from django.utils.text import Truncator

    version = tuple(KoladaKpi.objects.aggregate(last_id=Max("id"), last_fetch=Max("fetched_at")).values())
    if _copy["version"] != version:
        rows = KoladaKpi.objects.order_by("kpi_id").values_list("kpi_id", "title", "unit", "description")
        _copy["entries"] = tuple(
            CatalogueEntry(
                kpi_id, title, unit, Truncator(description).words(DESCRIPTION_WORDS), title.upper()
            )
            for kpi_id, title, unit, description in rows
        )
        _copy["version"] = version
    return _copy["entries"]


def catalogue_entries() -> tuple[CatalogueEntry, ...]:
    """The cached catalogue in id order (one query when the process's copy is current)."""
    return _catalogue_copy()


def search_catalogue(
    text: str, limit: int = 20, entries: tuple[CatalogueEntry, ...] | None = None
) -> list[CatalogueEntry]:
    """KPIs of the cached catalogue by id (prefix) or title (part of it), case-insensitive: exact id first, then
    by id; `KoladaKpi.objects.search` in SQL gives the same KPIs. `entries`: the catalogue already at hand."""
    key = text.strip()[:100].upper()
    if not key:
        return []
    entries = _catalogue_copy() if entries is None else entries
    found = []
    for entry in entries:  # in id order
        if entry.kpi_id.startswith(key) or key in entry.title_key:
            found.append(entry)
            if len(found) == limit:
                break
    exact = next((e for e in found if e.kpi_id == key), None)
    if exact is None and len(found) == limit:
        # An exact id beyond the first `limit` matches still comes first.
        exact = next((e for e in entries if e.kpi_id == key), None)
        if exact is not None:
            found = [exact, *found[: limit - 1]]
    found.sort(key=lambda e: e.kpi_id != key)
    return found


def kpi_info(kpi_id: str) -> KoladaKpi | None:
    return KoladaKpi.objects.filter(kpi_id=kpi_id).first() if kpi_id else None


# --- comparisons: similar municipalities and the whole country ---------------------------------------------------
# `GET {KOLADA_BASE_URL}/municipality_groups` answers {"values": [{"id": "G124026", "title": "Liknande kommuner …",
# "members": [{"id": "2583", "title": "Haparanda"}, …]}, …]}. The group compared with is the first whose title
# starts with KOLADA_COMPARISON_GROUP (default "Liknande kommuner") among those the municipality belongs to, else
# the first group it belongs to. Its average is the plain mean of the other members' values; the national value is
# Kolada's own for "0000" (Riket).


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    members: tuple[str, ...]


def comparison_group(municipality: str | None = None) -> Group | None:
    municipality = str(municipality or settings.KOLADA_MUNICIPALITY_ID)
    prefix = settings.KOLADA_COMPARISON_GROUP.lower()
    groups = []
    base = settings.KOLADA_BASE_URL.rstrip("/")
    for rows in _pages(f"{base}/municipality_groups"):
        try:
            for row in rows:
                members = tuple(str(m["id"]) for m in row.get("members") or [])
                if municipality in members:
                    groups.append(Group(str(row["id"]), str(row.get("title") or row["id"]), members))
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise KoladaError(_("Kolada answered in an unexpected format; nothing was saved.")) from error
    preferred = [g for g in groups if g.title.lower().startswith(prefix)]
    return (preferred or groups or [None])[0]


def refresh_comparisons(kpi: str, years: list[int], group: Group | None) -> int:
    """Fetch and store the national value and the group's average of one KPI for the years. Returns how many
    values were stored."""
    own = str(settings.KOLADA_MUNICIPALITY_ID)
    others = [m for m in (group.members if group else ()) if m != own]
    values = fetch_all_values(kpi, [COUNTRY, *others], years)
    rows: list[tuple[str, str, int, Decimal]] = []
    for year, value in values.get(COUNTRY, {}).items():
        rows.append((KoladaComparison.Series.COUNTRY, _("All of Sweden"), year, value))
    if group is not None:
        for year in years:
            seen = [values[m][year] for m in others if year in values.get(m, {})]
            if seen:
                mean = (sum(seen) / len(seen)).quantize(Decimal("0.01"))
                rows.append((KoladaComparison.Series.GROUP, group.title, year, mean))
    now = timezone.now()
    with transaction.atomic():
        for series, label, year, value in rows:
            KoladaComparison.objects.update_or_create(
                kpi_id=kpi,
                series=series,
                year=year,
                defaults={"label": label, "value": value, "fetched_at": now},
            )
    return len(rows)


def comparisons_for(kpi_id: str, years: list[int]) -> dict[str, dict[int, KoladaComparison]]:
    """Series → year → stored comparison (one query)."""
    result: dict[str, dict[int, KoladaComparison]] = {}
    if kpi_id:
        for c in KoladaComparison.objects.filter(kpi_id=kpi_id, year__in=years):
            result.setdefault(c.series, {})[c.year] = c
    return result


def import_with_comparisons(indicator: Indicator) -> tuple[KoladaResult, str | None]:
    """The goal page's button: the outcomes, then the comparisons (a failure there keeps the outcomes and is
    returned as a message)."""
    result = import_indicator(indicator)
    try:
        refresh_comparisons(indicator.kolada_kpi, years_for(indicator), comparison_group())
    except KoladaError as error:
        return result, _("The comparison with other municipalities could not be updated: %(error)s") % {
            "error": error
        }
    return result, None


# --- the weekly run ---------------------------------------------------------------------------------------------


def weekly_import() -> KoladaImportRun:
    """The catalogue, the comparisons of every linked KPI and every Kolada indicator's outcomes, recorded in a
    `KoladaImportRun` (what failed, in words that say what to do). A failing step never stops the later ones."""
    run = KoladaImportRun.objects.create()
    messages: list[str] = []
    ok = True
    try:
        run.kpis = refresh_catalogue()
        messages.append(_("The catalogue of key figures was updated."))
    except KoladaError as error:
        ok = False
        messages.append(_("Catalogue: %(error)s") % {"error": error})
    indicators = list(Indicator.objects.exclude(kolada_kpi="").select_related("goal__year"))
    try:
        group = comparison_group()
        years_by_kpi: dict[str, set[int]] = {}
        for indicator in indicators:
            years_by_kpi.setdefault(indicator.kolada_kpi, set()).update(years_for(indicator))
        for kpi, years in sorted(years_by_kpi.items()):
            try:
                refresh_comparisons(kpi, sorted(years), group)
            except KoladaError as error:
                ok = False
                messages.append(_("Comparison %(kpi)s: %(error)s") % {"kpi": kpi, "error": error})
    except KoladaError as error:
        ok = False
        messages.append(_("Comparison group: %(error)s") % {"error": error})
    for success, message in _import_each([i.pk for i in indicators]):
        ok = ok and success
        messages.append(message)
    run.finished, run.succeeded, run.messages = timezone.now(), ok, messages
    run.save(update_fields=["finished", "succeeded", "kpis", "messages"])
    return run
