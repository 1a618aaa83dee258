"""Feedback cases: receiving, handling, statistics, indicators fed from them, the report summary, reminders and
the removal of personal data."""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from importlib import import_module
from smtplib import SMTPException
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from styrmodell.models import OrgUnit, Period, User

from .models import Case, CaseEvent, Category, Cause, IndicatorFeed, Measure, ReminderLog, new_case_number

logger = logging.getLogger(__name__)


class WrongStage(Exception):
    """The step does not fit the case's current stage (answering a closed case, say)."""


# --- receiving -------------------------------------------------------------------------------------------------


def submit_case(
    *,
    unit: OrgUnit,
    category: str,
    text: str,
    name: str = "",
    email: str = "",
    attachment: UploadedFile | None = None,
    attachment_type: str = "",
) -> Case:
    """Store a citizen's case with its first event. The case number is random; a clash (one in hundreds of
    millions) draws another."""
    for _attempt in range(5):
        case = Case(
            unit=unit,
            category=category,
            text=text,
            name=name,
            email=email,
            number=new_case_number(),
            attachment_type=attachment_type if attachment else "",
        )
        if attachment is not None:
            case.attachment.save("attachment", attachment, save=False)
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError:
            if case.attachment:
                case.attachment.delete(save=False)
            continue
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.RECEIVED, at=case.received_at)
        return case
    raise RuntimeError("no free case number after five attempts")


# --- handling --------------------------------------------------------------------------------------------------


def acknowledge(case: Case, user: User) -> None:
    if case.status != Case.Status.RECEIVED:
        raise WrongStage
    case.status = Case.Status.ACKNOWLEDGED
    case.acknowledged_at = timezone.now()
    if case.assignee_id is None:
        case.assignee = user
    case.save(update_fields=["status", "acknowledged_at", "assignee"])
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.ACKNOWLEDGED, by=user)


def assign(case: Case, person: User, user: User) -> None:
    if case.is_closed:
        raise WrongStage
    case.assignee = person
    case.save(update_fields=["assignee"])
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.ASSIGNED, text=str(person), by=user)


def answer(case: Case, text: str, user: User, citizen_url: str) -> bool:
    """Record the answer and e-mail it to the citizen when they gave an address. Returns whether an e-mail was
    sent; a mail server that refuses it leaves the answer saved (the citizen can still read it by the link)."""
    if case.is_closed:
        raise WrongStage
    now = timezone.now()
    case.answer = text
    case.answered_at = now
    if case.first_answered_at is None:
        case.first_answered_at = now
    if case.acknowledged_at is None:
        case.acknowledged_at = now
    case.status = Case.Status.ANSWERED
    if case.assignee_id is None:
        case.assignee = user
    emailed = False
    if case.email:
        emailed = _send_answer(case, citizen_url)
    case.answer_emailed = emailed
    case.save(
        update_fields=[
            "answer",
            "answered_at",
            "first_answered_at",
            "acknowledged_at",
            "status",
            "assignee",
            "answer_emailed",
        ]
    )
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.ANSWERED, text=text, by=user, at=now)
    return emailed


def _send_answer(case: Case, citizen_url: str) -> bool:
    ctx = {"case": case, "url": citizen_url, "municipality": settings.MUNICIPALITY_NAME}
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Answer to your case %(number)s") % {"number": case.number}
        body = render_to_string("feedback/email/answer.txt", ctx)
    try:
        send_mail(subject, body, None, [case.email])
    except (SMTPException, OSError):
        logger.warning("The answer to case %s could not be e-mailed", case.number, exc_info=True)
        return False
    return True


def close(case: Case, cause: str, action_taken: str, user: User) -> None:
    if case.is_closed:
        raise WrongStage
    case.status = Case.Status.CLOSED
    case.cause = cause
    case.action_taken = action_taken
    case.closed_at = timezone.now()
    case.save(update_fields=["status", "cause", "action_taken", "closed_at"])
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.CLOSED, text=action_taken, by=user)


def reopen(case: Case, comment: str) -> None:
    """The citizen reopens an answered or closed case with a comment; the unit handles it again."""
    if not case.can_be_reopened:
        raise WrongStage
    case.status = Case.Status.REOPENED
    case.closed_at = None
    case.save(update_fields=["status", "closed_at"])
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.REOPENED, text=comment)


# --- statistics ------------------------------------------------------------------------------------------------


