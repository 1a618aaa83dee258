"""The rules of goals and indicators, for the views here and for reporting.

Everything that reads goals for a page or a report starts from `goals_with_details()` (a fixed number of queries
however many boards, goals and indicators there are) and then works in Python on the prefetched rows:
`goal_status()` gives one goal's indicators with their lights, its assessment and the computed suggestion for one
period; `smart_check()` gives its SMART verdict.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrmodell import access
from styrmodell.models import OrgUnit, Period, Reporting, User, Year

from .models import Goal, GoalAssessment, Indicator, IndicatorOutcome, IndicatorTarget, Light

# A goal is time-bound when it names the year by which it is to be reached, no earlier than the goal's own year and
# at most three years later: three years is the longest a council direction is valid, so a target further away
# has no plan period to be followed up in.
TIME_BOUND_MAX_YEARS = 3


# --- loading ---------------------------------------------------------------------------------------------------


def goals_with_details(goals: QuerySet[Goal], period: Period | None = None) -> QuerySet[Goal]:
    """`goals` with board, year, direction, indicators (targets, outcomes with periods) and assessments prefetched.

    Five queries in all, whatever the number of goals and indicators. With `period`, only that period's outcomes
    and assessments are loaded: enough for `goal_status(goal, period)`, and a page showing one period of every
    goal (the goal tree) then loads 1,000 outcomes instead of 11,000 at Göteborg's size (BENCHMARKS.md)."""
    outcomes = IndicatorOutcome.objects.select_related("period__year").order_by("period__ends")
    assessments = GoalAssessment.objects.select_related("period", "assessed_by")
    if period is not None:
        outcomes, assessments = outcomes.filter(period=period), assessments.filter(period=period)
    return goals.select_related("board", "year", "direction").prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.prefetch_related("targets", Prefetch("outcomes", queryset=outcomes)),
        ),
        Prefetch("assessments", queryset=assessments),
    )


def board_goals(board: OrgUnit, year: Year) -> list[Goal]:
    """A board's goals of one year, ordered by direction and position, everything prefetched (constant queries)."""
    goals = Goal.objects.filter(board=board, year=year).order_by("direction__position", "position", "title")
    return list(goals_with_details(goals))


def goal_statuses(goals: QuerySet[Goal], period: Period) -> list[GoalStatus]:
    """The status of each goal of `goals` (any filter: a board, the whole municipality, one direction) for the
    period, in the queryset's order; constant queries. Filter by `rules.goals_visible_q(user)` first on pages."""
    return [goal_status(goal, period) for goal in goals_with_details(goals)]


def board_goal_statuses(board: OrgUnit, period: Period) -> list[GoalStatus]:
    """Every goal of the board in the period's year with its status for the period (for pages and reports)."""
    return [goal_status(goal, period) for goal in board_goals(board, period.year)]


# --- indicator lights and the suggested verdict -----------------------------------------------------------------


def indicator_light(indicator: Indicator, outcome: Decimal | None, target: Decimal | None) -> Light:
    """Green when the outcome reaches the target, yellow when it misses by at most the tolerance, else red.

    "Reaches" follows the indicator's better direction: for "lower is better" an outcome at or below the target is
    green. Without an outcome or a target there is no light."""
    return light_of(indicator.better, indicator.tolerance, outcome, target)


def light_of(
    better: str, tolerance: Decimal | None, outcome: Decimal | None, target: Decimal | None
) -> Light:
    """`indicator_light` on plain values (for pages that read indicators as values, not model instances)."""
    if outcome is None or target is None:
        return Light.NONE
    gap = outcome - target if better == Indicator.Better.HIGHER else target - outcome
    if gap >= 0:
        return Light.GREEN
    if -gap <= (tolerance or Decimal("0")):
        return Light.YELLOW
    return Light.RED


def target_for(indicator: Indicator, year: int) -> IndicatorTarget | None:
    """The target level of the year (from prefetched targets)."""
    return next((t for t in indicator.targets.all() if t.year == year), None)


def outcome_for(indicator: Indicator, period: Period) -> IndicatorOutcome | None:
    """The outcome of the period (from prefetched outcomes)."""
    return next((o for o in indicator.outcomes.all() if o.period_id == period.pk), None)


@dataclass
class IndicatorStatus:
    indicator: Indicator
    target: IndicatorTarget | None
    outcome: IndicatorOutcome | None
    light: Light

    @property
    def light_label(self) -> str:
        return str(self.light.label)


