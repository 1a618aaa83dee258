"""Writes and read-models of commitments that carry rules or touch several rows.

Public API for other apps (the reporting app reads commitment status for its reports):

- `status_counts(board, period) -> dict[str, int]`: the number of unit commitments in the board's subtree by
  status in the period (keys are `Status` values plus `UNREPORTED`; every key is present).
- `deviations(board, period) -> list[StatusReport]`: the period's reports at risk or delayed in the board's
  subtree, with `commitment` and `commitment.unit` loaded, in tree order.
- `rollup(root, period) -> list[RollupRow]`: the same counts for every node of a subtree, descendants included.

All three leave out employee commitments: those are personal data and never appear in aggregates that reach
boards (no ranking of individuals). Each runs in a constant number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from styrmodell import access
from styrmodell.lib.recorded import create_recorded
from styrmodell.models import OrgUnit, Period, Reporting, Role, RoleGrant, User, Year

from .models import (
    DEVIATION_STATUSES,
    FINISHED_STATUSES,
    UNREPORTED,
    Commitment,
    ReminderLog,
    Status,
    StatusReport,
)

STATUS_KEYS: list[str] = [s.value for s in Status] + [UNREPORTED]


class PeriodLocked(Exception):
    """The period is closed for this unit: its reports can no longer change."""


class Conflict(Exception):
    """Somebody else saved the same object after the form was opened; `current` is what they saved."""

    def __init__(self, current) -> None:
        super().__init__("conflicting edit")
        self.current = current


# --- writes ------------------------------------------------------------------------------------------------


def create_commitment(*, unit: OrgUnit, year: Year, by: User, goals=(), **fields) -> Commitment:
    commitment = Commitment.objects.create(unit=unit, year=year, created_by=by, **fields)
    if goals:
        commitment.goals.set(goals)
    return commitment


def _claim_version(model, pk: int, version: int) -> bool:
    """Compare-and-set on the version column. Within the request's transaction the row stays locked until
    commit, so of two concurrent saves based on the same version exactly one succeeds."""
    return model.objects.filter(pk=pk, version=version).update(version=version + 1) == 1


def save_commitment(commitment: Commitment, *, version: int, fields: dict, goals=None) -> Commitment:
    """Save an edit made on `version`; raise Conflict (with what is saved now) if somebody saved in between."""
    if not _claim_version(Commitment, commitment.pk, version):
        raise Conflict(Commitment.objects.select_related("responsible").get(pk=commitment.pk))
    for name, value in fields.items():
        setattr(commitment, name, value)
    commitment.version = version + 1
    commitment.save(update_fields=[*fields, "version"])
    if goals is not None:
        commitment.goals.set(goals)
    return commitment


def save_report(
    commitment: Commitment, period: Period, *, status: str, comment: str, version: int, by: User
) -> StatusReport:
    """Record the commitment's status in the period. `version` is the report version the form was opened on
    (0 when there was no report yet). Raises PeriodLocked or Conflict; never overwrites another person's save.

    The report and its history row are written in one transaction of their own: called outside a transaction
    (the report view at the deadline rush, BENCHMARKS.md benchmark 3) a first report is a single statement on
    PostgreSQL (styrmodell/lib/recorded.py) and a change a plain BEGIN … COMMIT; inside one, a savepoint, so a
    refused first report never leaves the caller's transaction unusable."""
    if period.year_id != commitment.year_id or not access.reporting_is_open(
        period, commitment.unit, Reporting.STATUS
    ):
        raise PeriodLocked
    now = timezone.now()
    if version == 0:
        # No look-up first: the unique (commitment, period) constraint refuses a second first report. On
        # PostgreSQL the report and its history row are one statement (styrmodell/lib/recorded.py).
        try:
            return create_recorded(
                StatusReport,
                by=by,
                commitment=commitment,
                period=period,
                status=status,
                comment=comment,
                reported_by=by,
                reported_at=now,
            )
        except IntegrityError:
            raise Conflict(StatusReport.objects.get(commitment=commitment, period=period)) from None
    with transaction.atomic():
        report = StatusReport.objects.filter(commitment=commitment, period=period).first()
        if report is None or not _claim_version(StatusReport, report.pk, version):
            current = (
                StatusReport.objects.select_related("reported_by")
                .filter(commitment=commitment, period=period)
                .first()
            )
            raise Conflict(current)
        report.status, report.comment, report.reported_by, report.reported_at = status, comment, by, now
        report.version = version + 1
        report.save(update_fields=["status", "comment", "reported_by", "reported_at", "version"])
        return report