@dataclass
class Figures:
    """Counts over a set of cases."""

    received: int = 0
    answered: int = 0
    answered_in_time: int = 0
    # Cases whose answer deadline has passed or that have been answered: the base of the in-time share.
    due: int = 0
    by_category: Counter = field(default_factory=Counter)
    by_cause: Counter = field(default_factory=Counter)

    def add(self, row: dict, today: datetime.date) -> None:
        self.received += 1
        self.by_category[row["category"]] += 1
        if row["cause"]:
            self.by_cause[row["cause"]] += 1
        answered_on = timezone.localdate(row["first_answered_at"]) if row["first_answered_at"] else None
        if answered_on is not None:
            self.answered += 1
        if answered_on is not None or today > row["answer_by"]:
            self.due += 1
        if answered_on is not None and answered_on <= row["answer_by"]:
            self.answered_in_time += 1

    @property
    def share_in_time(self) -> Decimal | None:
        if not self.due:
            return None
        return (Decimal(100) * self.answered_in_time / self.due).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def categories(self) -> list[tuple[str, int]]:
        return [(str(c.label), self.by_category[c.value]) for c in Category]

    def causes(self) -> list[tuple[str, int]]:
        return [(str(c.label), self.by_cause[c.value]) for c in Cause]

    def top_causes(self, n: int = 3) -> list[tuple[str, int]]:
        labels = dict(Cause.choices)
        return [(str(labels.get(k, k)), count) for k, count in self.by_cause.most_common(n)]


_ROW_FIELDS = ("unit_id", "category", "cause", "first_answered_at", "answer_by")


def _rows(unit: OrgUnit, starts: datetime.date, ends: datetime.date):
    return Case.objects.in_subtree(unit).received_between(starts, ends).order_by().values(*_ROW_FIELDS)


def figures_for(unit: OrgUnit, starts: datetime.date, ends: datetime.date, today=None) -> Figures:
    """The cases of the unit and everything below it received between the dates (one query)."""
    today = today or timezone.localdate()
    figures = Figures()
    for row in _rows(unit, starts, ends):
        figures.add(row, today)
    return figures


@dataclass
class BoardStatistics:
    board: OrgUnit
    total: Figures
    units: list[tuple[OrgUnit, Figures]]


def board_statistics(
    board: OrgUnit, starts: datetime.date, ends: datetime.date, today=None
) -> BoardStatistics:
    """The board's figures and those of each of its units that received cases (two queries)."""
    today = today or timezone.localdate()
    total = Figures()
    per_unit: dict[int, Figures] = {}
    for row in _rows(board, starts, ends):
        total.add(row, today)
        per_unit.setdefault(row["unit_id"], Figures()).add(row, today)
    units = OrgUnit.objects.filter(pk__in=per_unit).order_by("path")
    return BoardStatistics(board, total, [(unit, per_unit[unit.pk]) for unit in units])


# --- indicators fed from the cases -----------------------------------------------------------------------------


def measure_value(measure: str, unit: OrgUnit, period: Period, today=None) -> Decimal | None:
    """The measure over the cases received in the period; None when there is nothing to measure yet."""
    figures = figures_for(unit, period.starts, period.ends, today)
    if measure == Measure.SHARE_ANSWERED_IN_TIME:
        return figures.share_in_time
    if measure == Measure.RECEIVED:
        return Decimal(figures.received)
    if measure == Measure.COMPLAINTS:
        return Decimal(figures.by_category[Category.COMPLAINT])
    if measure == Measure.PRAISE:
        return Decimal(figures.by_category[Category.PRAISE])
    raise ValueError(measure)


@dataclass
class FeedResult:
    written: list[IndicatorFeed] = field(default_factory=list)
    unchanged: list[IndicatorFeed] = field(default_factory=list)
    locked: list[IndicatorFeed] = field(default_factory=list)
    empty: list[IndicatorFeed] = field(default_factory=list)


def feed_indicators(period: Period, feeds=None, today=None) -> FeedResult:
    """Write each linked indicator's outcome for the period (goals.services.set_outcome). A locked period is left
    as it is; an unchanged value is not written again, so running this daily adds no history."""
    from goals import services as goal_services
    from goals.models import IndicatorOutcome

    result = FeedResult()
    feeds = IndicatorFeed.objects.select_related("indicator__goal", "unit") if feeds is None else feeds
    for feed in feeds:
        if feed.indicator.goal.year_id != period.year_id:
            continue
        value = measure_value(feed.measure, feed.unit, period, today)
        if value is None:
            result.empty.append(feed)
            continue
        existing = IndicatorOutcome.objects.filter(indicator=feed.indicator, period=period).first()
        if existing is not None and existing.value == value:
            result.unchanged.append(feed)
            continue
        comment = _("Computed from feedback and complaints: %(measure)s, %(unit)s.") % {
            "measure": feed.get_measure_display(),
            "unit": feed.unit.name,
        }
        try:
            with transaction.atomic():
                goal_services.set_outcome(feed.indicator, period, value, comment, None)
        except goal_services.PeriodLocked:
            result.locked.append(feed)
            continue
        result.written.append(feed)
    return result