def indicator_status(indicator: Indicator, period: Period) -> IndicatorStatus:
    target = target_for(indicator, period.year.year)
    outcome = outcome_for(indicator, period)
    light = indicator_light(indicator, outcome.value if outcome else None, target.value if target else None)
    return IndicatorStatus(indicator, target, outcome, light)


def suggest_verdict(goal: Goal, period: Period) -> GoalAssessment.Verdict:
    """What the indicators suggest for the goal in the period; shown beside the board's own verdict, never applied.

    All lit indicators green: fulfilled. All red: not fulfilled. A mix (or any yellow): partly fulfilled. No lit
    indicator at all: not assessed."""
    lights = [indicator_status(i, period).light for i in goal.indicators.all()]
    return verdict_from_lights(lights)


def verdict_from_lights(lights: Iterable[Light]) -> GoalAssessment.Verdict:
    lit = [light for light in lights if light != Light.NONE]
    if not lit:
        return GoalAssessment.Verdict.NOT_ASSESSED
    if all(light == Light.GREEN for light in lit):
        return GoalAssessment.Verdict.FULFILLED
    if all(light == Light.RED for light in lit):
        return GoalAssessment.Verdict.NOT_FULFILLED
    return GoalAssessment.Verdict.PARTLY


# --- SMART --------------------------------------------------------------------------------------------------


@dataclass
class SmartCriterion:
    key: str
    label: str
    met: bool
    reason: str


@dataclass
class SmartCheck:
    criteria: list[SmartCriterion] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(c.met for c in self.criteria)

    def get(self, key: str) -> SmartCriterion:
        return next(c for c in self.criteria if c.key == key)

    @property
    def measurable(self) -> bool:
        return self.get("measurable").met

    @property
    def time_bound(self) -> bool:
        return self.get("time_bound").met


def smart_check(goal: Goal) -> SmartCheck:
    """The seed's SMART test. Measurable and time-bound are decided by the data (an indicator with a target level;
    a target year from the goal's year up to TIME_BOUND_MAX_YEARS later); specific, accepted and realistic are
    met when the board confirmed them with a motivation. Works on prefetched indicators and targets."""
    indicators = list(goal.indicators.all())
    with_target = [i for i in indicators if list(i.targets.all())]
    if with_target:
        measurable = SmartCriterion(
            "measurable",
            str(_("Measurable")),
            True,
            str(_("Measured by: %(names)s.") % {"names": ", ".join(i.name for i in with_target)}),
        )
    elif indicators:
        measurable = SmartCriterion(
            "measurable",
            str(_("Measurable")),
            False,
            str(_("The goal has indicators but none of them has a target level.")),
        )
    else:
        measurable = SmartCriterion(
            "measurable",
            str(_("Measurable")),
            False,
            str(_("Nothing measures the goal: add an indicator with a target level.")),
        )

    year = goal.year.year
    if goal.target_year is None:
        time_bound = SmartCriterion(
            "time_bound", str(_("Time-bound")), False, str(_("Say by which year the goal is to be reached."))
        )
    elif year <= goal.target_year <= year + TIME_BOUND_MAX_YEARS:
        time_bound = SmartCriterion(
            "time_bound",
            str(_("Time-bound")),
            True,
            str(_("To be reached by %(year)s.") % {"year": goal.target_year}),
        )
    else:
        time_bound = SmartCriterion(
            "time_bound",
            str(_("Time-bound")),
            False,
            str(
                _("The target year must lie between %(first)s and %(last)s.")
                % {"first": year, "last": year + TIME_BOUND_MAX_YEARS}
            ),
        )

    def confirmed(key: str, label: str, flag: bool, motivation: str) -> SmartCriterion:
        if flag and motivation.strip():
            return SmartCriterion(key, label, True, motivation.strip())
        return SmartCriterion(key, label, False, str(_("Not confirmed by the board.")))

    return SmartCheck(
        [
            confirmed("specific", str(_("Specific")), goal.smart_specific, goal.smart_specific_motivation),
            measurable,
            confirmed("accepted", str(_("Accepted")), goal.smart_accepted, goal.smart_accepted_motivation),
            confirmed(
                "realistic", str(_("Realistic")), goal.smart_realistic, goal.smart_realistic_motivation
            ),
            time_bound,
        ]
    )


# --- one goal's status for a period -------------------------------------------------------------------------