def copy_down(
    commitment: Commitment, by: User, responsible: dict[int, User | None] | None = None
) -> list[Commitment]:
    """Give every active unit below the commitment's unit its own copy to report on (units that already have a
    copy are skipped, so copying twice changes nothing). `responsible` maps a unit's id to the person responsible
    for its copy (commitments/ownership.py gives the default: the unit's own manager)."""
    responsible = responsible or {}
    have_copy = set(commitment.copies.values_list("unit_id", flat=True))
    goals = list(commitment.goals.all())
    units = OrgUnit.objects.filter(path__startswith=commitment.unit.path, is_active=True).exclude(
        pk=commitment.unit_id
    )
    made = []
    for unit in units:
        if unit.pk in have_copy:
            continue
        copy = create_commitment(
            unit=unit,
            year=commitment.year,
            by=by,
            goals=goals,
            title=commitment.title,
            description=commitment.description,
            starts=commitment.starts,
            ends=commitment.ends,
            copied_from=commitment,
            responsible=responsible.get(unit.pk),
        )
        made.append(copy)
    return made


def break_down(commitment: Commitment, *, owner: User, by: User, **fields) -> Commitment:
    """An employee commitment under a unit's commitment; it contributes to the same goals."""
    return create_commitment(
        unit=commitment.unit,
        year=commitment.year,
        by=by,
        goals=list(commitment.goals.all()),
        owner=owner,
        parent=commitment,
        **fields,
    )


def carry_over(unit: OrgUnit, from_year: Year, to_year: Year, by: User) -> list[Commitment]:
    """Copy the unit's (and its subtree's) unfinished commitments into the next year, with their employee
    commitments. A commitment is unfinished unless its latest report is done or cancelled. Goals are matched by
    board and title in the new year. Running it twice changes nothing."""
    latest = (
        StatusReport.objects.filter(commitment=OuterRef("pk")).order_by("-period__ends").values("status")[:1]
    )
    candidates = list(
        Commitment.objects.filter(year=from_year, unit__path__startswith=unit.path)
        .annotate(latest_status=Subquery(latest))
        .select_related("unit")
        .prefetch_related("goals")
        # Unit commitments (no owner) first, so a parent is carried over before its parts.
        .order_by(F("owner_id").asc(nulls_first=True), "unit__path", "pk")
    )
    already = set(
        Commitment.objects.filter(year=to_year, carried_over_from__in=[c.pk for c in candidates]).values_list(
            "carried_over_from_id", flat=True
        )
    )
    from goals.models import Goal

    titles = {g.title for c in candidates for g in c.goals.all()}
    new_goals = {(g.board_id, g.title): g for g in Goal.objects.filter(year=to_year, title__in=titles)}
    new_by_old: dict[int, Commitment] = dict(
        (c.carried_over_from_id, c)
        for c in Commitment.objects.filter(year=to_year, carried_over_from__in=candidates)
    )
    made = []
    for old in candidates:
        if old.latest_status in FINISHED_STATUSES or old.pk in already:
            continue
        if old.parent_id and old.parent_id not in new_by_old:
            continue
        goals = [
            new_goals[(g.board_id, g.title)] for g in old.goals.all() if (g.board_id, g.title) in new_goals
        ]
        new = create_commitment(
            unit=old.unit,
            year=to_year,
            by=by,
            goals=goals,
            title=old.title,
            description=old.description,
            responsible_id=old.responsible_id,
            owner_id=old.owner_id,
            parent=new_by_old.get(old.parent_id) if old.parent_id else None,
            starts=max(old.starts, datetime.date(to_year.year, 1, 1)),
            ends=max(old.ends, datetime.date(to_year.year, 12, 31)),
            carried_over_from=old,
        )
        new_by_old[old.pk] = new
        made.append(new)
    return made


# --- read models -------------------------------------------------------------------------------------------


def status_in(period: Period, commitment_ref: str = "pk"):
    """An expression: the commitment's status in the period; a commitment finished in an earlier period keeps
    that status; otherwise UNREPORTED. `commitment_ref` names the commitment's id in the outer query."""
    this = StatusReport.objects.filter(commitment=OuterRef(commitment_ref), period=period).values("status")[
        :1
    ]
    earlier = (
        StatusReport.objects.filter(
            commitment=OuterRef(commitment_ref),
            period__year_id=period.year_id,
            period__ends__lt=period.ends,  # periods are cumulative: an earlier one ends earlier
            status__in=FINISHED_STATUSES,
        )
        .order_by("-period__ends")
        .values("status")[:1]
    )
    return Coalesce(Subquery(this), Subquery(earlier), Value(UNREPORTED))


def empty_counts() -> dict[str, int]:
    return dict.fromkeys(STATUS_KEYS, 0)