def feed_current_periods(today: datetime.date | None = None) -> FeedResult:
    """Every period that has started, of this year and the last (the year-end is fed into the new year); closed
    periods are skipped by set_outcome's lock."""
    today = today or timezone.localdate()
    total = FeedResult()
    periods = Period.objects.filter(starts__lte=today, year__year__gte=today.year - 1).select_related("year")
    for period in periods:
        if period.is_locked:
            continue
        part = feed_indicators(period, today=today)
        for name in ("written", "unchanged", "locked", "empty"):
            getattr(total, name).extend(getattr(part, name))
    return total


# --- the board's report ----------------------------------------------------------------------------------------


@dataclass
class ReportSummary:
    board: OrgUnit
    period: Period
    figures: Figures

    @property
    def top_causes(self) -> list[tuple[str, int]]:
        return self.figures.top_causes()


def report_summary(board: OrgUnit, period: Period) -> ReportSummary:
    """Feedback and complaints about the board's units received in the period (one query)."""
    return ReportSummary(board, period, figures_for(board, period.starts, period.ends))


# --- reminders -------------------------------------------------------------------------------------------------


def _reminder_recipients(case: Case) -> list[User]:
    """The person handling the case; with nobody assigned, the managers of the unit (or the nearest above)."""
    if case.assignee_id and case.assignee.is_active and case.assignee.email:
        return [case.assignee]
    from styrmodell.models import Role, RoleGrant

    grants = (
        RoleGrant.objects.filter(
            permission__codename=Role.MANAGER.codename, content_object__path__in=case.unit.ancestor_paths()
        )
        .select_related("user", "content_object")
        .order_by("-content_object__depth")
    )
    nearest: list[User] = []
    depth = None
    for grant in grants:
        if depth is not None and grant.content_object.depth != depth:
            break
        depth = grant.content_object.depth
        if grant.user.is_active and grant.user.email:
            nearest.append(grant.user)
    return nearest


def send_reminders(today: datetime.date | None = None) -> int:
    """E-mail whoever handles an overdue case, once per case, stage and person. Returns e-mails sent."""
    today = today or timezone.localdate()
    overdue = (
        Case.objects.open()
        .filter(first_answered_at__isnull=True, acknowledge_by__lt=today)
        .select_related("unit", "assignee")
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for case in overdue:
            stage = case.overdue_stage(today)
            if stage is None:
                continue
            for person in _reminder_recipients(case):
                try:
                    with transaction.atomic():
                        _log, created = ReminderLog.objects.get_or_create(case=case, user=person, stage=stage)
                except IntegrityError:
                    created = False
                if not created:
                    continue
                ctx = {"case": case, "person": person, "stage": stage}
                send_mail(
                    _("Overdue feedback case %(number)s") % {"number": case.number},
                    render_to_string("feedback/email/reminder.txt", ctx),
                    None,
                    [person.email],
                )
                sent += 1
    return sent


# --- personal data ---------------------------------------------------------------------------------------------


def remove_personal_data(case: Case) -> None:
    """Remove the citizen's name, e-mail address and attachment from the case and from its audit history."""
    if case.attachment:
        case.attachment.delete(save=False)
    case.name, case.email, case.attachment, case.attachment_type = "", "", "", ""
    case.personal_data_removed_at = timezone.now()
    case.save(update_fields=["name", "email", "attachment", "attachment_type", "personal_data_removed_at"])
    Case.history.filter(id=case.pk).update(name="", email="", attachment="", attachment_type="")


def apply_retention(now: datetime.datetime | None = None) -> int:
    """Remove personal data from cases closed more than FEEDBACK_RETENTION_DAYS ago. Returns how many cases."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.FEEDBACK_RETENTION_DAYS)
    due = Case.objects.filter(
        status=Case.Status.CLOSED, closed_at__lt=limit, personal_data_removed_at__isnull=True
    )
    count = 0
    for case in due:
        with transaction.atomic():
            remove_personal_data(case)
        count += 1
    return count


def privacy_modules() -> list[tuple[str, ModuleType]]:
    """(app label, module) of every installed app with a `privacy` module offering export(email) and
    erase(email)."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.privacy"
        try:
            module = import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        if callable(getattr(module, "export", None)) and callable(getattr(module, "erase", None)):
            found.append((config.label, module))
    return found


def export_person(email: str) -> dict:
    return {label: module.export(email) for label, module in privacy_modules()}


def erase_person(email: str) -> dict[str, int]:
    with transaction.atomic():
        return {label: module.erase(email) for label, module in privacy_modules()}