@dataclass
class GoalStatus:
    goal: Goal
    period: Period
    indicators: list[IndicatorStatus]
    assessment: GoalAssessment | None
    suggestion: GoalAssessment.Verdict
    smart: SmartCheck


def goal_status(goal: Goal, period: Period) -> GoalStatus:
    """Pure Python over a goal loaded by `goals_with_details()`."""
    statuses = [indicator_status(i, period) for i in goal.indicators.all()]
    assessment = next((a for a in goal.assessments.all() if a.period_id == period.pk), None)
    return GoalStatus(
        goal=goal,
        period=period,
        indicators=statuses,
        assessment=assessment,
        suggestion=verdict_from_lights(s.light for s in statuses),
        smart=smart_check(goal),
    )


# --- the municipality goal tree --------------------------------------------------------------------------------


@dataclass
class TreeIndicator:
    name: str
    light: Light

    @property
    def light_label(self) -> str:
        return str(self.light.label)


@dataclass
class TreeGoal:
    """One goal as the goal tree shows it: plain values, no model instance."""

    code: str
    title: str
    board_id: int
    direction_id: int
    is_adopted: bool
    assessment: str | None
    measurable: bool
    indicators: list[TreeIndicator]
    title_fi: str = ""

    @property
    def suggestion(self) -> GoalAssessment.Verdict:
        return verdict_from_lights(i.light for i in self.indicators)


def goal_tree_entries(goals: QuerySet[Goal], period: Period) -> list[TreeGoal]:
    """Every goal of `goals` (in its order) with the board's assessment, the suggestion from the lights, whether it
    is measurable (an indicator with a target level, as in `smart_check`) and each indicator's light for the period.

    Three queries of plain values whatever the number of goals. Loading goals, indicators, targets and outcomes as
    prefetched model instances was half the goal tree's time at Göteborg's size (BENCHMARKS.md, benchmark 1b)."""
    rows = list(goals.values_list("pk", "code", "title", "board_id", "direction_id", "status", "title_fi"))
    ids = [row[0] for row in rows]
    outcome = IndicatorOutcome.objects.filter(indicator=OuterRef("pk"), period=period).values("value")[:1]
    target = IndicatorTarget.objects.filter(indicator=OuterRef("pk"), year=period.year.year).values("value")[
        :1
    ]
    indicators = (
        Indicator.objects.filter(goal_id__in=ids)
        .annotate(
            outcome_value=Subquery(outcome),
            target_value=Subquery(target),
            has_target=Exists(IndicatorTarget.objects.filter(indicator=OuterRef("pk"))),
        )
        .order_by("goal_id", "position", "name")
        .values_list("goal_id", "name", "better", "tolerance", "outcome_value", "target_value", "has_target")
    )
    by_goal: dict[int, list[tuple]] = {}
    for row in indicators:
        by_goal.setdefault(row[0], []).append(row)
    verdicts = dict(
        GoalAssessment.objects.filter(period=period, goal_id__in=ids).values_list("goal_id", "verdict")
    )
    return [
        TreeGoal(
            code=str(code),
            title=title,
            board_id=board_id,
            direction_id=direction_id,
            is_adopted=status == Goal.Status.ADOPTED,
            assessment=verdicts.get(pk),
            measurable=any(i[6] for i in by_goal.get(pk, ())),
            indicators=[TreeIndicator(i[1], light_of(i[2], i[3], i[4], i[5])) for i in by_goal.get(pk, ())],
            title_fi=title_fi,
        )
        for pk, code, title, board_id, direction_id, status, title_fi in rows
    ]


# --- writes ---------------------------------------------------------------------------------------------------


class PeriodLocked(Exception):
    """Raised when something would be reported in a closed period."""


def set_outcome(
    indicator: Indicator,
    period: Period,
    value: Decimal,
    comment: str,
    user: User | None,
    source: str = Indicator.Source.MANUAL,
    *,
    is_unusual: bool = False,
) -> IndicatorOutcome:
    """Enter or change the outcome of a period. A closed period is locked: nothing in it changes. `is_unusual`
    marks a value confirmed although far outside the indicator's history (goals/plausibility.py)."""
    if period.is_locked:
        raise PeriodLocked
    outcome = IndicatorOutcome.objects.filter(indicator=indicator, period=period).first()
    if outcome is None:
        return IndicatorOutcome.objects.create(
            indicator=indicator,
            period=period,
            value=value,
            comment=comment,
            source=source,
            entered_by=user,
            is_unusual=is_unusual,
        )
    outcome.value, outcome.comment, outcome.source, outcome.entered_by = value, comment, source, user
    outcome.entered_at, outcome.is_unusual = timezone.now(), is_unusual
    outcome.save(update_fields=["value", "comment", "source", "entered_by", "entered_at", "is_unusual"])
    return outcome


