"""Feedback and complaints (synpunkter och klagomål): a citizen's case about a unit, handled in the unit's inbox.

Decisions recorded here (the views and services enforce them):
- A case belongs to the unit it concerns; the people with an operational role reaching that unit (managers and
  employees of the unit, managers above it) see it, handle it and see the citizen's contact details. Nobody
  else does, whatever other role they hold.
- Stages: received → acknowledged → answered → closed. A citizen may reopen an answered or closed case from the
  link in the answer; it is then handled again from "reopened".
- Deadlines are working days (Monday to Friday) from the day the case was received: acknowledge within
  FEEDBACK_ACKNOWLEDGE_DAYS, answer within FEEDBACK_ANSWER_DAYS. A case is "answered in time" when its first
  answer came on or before its answer deadline.
- Personal data (name, e-mail, attachment) is removed FEEDBACK_RETENTION_DAYS after closing, from the case and
  from its audit history; the case itself stays for the statistics.
"""

from __future__ import annotations

import datetime
import secrets
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from styrmodell.models import OrgUnit

# Case numbers are short enough to read out on the phone and carry no count of how many cases there are.
NUMBER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_case_number() -> str:
    return "SYN-" + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(6))


def new_citizen_token() -> str:
    return secrets.token_urlsafe(32)


def attachment_path(instance: Case, filename: str) -> str:
    """An unguessable name; the citizen's file name is never kept (it may itself be personal data)."""
    suffix = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.attachment_type, "bin"
    )
    return f"feedback/{secrets.token_hex(20)}.{suffix}"


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days (Monday–Friday) after `start`. Public holidays are not counted out."""
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


class Category(models.TextChoices):
    OPINION = "opinion", _("Opinion")
    COMPLAINT = "complaint", _("Complaint")
    PRAISE = "praise", _("Praise")
    SUGGESTION = "suggestion", _("Suggestion")


class Cause(models.TextChoices):
    """What the case was about in the end, chosen when it is closed."""

    TREATMENT = "treatment", _("Treatment of people")
    ACCESSIBILITY = "accessibility", _("Accessibility")
    QUALITY = "quality", _("Quality")
    INFORMATION = "information", _("Information")
    HANDLING = "handling", _("Case handling")
    OTHER = "other", _("Other")


class CaseQuerySet(models.QuerySet):
    def open(self) -> CaseQuerySet:
        return self.exclude(status=Case.Status.CLOSED)

    def in_subtree(self, unit: OrgUnit) -> CaseQuerySet:
        return self.filter(unit__path__startswith=unit.path)

    def received_between(self, starts: datetime.date, ends: datetime.date) -> CaseQuerySet:
        return self.filter(received_on__gte=starts, received_on__lte=ends)


class Case(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("feedback case", "Received")
        ACKNOWLEDGED = "acknowledged", pgettext_lazy("feedback case", "Acknowledged")
        ANSWERED = "answered", pgettext_lazy("feedback case", "Answered")
        CLOSED = "closed", pgettext_lazy("feedback case", "Closed")
        REOPENED = "reopened", pgettext_lazy("feedback case", "Reopened")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    number = models.CharField(_("case number"), max_length=12, unique=True, default=new_case_number)
    citizen_token = models.CharField(max_length=64, unique=True, default=new_citizen_token, editable=False)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="feedback_cases", verbose_name=_("concerns")
    )
    text = models.TextField(_("what it is about"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True, max_length=200)
    attachment_type = models.CharField(max_length=40, blank=True, editable=False)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    received_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    received_on = models.DateField(_("received on"), editable=False)
    acknowledge_by = models.DateField(_("acknowledge by"))
    answer_by = models.DateField(_("answer by"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("feedback case", "closed"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_cases",
        verbose_name=_("handled by"),
    )
    answer = models.TextField(_("answer"), blank=True)
    answer_emailed = models.BooleanField(_("answer e-mailed"), default=False)
    cause = models.CharField(_("cause"), max_length=20, choices=Cause.choices, blank=True)
    action_taken = models.TextField(_("what was done about it"), blank=True)
    personal_data_removed_at = models.DateTimeField(_("personal data removed"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("feedback case")
        verbose_name_plural = _("feedback cases")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["received_on"], name="feedback_case_received_on"),
            models.Index(fields=["status", "answer_by"], name="feedback_case_status_due"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:
        if self.received_on is None:
            self.received_on = timezone.localdate(self.received_at)
        if self.acknowledge_by is None:
            self.acknowledge_by = add_working_days(self.received_on, settings.FEEDBACK_ACKNOWLEDGE_DAYS)
        if self.answer_by is None:
            self.answer_by = add_working_days(self.received_on, settings.FEEDBACK_ANSWER_DAYS)
        super().save(*args, **kwargs)

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def can_be_reopened(self) -> bool:
        return self.status in (self.Status.ANSWERED, self.Status.CLOSED)

    @property
    def answered_in_time(self) -> bool:
        return (
            self.first_answered_at is not None
            and timezone.localdate(self.first_answered_at) <= self.answer_by
        )

    def overdue_stage(self, today: datetime.date | None = None) -> str | None:
        """ "acknowledge" or "answer" when that deadline has passed without it being done; else None."""
        today = today or timezone.localdate()
        if self.status == self.Status.CLOSED:
            return None
        if (
            self.acknowledged_at is None
            and self.status == self.Status.RECEIVED
            and today > self.acknowledge_by
        ):
            return "acknowledge"
        if self.first_answered_at is None and today > self.answer_by:
            return "answer"
        return None


class CaseEvent(models.Model):
    """One step in a case's handling, shown as its log."""

    class Kind(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("feedback case", "Received")
        ACKNOWLEDGED = "acknowledged", pgettext_lazy("feedback case", "Acknowledged")
        ASSIGNED = "assigned", pgettext_lazy("feedback case", "Assigned")
        ANSWERED = "answered", pgettext_lazy("feedback case", "Answered")
        REOPENED = "reopened", pgettext_lazy("feedback case", "Reopened by the citizen")
        CLOSED = "closed", pgettext_lazy("feedback case", "Closed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class ReminderLog(models.Model):
    """One reminder of an overdue stage sent to one person; the unique key makes the daily task idempotent."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=20)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user", "stage"], name="feedback_one_reminder_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.stage} {self.user_id}"


class Measure(models.TextChoices):
    """What a linked indicator is fed with, computed over the cases received in a period."""

    SHARE_ANSWERED_IN_TIME = "share_in_time", _("Share answered within the deadline (%)")
    RECEIVED = "received", _("Number of cases received")
    COMPLAINTS = "complaints", _("Number of complaints")
    PRAISE = "praise", _("Number of praise")


class IndicatorFeed(models.Model):
    """An indicator whose outcome each period is computed from the cases of a unit (and everything below it)."""

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    indicator = models.OneToOneField(
        "goals.Indicator", on_delete=models.CASCADE, related_name="feedback_feed", verbose_name=_("indicator")
    )
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="+", verbose_name=_("cases of (with the units below)")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator fed from feedback")
        verbose_name_plural = _("indicators fed from feedback")

    def __str__(self) -> str:
        return f"{self.indicator} ← {self.get_measure_display()}"


class PrivacyLog(models.Model):
    """An administrator exported or erased one person's data. The address itself is not kept here."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export")
        ERASE = "erase", _("Erasure")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    result = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"