def count_by_status(commitments: QuerySet[Commitment]) -> dict[str, int]:
    """How many of `commitments`, annotated with `status_now=status_in(period)`, have each status (one query)."""
    counts = empty_counts()
    for item in commitments.values("status_now").annotate(n=Count("pk")).order_by():
        counts[item["status_now"]] += item["n"]
    return counts


@dataclass
class RollupRow:
    unit: OrgUnit
    level: int
    counts: dict[str, int] = field(default_factory=empty_counts)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        return [self.counts[key] for key in STATUS_KEYS]


def with_status(commitments: QuerySet[Commitment], period: Period, name: str = "status_now") -> QuerySet:
    """`commitments` annotated with their status in the period as `name`, by the rule of `status_in`, but
    set-based: one LEFT JOIN to the period's report and one to each earlier period's finished report (each
    unique per commitment), so PostgreSQL counts with hash joins instead of two correlated subqueries per row.
    At Göteborg's size the subqueries also crossed PostgreSQL's JIT threshold (BENCHMARKS.md, 1a). Costs one
    query for the earlier periods' ids."""
    # The same earlier periods as status_in's: the year's periods that end before this one, latest first.
    earlier = list(
        Period.objects.filter(year_id=period.year_id, ends__lt=period.ends)
        .order_by("-ends")
        .values_list("pk", flat=True)
    )
    joins = {"_report_now": FilteredRelation("reports", condition=Q(reports__period_id=period.pk))}
    for n, pk in enumerate(earlier):
        joins[f"_report_{n}"] = FilteredRelation(
            "reports", condition=Q(reports__period_id=pk, reports__status__in=FINISHED_STATUSES)
        )
    statuses = [F(f"{alias}__status") for alias in joins]
    return commitments.annotate(**joins).annotate(**{name: Coalesce(*statuses, Value(UNREPORTED))})


def rollup(root: OrgUnit, period: Period) -> list[RollupRow]:
    """Counts by status for every node of root's subtree, each including all its descendants (three queries: the
    nodes, the earlier periods, and the unit commitments grouped by unit path and status, set-based; the folding
    up the tree is done in Python over at most nodes × statuses rows)."""
    # Only what the table shows: at Göteborg's size, loading every node's creation time (a timestamptz, which
    # Django's loader parses in Python) was a fifth of the page's time (BENCHMARKS.md, benchmark 1a).
    units = list(
        OrgUnit.objects.filter(path__startswith=root.path)
        .only("path", "depth", "code", "name", "is_active")
        .order_by("path")
    )
    rows = {u.path: RollupRow(unit=u, level=u.depth - root.depth) for u in units}
    grouped = (
        with_status(
            Commitment.objects.of_units().filter(year_id=period.year_id, unit_path__startswith=root.path),
            period,
        )
        .values_list("unit_path", "status_now")
        .annotate(n=Count("pk"))
        .order_by()
    )
    step = OrgUnit.steplen
    for path, status, n in grouped:
        for end in range(len(root.path), len(path) + 1, step):
            row = rows.get(path[:end])
            if row is not None:
                row.counts[status] += n
    return [rows[u.path] for u in units if u.is_active or rows[u.path].total]