def set_outcomes(
    period: Period,
    rows: Iterable[tuple[Indicator, Decimal, str]],
    user: User | None,
    source: str = Indicator.Source.MANUAL,
    unusual: Collection[int] = (),
) -> int:
    """`set_outcome` for many indicators at once (the Excel import): a constant number of queries instead of
    three per row (read, write, history), with the same history rows. Measured at 10,000 outcomes by
    bench/excel.py (BENCHMARKS.md). `unusual` holds the ids of indicators whose value is marked unusual."""
    if period.is_locked:
        raise PeriodLocked
    rows = list(rows)
    if not rows:
        return 0
    now = timezone.now()
    unusual = set(unusual)
    if connection.vendor == "postgresql":
        _upsert_outcomes(period, rows, user, source, now, unusual)
        return len(rows)
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    existing = {
        o.indicator_id: o
        for o in IndicatorOutcome.objects.filter(period=period, indicator_id__in=[i.pk for i, _v, _c in rows])
    }
    new, changed = [], []
    for indicator, value, comment in rows:
        outcome = existing.get(indicator.pk)
        if outcome is None:
            new.append(
                IndicatorOutcome(
                    indicator=indicator,
                    period=period,
                    value=value,
                    comment=comment,
                    source=source,
                    entered_by=user,
                    entered_at=now,
                    is_unusual=indicator.pk in unusual,
                )
            )
        else:
            outcome.value, outcome.comment, outcome.source, outcome.entered_by = value, comment, source, user
            outcome.entered_at, outcome.is_unusual = now, indicator.pk in unusual
            changed.append(outcome)
    if new:
        bulk_create_with_history(new, IndicatorOutcome, batch_size=1000, default_user=user, default_date=now)
    if changed:
        fields = ["value", "comment", "source", "entered_by", "entered_at", "is_unusual"]
        bulk_update_with_history(
            changed, IndicatorOutcome, fields, batch_size=1000, default_user=user, default_date=now
        )
    return len(rows)


