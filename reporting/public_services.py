"""The citizens' results site: what its pages show, its open-data tables, and its cache.

What is public is decided in `styrmodell.access` (the `# --- public ---` section); this module only reads from
those querysets. Every loader runs a fixed number of queries, however many goals, indicators and reports there are.

The cache: every public page and download is stored under a key that carries a version number, itself kept in the
cache. Adopting a goal, assessing it, entering an outcome, closing a period or archiving a report bumps the
version, so every cached page is out of date at once (old entries simply expire). The signal handlers are connected
in `reporting.apps.ReportingConfig.ready()` via `connect_signals()`.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext_lazy

from goals import rules as goals_rules
from goals.models import (
    Direction,
    Goal,
    GoalAssessment,
    Indicator,
    IndicatorOutcome,
    IndicatorTarget,
    Light,
    Vision,
)
from goals.services import indicator_light, period_short_label
from styrmodell import access
from styrmodell.models import OrgUnit, Period, Year

from . import rules

# --- cache -----------------------------------------------------------------------------------------------------

CACHE_VERSION_KEY = "public:version"
# A bumped version makes older entries unreachable at once; the timeout only bounds how long they take up room and
# how long a change that sends no signal (a board renamed) takes to show.
CACHE_TIMEOUT = 60 * 60

T = TypeVar("T")


def cache_version() -> int:
    version = cache.get(CACHE_VERSION_KEY)
    if version is None:
        # Started from the clock, never from 1: if the key is ever evicted, a restarted count could meet old
        # entries again and serve them as fresh.
        cache.add(CACHE_VERSION_KEY, time.time_ns() // 1000, timeout=None)
        version = cache.get(CACHE_VERSION_KEY)
    # None while Redis is unreachable: nothing is cached then, every page is computed.
    return int(version) if version is not None else 0


def bump_cache_version() -> None:
    try:
        cache.incr(CACHE_VERSION_KEY)
    except ValueError:  # no version yet: the first read starts one
        cache_version()


def invalidate_public_cache() -> None:
    """Bump now (the change is visible to this process at once) and again after the commit: a visitor who filled
    the cache between the two, from the database as it was before the commit, does not keep the old page."""
    bump_cache_version()
    transaction.on_commit(bump_cache_version)


def cached(key: str, build: Callable[[], T]) -> T:
    full_key = f"public:{cache_version()}:{translation.get_language()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, CACHE_TIMEOUT)
    return value


def _on_change(sender, **kwargs) -> None:
    invalidate_public_cache()


def _on_goal_saved(sender, instance: Goal, update_fields=None, **kwargs) -> None:
    # Edits to a draft are not public; an adoption, a change to an adopted goal or a change of status (also
    # back to draft) is.
    if instance.is_adopted or update_fields is None or "status" in update_fields:
        invalidate_public_cache()


def connect_signals() -> None:
    from reporting.models import ArchivedReport, Report

    post_save.connect(_on_goal_saved, sender=Goal, dispatch_uid="public_goal_saved")
    for model in (Goal, Indicator, IndicatorTarget, IndicatorOutcome, GoalAssessment, ArchivedReport, Report):
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"public_{model.__name__}_deleted")
    # Not Report itself: it is saved on every build, and only its archived snapshot is public (the adoption and
    # the snapshot are written in one transaction, whose commit bumps the version again).
    for model in (
        GoalAssessment, IndicatorOutcome, Indicator, IndicatorTarget, ArchivedReport,
        Period, Year, Vision, Direction,
    ):  # fmt: skip
        post_save.connect(_on_change, sender=model, dispatch_uid=f"public_{model.__name__}_saved")


# --- goals for the pages ----------------------------------------------------------------------------------------


@dataclass
class PublicIndicator:
    indicator: Indicator
    target: IndicatorTarget | None
    outcome: IndicatorOutcome | None  # in the latest closed period of the goal's year
    light: Light
    outcomes: list[IndicatorOutcome]  # every closed period, oldest first

    @property
    def from_kolada(self) -> bool:
        return self.indicator.source == Indicator.Source.KOLADA or any(
            o.source == Indicator.Source.KOLADA for o in self.outcomes
        )


@dataclass
class PublicGoal:
    goal: Goal
    period: Period | None  # the latest closed period of the goal's year
    assessment: GoalAssessment | None
    indicators: list[PublicIndicator] = field(default_factory=list)
    assessments: list[GoalAssessment] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return self.assessment.verdict if self.assessment else GoalAssessment.Verdict.NOT_ASSESSED

    @property
    def verdict_label(self) -> str:
        return str(GoalAssessment.Verdict(self.verdict).label)


def _with_details(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    """Goals with what the public sees of them: five queries in all. Outcomes and assessments of open periods are
    left out (they may still change); who entered them is never loaded."""
    return goals.select_related("board", "year", "direction__vision").prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("position", "name").prefetch_related(
                "targets",
                Prefetch(
                    "outcomes",
                    queryset=IndicatorOutcome.objects.filter(access.closed_period_q())
                    .select_related("period__year")
                    .order_by("period__ends"),
                ),
            ),
        ),
        Prefetch(
            "assessments",
            queryset=GoalAssessment.objects.filter(access.closed_period_q())
            .select_related("period__year")
            .order_by("period__ends"),
        ),
    )


def latest_closed_periods() -> dict[int, Period]:
    """Per year (by Year id), the closed period that ended last (one query)."""
    latest: dict[int, Period] = {}
    for period in Period.objects.filter(access.closed_period_q("")).select_related("year").order_by("ends"):
        latest[period.year_id] = period
    return latest


def _public_goal(goal: Goal, period: Period | None) -> PublicGoal:
    indicators = []
    for indicator in goal.indicators.all():
        target = next((t for t in indicator.targets.all() if t.year == goal.year.year), None)
        outcomes = list(indicator.outcomes.all())
        outcome = next((o for o in outcomes if period and o.period_id == period.pk), None)
        light = indicator_light(
            indicator, outcome.value if outcome else None, target.value if target else None
        )
        indicators.append(PublicIndicator(indicator, target, outcome, light, outcomes))
    assessments = list(goal.assessments.all())
    assessment = next((a for a in assessments if period and a.period_id == period.pk), None)
    return PublicGoal(goal, period, assessment, indicators, assessments)


def public_goals(goals: QuerySet[Goal]) -> list[PublicGoal]:
    periods = latest_closed_periods()
    return [_public_goal(goal, periods.get(goal.year_id)) for goal in _with_details(goals)]


@dataclass
class GoalFilter:
    year: int | None
    board: OrgUnit | None
    direction: Direction | None
    query: str

    @property
    def cache_key(self) -> str:
        return (
            f"year={self.year}:board={self.board.code if self.board else ''}:"
            f"direction={self.direction.code if self.direction else ''}"
        )


def published_years() -> list[int]:
    """Years with adopted goals, latest first (cached with the pages: the goal list needs it before its key)."""
    return cached(
        "years",
        lambda: sorted(set(goals_rules.published_goals().values_list("year__year", flat=True)), reverse=True),
    )


def default_year(years: list[int]) -> int | None:
    """This year when it has adopted goals, else the latest year that has."""
    today = timezone.localdate().year
    if today in years:
        return today
    return years[0] if years else None


def parse_uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def goal_filter(params, years: list[int]) -> GoalFilter:
    """The filter from the query string; anything that is not a published year, board or direction is ignored."""
    try:
        year = int(params.get("ar", ""))
    except ValueError:
        year = None
    if year not in years:
        year = default_year(years)
    board_code = parse_uuid(params.get("namnd"))
    direction_code = parse_uuid(params.get("inriktning"))
    board = access.published_boards().filter(code=board_code).first() if board_code else None
    direction = (
        goals_rules.published_directions().filter(code=direction_code).first() if direction_code else None
    )
    return GoalFilter(year, board, direction, params.get("q", "").strip()[:100])


def filtered_goals(flt: GoalFilter) -> QuerySet[Goal]:
    goals = goals_rules.published_goals().filter(year__year=flt.year)
    if flt.board:
        goals = goals.filter(board=flt.board)
    if flt.direction:
        goals = goals.filter(direction=flt.direction)
    if flt.query:
        goals = goals.filter(Q(title__icontains=flt.query) | Q(description__icontains=flt.query))
    return goals.order_by("board__path", "direction__position", "position", "title")


@dataclass
class BoardGoals:
    board: OrgUnit
    goals: list[PublicGoal]


def group_by_board(goals: list[PublicGoal]) -> list[BoardGoals]:
    groups: list[BoardGoals] = []
    for item in goals:
        if not groups or groups[-1].board.pk != item.goal.board_id:
            groups.append(BoardGoals(item.goal.board, []))
        groups[-1].goals.append(item)
    return groups


def boards_with_goal_counts(year: int | None) -> list[OrgUnit]:
    return list(
        access.published_boards()
        .annotate(
            published=Count(
                "goals", filter=Q(goals__in=goals_rules.published_goals().filter(year__year=year))
            )
        )
        .order_by("path")
    )


def directions_in(year: int | None) -> list[Direction]:
    if year is None:
        return []
    return list(
        goals_rules.published_directions()
        .valid_in(year)
        .select_related("vision")
        .order_by("position", "title")
    )


def visions_in(year: int | None) -> list[Vision]:
    visions = goals_rules.published_visions()
    return list(visions.valid_in(year) if year else visions[:1])


def reports(board: OrgUnit | None = None, year: int | None = None, limit: int | None = None) -> list:
    """Archived reports, latest period first."""
    rows = rules.published_reports().select_related("unit", "period__year", "report")
    if board:
        rows = rows.filter(unit=board)
    if year:
        rows = rows.filter(period__year__year=year)
    rows = rows.order_by("-period__ends", "unit__path")
    return list(rows[:limit] if limit else rows)


def report_years() -> list[int]:
    return sorted(set(rules.published_reports().values_list("period__year__year", flat=True)), reverse=True)


# --- open data -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    description: Promise | str


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Promise | str
    description: Promise | str
    columns: tuple[Column, ...]
    rows: Callable[[str], Iterable[dict[str, Any]]]  # called with the site's base address

    @property
    def field_names(self) -> list[str]:
        return [c.name for c in self.columns]


KOLADA_NOTE = gettext_lazy("Source: Kolada")


def _source_note(source: str) -> str:
    return str(KOLADA_NOTE) if source == Indicator.Source.KOLADA else ""


def _vision_rows(base: str) -> Iterator[dict[str, Any]]:
    for v in goals_rules.published_visions().order_by("valid_from", "title"):
        yield {
            "code": v.code, "title": v.title, "description": v.description, "shared_with": v.partner,
            "title_fi": v.title_fi, "description_fi": v.description_fi,
            "valid_from": v.valid_from, "valid_to": v.valid_to,
        }  # fmt: skip


def _direction_rows(base: str) -> Iterator[dict[str, Any]]:
    for d in (
        goals_rules.published_directions()
        .select_related("vision")
        .order_by("valid_from", "position", "title")
    ):
        yield {
            "code": d.code, "vision_code": d.vision.code, "title": d.title, "description": d.description,
            "title_fi": d.title_fi, "description_fi": d.description_fi,
            "valid_from": d.valid_from, "valid_to": d.valid_to,
        }  # fmt: skip


def _board_rows(base: str) -> Iterator[dict[str, Any]]:
    for b in access.published_boards().select_related("profile").order_by("path"):
        profile = getattr(b, "profile", None)
        yield {
            "code": b.code, "name": b.name, "short_name": b.short_name,
            "mission_statement": profile.mission_statement if profile else "",
            "mission_statement_fi": profile.mission_statement_fi if profile else "",
        }  # fmt: skip


def _goal_rows(base: str) -> Iterator[dict[str, Any]]:
    goals = goals_rules.published_goals().select_related("board", "year", "direction")
    for g in goals.order_by("year__year", "board__path", "direction__position", "position", "title"):
        yield {
            "code": g.code, "year": g.year.year, "board_code": g.board.code, "board": g.board.name,
            "direction_code": g.direction.code, "direction": g.direction.title, "title": g.title,
            "description": g.description, "target_year": g.target_year, "decision_date": g.decision_date,
            "decision_paragraph": g.decision_paragraph, "title_fi": g.title_fi, "description_fi": g.description_fi,
            "url": base + reverse("public:goal-detail", args=[g.code]),
        }  # fmt: skip


def _assessment_rows(base: str) -> Iterator[dict[str, Any]]:
    rows = goals_rules.published_assessments().select_related("goal", "period__year")
    for a in rows.order_by("goal__year__year", "goal__board__path", "goal__position", "period__ends"):
        yield {
            "goal_code": a.goal.code, "period_code": a.period.code, "period": str(a.period),
            "verdict": a.verdict, "verdict_text": a.get_verdict_display(), "analysis": a.analysis,
        }  # fmt: skip


def _indicator_rows(base: str) -> Iterator[dict[str, Any]]:
    rows = goals_rules.published_indicators().select_related("goal")
    for i in rows.order_by("goal__year__year", "goal__board__path", "goal__position", "position", "name"):
        yield {
            "code": i.code, "goal_code": i.goal.code, "name": i.name, "name_fi": i.name_fi, "unit": i.unit,
            "better": i.better,
            "baseline_value": i.baseline_value, "baseline_year": i.baseline_year, "tolerance": i.tolerance,
            "source": i.source, "source_note": _source_note(i.source), "kolada_kpi": i.kolada_kpi,
        }  # fmt: skip


def _target_rows(base: str) -> Iterator[dict[str, Any]]:
    rows = IndicatorTarget.objects.filter(indicator__in=goals_rules.published_indicators()).select_related(
        "indicator"
    )
    for t in rows.order_by(
        "indicator__goal__year__year", "indicator__goal__board__path", "indicator__position", "year"
    ):
        yield {"indicator_code": t.indicator.code, "year": t.year, "target": t.value}


def _outcome_rows(base: str) -> Iterator[dict[str, Any]]:
    rows = goals_rules.published_outcomes().select_related("indicator__goal", "period__year")
    for o in rows.order_by("indicator__goal__year__year", "indicator__goal__board__path", "indicator__position",
                           "period__ends"):  # fmt: skip
        yield {
            "indicator_code": o.indicator.code, "goal_code": o.indicator.goal.code, "period_code": o.period.code,
            "period": str(o.period), "year": o.period.year.year, "period_ends": o.period.ends, "value": o.value,
            "source": o.source, "source_note": _source_note(o.source),
        }  # fmt: skip


def _report_rows(base: str) -> Iterator[dict[str, Any]]:
    for r in reports():
        yield {
            "code": r.code, "title": r.title, "board_code": r.unit.code, "board": r.unit.name,
            "period_code": r.period.code, "period": str(r.period), "year": r.period.year.year,
            "kind": r.report.kind, "decision_date": r.decision_date, "decision_paragraph": r.decision_paragraph,
            "archived": r.archived_at.date(), "pdf_sha256": r.pdf_sha256,
            "html_url": base + reverse("public:report-detail", args=[r.code]),
            "pdf_url": base + reverse("public:report-pdf", args=[r.code]),
        }  # fmt: skip


C = Column
CODE = C("code", gettext_lazy("Stable identifier (UUID); it never changes and is used in links."))
GOAL_CODE = C("goal_code", gettext_lazy("Identifier of the goal (see the dataset Goals)."))
INDICATOR_CODE = C(
    "indicator_code", gettext_lazy("Identifier of the indicator (see the dataset Indicators).")
)
PERIOD_CODE = C("period_code", gettext_lazy("Identifier of the reporting period."))
PERIOD = C("period", gettext_lazy("The reporting period in words, e.g. Tertial 1 2026."))
SOURCE = C(
    "source",
    gettext_lazy(
        "Where the figures come from: manual (entered by the municipality), excel "
        "(imported from a spreadsheet) or kolada (the national database Kolada)."
    ),
)
SOURCE_NOTE = C(
    "source_note", gettext_lazy("“Källa: Kolada” when the figures come from Kolada, otherwise empty.")
)
# Finnish texts beside the Swedish ones (goals.languages): empty where none is written.
IN_FINNISH = gettext_lazy("The same in Finnish, where written; otherwise empty.")
TITLE_FI = C("title_fi", IN_FINNISH)
DESCRIPTION_FI = C("description_fi", IN_FINNISH)
BOARD_CODE = C("board_code", gettext_lazy("Identifier of the board (see the dataset Boards)."))

DATASETS: dict[str, Dataset] = {
    d.slug: d
    for d in [
        Dataset("visioner", gettext_lazy("Visions"), gettext_lazy("The municipality's vision adopted by the council."), (
            CODE, C("title", gettext_lazy("The vision.")), C("description", gettext_lazy("Description.")),
            C("shared_with", gettext_lazy("Another municipality sharing the vision, if any.")),
            C("valid_from", gettext_lazy("First year of validity.")), C("valid_to", gettext_lazy("Last year of validity.")),
            TITLE_FI, DESCRIPTION_FI,
        ), _vision_rows),
        Dataset("inriktningar", gettext_lazy("Directions"), gettext_lazy(
            "The council's directions under the vision, each valid for one to three years."), (
            CODE, C("vision_code", gettext_lazy("Identifier of the vision (see the dataset Visions).")),
            C("title", gettext_lazy("The direction.")), C("description", gettext_lazy("Description.")),
            C("valid_from", gettext_lazy("First year of validity.")), C("valid_to", gettext_lazy("Last year of validity.")),
            TITLE_FI, DESCRIPTION_FI,
        ), _direction_rows),
        Dataset("namnder", gettext_lazy("Boards"), gettext_lazy("The municipality's boards and their mission statements."), (
            CODE, C("name", gettext_lazy("Name of the board.")), C("short_name", gettext_lazy("Abbreviation.")),
            C("mission_statement", gettext_lazy("The board's mission statement.")),
            C("mission_statement_fi", IN_FINNISH),
        ), _board_rows),
        Dataset("mal", gettext_lazy("Goals"), gettext_lazy("Every goal a board has adopted, per year."), (
            CODE, C("year", gettext_lazy("The year the goal belongs to.")), BOARD_CODE,
            C("board", gettext_lazy("Name of the board.")),
            C("direction_code", gettext_lazy("Identifier of the council direction (see the dataset Directions).")),
            C("direction", gettext_lazy("The council direction.")), C("title", gettext_lazy("The goal.")),
            C("description", gettext_lazy("Description.")),
            C("target_year", gettext_lazy("The year by which the goal is to be reached.")),
            C("decision_date", gettext_lazy("Date of the board's decision (YYYY-MM-DD).")),
            C("decision_paragraph", gettext_lazy("Paragraph of the minutes.")),
            TITLE_FI, DESCRIPTION_FI,
            C("url", gettext_lazy("Address of the goal's page.")),
        ), _goal_rows),
        Dataset("bedomningar", gettext_lazy("Goal assessments"), gettext_lazy(
            "The board's assessment of each goal in each closed reporting period."), (
            GOAL_CODE, PERIOD_CODE, PERIOD,
            C("verdict", gettext_lazy("fulfilled, partly, not_fulfilled or not_assessed.")),
            C("verdict_text", gettext_lazy("The assessment in words.")),
            C("analysis", gettext_lazy("The board's analysis.")),
        ), _assessment_rows),
        Dataset("indikatorer", gettext_lazy("Indicators"), gettext_lazy("The indicators that measure the goals."), (
            CODE, GOAL_CODE, C("name", gettext_lazy("Name of the indicator.")), C("name_fi", IN_FINNISH),
            C("unit", gettext_lazy("Unit, e.g. % or kr.")),
            C("better", gettext_lazy("higher or lower: which direction is better.")),
            C("baseline_value", gettext_lazy("Baseline (decimal point).")),
            C("baseline_year", gettext_lazy("Year of the baseline.")),
            C("tolerance", gettext_lazy("How far from the target an outcome may be and still count as close.")),
            SOURCE, SOURCE_NOTE, C("kolada_kpi", gettext_lazy("The key figure's id in Kolada, if any.")),
        ), _indicator_rows),
        Dataset("malnivaer", gettext_lazy("Target levels"), gettext_lazy("The target level of each indicator per year."), (
            INDICATOR_CODE, C("year", gettext_lazy("Year.")), C("target", gettext_lazy("Target level (decimal point).")),
        ), _target_rows),
        Dataset("utfall", gettext_lazy("Outcomes"), gettext_lazy(
            "The measured value of each indicator in each closed reporting period."), (
            INDICATOR_CODE, GOAL_CODE, PERIOD_CODE, PERIOD, C("year", gettext_lazy("Year.")),
            C("period_ends", gettext_lazy("Last day of the period (YYYY-MM-DD).")),
            C("value", gettext_lazy("Outcome (decimal point).")), SOURCE, SOURCE_NOTE,
        ), _outcome_rows),
        Dataset("rapporter", pgettext_lazy("public site", "Reports"), gettext_lazy(
            "Adopted interim and annual reports, archived as unchangeable documents."), (
            CODE, C("title", gettext_lazy("Title of the report.")), BOARD_CODE,
            C("board", gettext_lazy("Name of the board (or the municipality).")), PERIOD_CODE, PERIOD,
            C("year", gettext_lazy("Year.")), C("kind", gettext_lazy("interim or annual.")),
            C("decision_date", gettext_lazy("Date of the decision (YYYY-MM-DD).")),
            C("decision_paragraph", gettext_lazy("Paragraph of the minutes.")),
            C("archived", gettext_lazy("Date the report was archived (YYYY-MM-DD).")),
            C("pdf_sha256", gettext_lazy("SHA-256 checksum of the PDF, to show it is unchanged.")),
            C("html_url", gettext_lazy("Address of the report as a web page.")),
            C("pdf_url", gettext_lazy("Address of the report as PDF.")),
        ), _report_rows),
    ]
}  # fmt: skip

# A spreadsheet runs a cell starting with one of these as a formula; text cells get a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """One value for a CSV cell. Numbers keep their sign (they are written by us, never a formula); any text that
    a spreadsheet would run as a formula is neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal, float)):
        return str(value)
    if isinstance(value, (datetime.date, uuid.UUID)):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (datetime.date, uuid.UUID, Promise)):
        return str(value)
    return value


def dataset_csv(dataset: Dataset, base: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(dataset.field_names)
    for row in dataset.rows(base):
        writer.writerow([csv_cell(row[name]) for name in dataset.field_names])
    return out.getvalue()


def dataset_json(dataset: Dataset, base: str) -> str:
    records = [{name: _json_value(row[name]) for name in dataset.field_names} for row in dataset.rows(base)]
    document = {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "fields": [{"name": c.name, "description": str(c.description)} for c in dataset.columns],
        "records": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def verdict_css(verdict: str) -> str:
    return {
        GoalAssessment.Verdict.FULFILLED: "green",
        GoalAssessment.Verdict.PARTLY: "yellow",
        GoalAssessment.Verdict.NOT_FULFILLED: "red",
    }.get(verdict, "none")


def period_label(period: Period) -> str:
    return period_short_label(period)