def status_counts(board: OrgUnit, period: Period) -> dict[str, int]:
    """Unit commitments of the board's subtree by status in the period (one query)."""
    counts = empty_counts()
    grouped = (
        Commitment.objects.of_units()
        .filter(year_id=period.year_id, unit__path__startswith=board.path)
        .annotate(status_now=status_in(period))
        .values("status_now")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for item in grouped:
        counts[item["status_now"]] += item["n"]
    return counts


def deviations(board: OrgUnit, period: Period) -> list[StatusReport]:
    """The period's unit-commitment reports at risk or delayed in the board's subtree (one query)."""
    return list(
        StatusReport.objects.filter(
            period=period,
            status__in=DEVIATION_STATUSES,
            commitment__owner__isnull=True,
            commitment__unit__path__startswith=board.path,
        )
        .select_related("commitment__unit", "commitment__responsible")
        .order_by("commitment__unit__path", "commitment__title")
    )


def goal_status_counts(goal_ids: list[int], period: Period) -> dict[int, dict[str, int]]:
    """For each goal, its contributing unit commitments by status in the period (one query, any number of goals)."""
    result: dict[int, dict[str, int]] = {goal_id: empty_counts() for goal_id in goal_ids}
    through = Commitment.goals.through
    grouped = (
        through.objects.filter(
            goal_id__in=goal_ids, commitment__owner__isnull=True, commitment__year_id=period.year_id
        )
        .annotate(status_now=status_in(period, "commitment_id"))
        .values("goal_id", "status_now")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for item in grouped:
        result[item["goal_id"]][item["status_now"]] += item["n"]
    return result


def goal_deviations(goal_ids: list[int], period: Period) -> dict[int, list[StatusReport]]:
    """For each goal, the period's reports at risk or delayed of the unit commitments contributing to it (one
    query)."""
    result: dict[int, list[StatusReport]] = {goal_id: [] for goal_id in goal_ids}
    reports = (
        StatusReport.objects.filter(
            period=period,
            status__in=DEVIATION_STATUSES,
            commitment__owner__isnull=True,
            commitment__goals__in=goal_ids,
        )
        .annotate(goal_id=F("commitment__goals__id"))
        .select_related("commitment__unit")
        .order_by("commitment__unit__path", "commitment__title")
    )
    for report in reports:
        result[report.goal_id].append(report)
    return result


# --- reminders ---------------------------------------------------------------------------------------------


def reminder_days() -> list[int]:
    return sorted({int(d) for d in settings.REMINDER_DAYS})


def due_threshold(period: Period, today: datetime.date) -> int | None:
    """The reminder due for the period today: the smallest configured number of days that is at least the days
    left. A missed run is caught up by the next one; the sent-log keeps it from being sent twice."""
    days_left = (period.deadline - today).days
    if days_left < 0:
        return None
    due = [d for d in reminder_days() if d >= days_left]
    return min(due) if due else None


def _log_once(user: User, period: Period, days: int, kind: str) -> bool:
    """Record the reminder; False when it was already sent (also when a concurrent run recorded it first)."""
    try:
        with transaction.atomic():
            _log, created = ReminderLog.objects.get_or_create(
                user=user, period=period, days_before=days, kind=kind
            )
    except IntegrityError:
        return False
    return created


def send_reminders(today: datetime.date | None = None) -> int:
    """E-mail every reporter with unreported commitments, and every manager a summary of their unit, for each
    open period whose reminder is due. Returns the number of e-mails sent; running it twice sends nothing twice."""
    today = today or timezone.localdate()
    sent = 0
    periods = Period.objects.filter(staff_closed=False, year__is_closed=False, deadline__gte=today)
    for period in periods.select_related("year"):
        if not period.collects_kind(Reporting.STATUS):
            continue
        days = due_threshold(period, today)
        if days is not None:
            sent += _remind(period, days)
    return sent


def _remind(period: Period, days: int) -> int:
    unreported = list(
        Commitment.objects.unreported(period)
        .select_related("unit", "owner", "responsible")
        .order_by("unit__path", "title")
    )
    by_reporter: dict[int, list[Commitment]] = defaultdict(list)
    reporters: dict[int, User] = {}
    for c in unreported:
        person = c.reporter
        if person is not None:
            by_reporter[person.pk].append(c)
            reporters[person.pk] = person
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for pk, items in by_reporter.items():
            user = reporters[pk]
            if (
                not user.email
                or not user.is_active
                or not _log_once(user, period, days, ReminderLog.Kind.OWNER)
            ):
                continue
            ctx = {"user": user, "period": period, "commitments": items, "days": days}
            send_mail(
                _("Report your commitments for %(period)s by %(deadline)s")
                % {"period": period, "deadline": period.deadline.strftime("%Y-%m-%d")},
                render_to_string("commitments/email/reminder_owner.txt", ctx),
                None,
                [user.email],
            )
            sent += 1
        # Managers get counts per unit only (unit commitments; employee commitments are counted, not named).
        manager_grants = (
            RoleGrant.objects.filter(permission__codename=Role.MANAGER.codename)
            .select_related("user", "content_object")
            .order_by("user_id", "content_object__path")
        )
        summaries: dict[int, list[tuple[OrgUnit, int]]] = defaultdict(list)
        managers: dict[int, User] = {}
        for grant in manager_grants:
            unit = grant.content_object
            count = sum(1 for c in unreported if c.unit.path.startswith(unit.path))
            if count:
                summaries[grant.user_id].append((unit, count))
                managers[grant.user_id] = grant.user
        for pk, units in summaries.items():
            user = managers[pk]
            if (
                not user.email
                or not user.is_active
                or not _log_once(user, period, days, ReminderLog.Kind.MANAGER)
            ):
                continue
            ctx = {"user": user, "period": period, "units": units, "days": days}
            send_mail(
                _("Unreported commitments in your units for %(period)s") % {"period": period},
                render_to_string("commitments/email/reminder_manager.txt", ctx),
                None,
                [user.email],
            )
            sent += 1
    return sent
