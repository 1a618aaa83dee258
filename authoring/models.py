"""Report templates and the sections many people write for a report.

A template (one per report kind and scope) lists the sections of the report in order: title, instructions for the
writer, who is responsible, when it is due and which registered report parts (reporting.parts) it places. When a
report is started its sections are made from the template (services.sync_sections); writers write them, mark them
ready, and the controller returns or approves them. The built report takes only approved texts."""

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

from reporting.models import Report
from styrmodell.models import OrgUnit


class ReportTemplate(models.Model):
    """The outline of one kind of report (interim, annual, quick) for one scope (a board's or the municipality's)."""

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Report.Kind.choices)
    scope = models.CharField(_("scope"), max_length=15, choices=Report.Scope.choices)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["scope", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "scope"], name="authoring_one_template_per_kind_scope")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.get_scope_display()}"


class Responsible(models.TextChoices):
    """Who writes a template's section in a report."""

    REPORT_UNIT = "report_unit", _("The report's board (or the municipality)")
    EACH_BOARD = "each_board", _("Each board (one section per board)")
    UNIT = "unit", _("A unit of the organisation")
    PERSON = "person", _("A named person")


class TemplateSection(models.Model):
    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions for the writer"), blank=True)
    responsible = models.CharField(
        _("responsible"), max_length=20, choices=Responsible.choices, default=Responsible.REPORT_UNIT
    )
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible unit"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    # Due either a number of days before the period's board deadline or on a fixed date (neither: the deadline).
    days_before = models.PositiveSmallIntegerField(_("days before the board deadline"), null=True, blank=True)
    due_on = models.DateField(_("fixed due date"), null=True, blank=True)
    part_keys = models.JSONField(_("report parts placed"), default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("template section")
        verbose_name_plural = _("template sections")
        ordering = ["template", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def due_for(self, board_deadline: datetime.date) -> datetime.date:
        if self.due_on:
            return self.due_on
        return board_deadline - datetime.timedelta(days=self.days_before or 0)


def figure_path(instance: ReportSection, filename: str) -> str:
    """An unguessable name; the figure is served only through the section's own access rules."""
    return f"authoring/{secrets.token_hex(20)}.{'png' if instance.figure_type == 'image/png' else 'jpg'}"


class SectionQuerySet(models.QuerySet):
    def late(self, today: datetime.date | None = None) -> SectionQuerySet:
        today = today or timezone.localdate()
        return self.filter(due__lt=today).exclude(
            state__in=[ReportSection.State.READY, ReportSection.State.APPROVED]
        )


class ReportSection(models.Model):
    """One section of one report, made from a template section (for an each-board section: one per board)."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", pgettext_lazy("section state", "Not started")
        DRAFT = "draft", pgettext_lazy("section state", "Draft")
        READY = "ready", pgettext_lazy("section state", "Ready for review")
        RETURNED = "returned", pgettext_lazy("section state", "Returned")
        APPROVED = "approved", pgettext_lazy("section state", "Approved")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    template_section = models.ForeignKey(
        TemplateSection, on_delete=models.SET_NULL, null=True, blank=True, related_name="report_sections"
    )
    # For an each-board section, the board it is about; else empty.
    board = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions for the writer"), blank=True)
    part_keys = models.JSONField(default=list, blank=True)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="report_sections", verbose_name=_("responsible unit")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_sections",
        verbose_name=_("responsible person"),
    )
    due = models.DateField(_("due"))
    state = models.CharField(_("state"), max_length=15, choices=State.choices, default=State.NOT_STARTED)
    text = models.TextField(_("text"), blank=True)
    table_caption = models.CharField(_("table caption"), max_length=200, blank=True)
    table_data = models.TextField(_("table"), blank=True)
    figure = models.FileField(upload_to=figure_path, blank=True, max_length=200)
    figure_type = models.CharField(max_length=20, blank=True)
    figure_alt = models.CharField(_("text alternative of the figure"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = SectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["report", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "template_section"],
                condition=models.Q(board__isnull=True, template_section__isnull=False),
                name="authoring_one_section_per_template_section",
            ),
            models.UniqueConstraint(
                fields=["report", "template_section", "board"],
                condition=models.Q(board__isnull=False, template_section__isnull=False),
                name="authoring_one_section_per_template_section_board",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_approved(self) -> bool:
        return self.state == self.State.APPROVED

    def is_late(self, today: datetime.date | None = None) -> bool:
        return self.due < (today or timezone.localdate()) and self.state not in (
            self.State.READY,
            self.State.APPROVED,
        )

    @property
    def responsible_label(self) -> str:
        return str(self.person) if self.person_id else self.unit.name


class SectionEvent(models.Model):
    """What happened to a section and what was said: a review comment, a return (with its reason), an approval."""

    class Action(models.TextChoices):
        COMMENT = "comment", pgettext_lazy("section event", "Comment")
        READY = "ready", pgettext_lazy("section event", "Marked ready")
        RETURNED = "returned", pgettext_lazy("section state", "Returned")
        APPROVED = "approved", pgettext_lazy("section state", "Approved")
        REOPENED = "reopened", pgettext_lazy("section event", "Reopened")
        REMINDED = "reminded", pgettext_lazy("section event", "Reminder sent")

    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(pgettext_lazy("section event", "action"), max_length=15, choices=Action.choices)
    text = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("section event")
        verbose_name_plural = _("section events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.section}"