def _upsert_outcomes(
    period: Period,
    rows: list[tuple[Indicator, Decimal, str]],
    user: User | None,
    source: str,
    now,
    unusual: set[int],
) -> None:
    """PostgreSQL: every outcome in one INSERT … ON CONFLICT DO UPDATE from arrays, and their history rows
    (what simple-history's bulk helpers write: "+" for new, "~" for changed) in one INSERT … SELECT. Building
    20,000 model instances for the same two statements was most of the import's time above openpyxl's own
    reading (BENCHMARKS.md, benchmark 5)."""
    table = IndicatorOutcome._meta.db_table
    history = IndicatorOutcome.history.model._meta.db_table
    columns = ", ".join(f.column for f in IndicatorOutcome._meta.concrete_fields)
    params = {
        "indicators": [indicator.pk for indicator, _v, _c in rows],
        "values": [value for _i, value, _c in rows],
        "comments": [comment for _i, _v, comment in rows],
        "unusual": [indicator.pk in unusual for indicator, _v, _c in rows],
        "period": period.pk,
        "source": source,
        "user": user.pk if user else None,
        "now": now,
    }
    # Table and column names come from the models; every value is a parameter.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (indicator_id, period_id, value, comment, source, entered_by_id, entered_at,
                                 is_unusual)
            SELECT r.indicator_id, %(period)s, r.value, r.comment, %(source)s, %(user)s, %(now)s, r.is_unusual
              FROM unnest(%(indicators)s::bigint[], %(values)s::numeric[], %(comments)s::text[],
                          %(unusual)s::boolean[])
                   AS r(indicator_id, value, comment, is_unusual)
            ON CONFLICT (indicator_id, period_id) DO UPDATE
               SET value = EXCLUDED.value, comment = EXCLUDED.comment, source = EXCLUDED.source,
                   entered_by_id = EXCLUDED.entered_by_id, entered_at = EXCLUDED.entered_at,
                   is_unusual = EXCLUDED.is_unusual
            RETURNING id, (xmax = 0)
            """,  # noqa: S608
            params,
        )
        written = cursor.fetchall()
        cursor.execute(
            f"""
            INSERT INTO {history} ({columns}, history_date, history_change_reason, history_type, history_user_id)
            SELECT {columns}, %(now)s, NULL, CASE WHEN id = ANY(%(inserted)s::bigint[]) THEN '+' ELSE '~' END,
                   %(user)s
              FROM {table} WHERE id = ANY(%(ids)s::bigint[])
            """,  # noqa: S608
            {
                **params,
                "ids": [pk for pk, _inserted in written],
                "inserted": [pk for pk, inserted in written if inserted],
            },
        )


def set_assessment(
    goal: Goal, period: Period, verdict: str, analysis: str, user: User | None
) -> GoalAssessment:
    if not access.reporting_is_open(period, goal.board, Reporting.ASSESSMENTS):
        raise PeriodLocked
    assessment = GoalAssessment.objects.filter(goal=goal, period=period).first()
    if assessment is None:
        return GoalAssessment.objects.create(
            goal=goal, period=period, verdict=verdict, analysis=analysis, assessed_by=user
        )
    assessment.verdict, assessment.analysis, assessment.assessed_by = verdict, analysis, user
    assessment.assessed_at = timezone.now()
    assessment.save(update_fields=["verdict", "analysis", "assessed_by", "assessed_at"])
    return assessment


def set_target(indicator: Indicator, year: int, value: Decimal) -> IndicatorTarget:
    target, created = IndicatorTarget.objects.get_or_create(
        indicator=indicator, year=year, defaults={"value": value}
    )
    if not created and target.value != value:
        target.value = value
        target.save(update_fields=["value"])
    return target


class CopyRefused(Exception):
    pass


@transaction.atomic
def copy_goals_to_next_year(board: OrgUnit, year: Year) -> list[Goal]:
    """Copy the board's goals of `year` with their indicators and target levels into the next year, as drafts.

    A goal already copied is skipped, so running it twice copies nothing new. Decisions (date, paragraph) are not
    copied: the copies are drafts for the board to revise and adopt again. An indicator without a target level for
    the new year gets its latest one as a starting point."""
    next_year = Year.objects.filter(year=year.year + 1).first()
    if next_year is None:
        raise CopyRefused(
            _("The year %(year)s does not exist yet; ask the administrator to create it.")
            % {"year": year.year + 1}
        )
    if next_year.is_closed:
        raise CopyRefused(_("The year %(year)s is closed.") % {"year": next_year.year})
    already = set(
        Goal.objects.filter(board=board, year=next_year, copied_from__isnull=False).values_list(
            "copied_from_id", flat=True
        )
    )
    copies = []
    for goal in board_goals(board, year):
        if goal.pk in already:
            continue
        copy = Goal.objects.create(
            board=board,
            year=next_year,
            direction=goal.direction,
            title=goal.title,
            description=goal.description,
            target_year=goal.target_year,
            position=goal.position,
            smart_specific=goal.smart_specific,
            smart_specific_motivation=goal.smart_specific_motivation,
            smart_accepted=goal.smart_accepted,
            smart_accepted_motivation=goal.smart_accepted_motivation,
            smart_realistic=goal.smart_realistic,
            smart_realistic_motivation=goal.smart_realistic_motivation,
            copied_from=goal,
        )
        for indicator in goal.indicators.all():
            new = Indicator.objects.create(
                goal=copy,
                name=indicator.name,
                unit=indicator.unit,
                better=indicator.better,
                baseline_value=indicator.baseline_value,
                baseline_year=indicator.baseline_year,
                tolerance=indicator.tolerance,
                source=indicator.source,
                kolada_kpi=indicator.kolada_kpi,
                position=indicator.position,
            )
            targets = {t.year: t.value for t in indicator.targets.all()}
            if targets and next_year.year not in targets:
                # The latest target level is the starting point for next year's; the board revises the draft.
                targets[next_year.year] = targets[max(y for y in targets if y < next_year.year)]
            for target_year, value in sorted(targets.items()):
                IndicatorTarget.objects.create(indicator=new, year=target_year, value=value)
        copies.append(copy)
    return copies


def period_short_label(period: Period) -> str:
    """A label short enough for a chart's axis: "T2 2026", "Q1 2026", "Helår 2026"."""
    if period.kind == Period.Kind.YEAR_END:
        return _("Year-end %(year)s") % {"year": period.year.year}
    if period.kind == Period.Kind.INTERIM and len(period.key) <= 3:
        return f"{period.key.upper()} {period.year.year}"
    return str(period)
