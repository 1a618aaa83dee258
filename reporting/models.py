"""The reporting cycle: the annual cycle's milestones, economy figures, interim and annual reports, their
archived snapshots, and the state of long background jobs."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from styrmodell.models import OrgUnit, Period, Year

# --- long jobs ---------------------------------------------------------------------------------------------

# --- annual cycle ------------------------------------------------------------------------------------------


class Milestone(models.Model):
    """A milestone of one year's annual cycle (årshjul), e.g. "the council adopts the budget directive"."""

    class Kind(models.TextChoices):
        BUDGET = "budget", _("Budget")
        FOLLOW_UP = "follow_up", _("Follow-up")
        PLANNING = "planning", _("Planning")
        INTERNAL_CONTROL = "internal_control", _("Internal control")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    year = models.ForeignKey(
        Year, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("year")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PLANNING)
    month = models.PositiveSmallIntegerField(_("month"))
    end_month = models.PositiveSmallIntegerField(_("until month"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["month", "end_month", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="reporting_milestone_month_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(end_month__isnull=True)
                | models.Q(end_month__gte=models.F("month"), end_month__lte=12),
                name="reporting_milestone_end_month_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


# --- economy -----------------------------------------------------------------------------------------------


class BudgetFrame(models.Model):
    """A board's budget frame for one year, in thousands of kronor (tkr)."""

    board = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="budget_frames")
    year = models.ForeignKey(Year, on_delete=models.PROTECT, related_name="budget_frames")
    amount = models.DecimalField(_("budget frame (tkr)"), max_digits=14, decimal_places=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget frame")
        verbose_name_plural = _("budget frames")
        constraints = [
            models.UniqueConstraint(fields=["board", "year"], name="reporting_one_budget_per_board_year")
        ]

    def __str__(self) -> str:
        return f"{self.board}: {self.amount} ({self.year})"


class EconomyFigure(models.Model):
    """A board's economic outcome and full-year forecast at the end of one reporting period (tkr)."""

    board = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="economy_figures")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="economy_figures")
    outcome = models.DecimalField(_("outcome to date (tkr)"), max_digits=14, decimal_places=1)
    forecast = models.DecimalField(_("full-year forecast (tkr)"), max_digits=14, decimal_places=1)
    analysis = models.TextField(_("analysis"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("economic figures")
        verbose_name_plural = _("economic figures")
        constraints = [
            models.UniqueConstraint(fields=["board", "period"], name="reporting_one_economy_per_board_period")
        ]

    def __str__(self) -> str:
        return f"{self.board}: {self.period}"

    def deviation(self, budget: Decimal | None) -> Decimal | None:
        """Budget minus forecast: positive is a surplus, negative a deficit."""
        if budget is None:
            return None
        return budget - self.forecast


# --- reports -----------------------------------------------------------------------------------------------


# The document's name on its cover and in its title; the kind's label alone ("Delår") reads like a period's name.
REPORT_HEADINGS = {
    "interim": pgettext_lazy("report title", "Interim report"),
    "annual": pgettext_lazy("report title", "Annual report"),
    "quick": pgettext_lazy("report title", "Quick report"),
}


class ReportQuerySet(models.QuerySet):
    def adopted(self) -> ReportQuerySet:
        return self.filter(status=Report.Status.ADOPTED)


class Report(models.Model):
    """An interim report (after a tertial), an annual report (year-end) or a quick report (a monthly period's
    economy and deviations) of a board, or the municipality's compilation of all boards (scope MUNICIPALITY,
    unit = the root of the organisation)."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim report")
        ANNUAL = "annual", _("Annual report")
        QUICK = "quick", _("Quick report")

    class Scope(models.TextChoices):
        BOARD = "board", _("Board")
        MUNICIPALITY = "municipality", _("Municipality")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        READY = "ready", _("Ready for decision")
        ADOPTED = "adopted", _("Adopted")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="reports", verbose_name=_("board")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="reports", verbose_name=_("period")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    scope = models.CharField(_("scope"), max_length=15, choices=Scope.choices, default=Scope.BOARD)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    # A quick report's comment by the board, written until the board's follow-up deadline (Reporting.TEXTS).
    comment = models.TextField(_("the board's comment"), blank=True)
    # The last build: the report body as HTML (for reading in the browser) and the PDF.
    body_html = models.TextField(blank=True, editable=False)
    # The same build as one standalone HTML document (what the PDF was rendered from); archived on adoption.
    document_html = models.TextField(blank=True, editable=False)
    pdf = models.FileField(upload_to="reports/builds/%Y/", blank=True, editable=False)
    built_at = models.DateTimeField(_("built"), null=True, blank=True, editable=False)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_paragraph = models.CharField(_("decision paragraph"), max_length=50, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["body_html", "document_html"])

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period__year__year", "-period__ends", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="reporting_one_report_per_unit_period"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def heading(self) -> str:
        """The document's name: 'Delårsrapport 2026', 'Årsredovisning 2026', and the period where its name says more
        than the kind does ('Delårsrapport, tertial 1 2026', 'Snabbrapport, till och med oktober 2026')."""
        label = str(REPORT_HEADINGS[self.kind])
        name, year = self.period.name, self.period.year.year
        if self.kind == self.Kind.ANNUAL or label.casefold().startswith(name.casefold()):
            return f"{label} {year}"
        return f"{label}, {name[:1].lower()}{name[1:]} {year}"

    @property
    def title(self) -> str:
        return f"{self.heading} – {self.unit.name}"

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED

    @property
    def is_built(self) -> bool:
        return bool(self.built_at and self.pdf)

    @property
    def is_quick(self) -> bool:
        return self.kind == self.Kind.QUICK

    @staticmethod
    def kind_for(period: Period) -> str:
        if period.kind == Period.Kind.MONTH:
            return Report.Kind.QUICK
        return Report.Kind.ANNUAL if period.kind == Period.Kind.YEAR_END else Report.Kind.INTERIM


class ImmutableError(Exception):
    pass


class ArchivedReport(models.Model):
    """The immutable, dated snapshot of an adopted report: the PDF (with its SHA-256 checksum) and the HTML.

    Written once, on adoption; later changes to goals, indicators or figures do not reach it."""

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="archived")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="archived_reports")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="archived_reports")
    title = models.CharField(_("title"), max_length=300)
    html = models.TextField()
    pdf = models.FileField(upload_to="reports/archive/%Y/")
    pdf_sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    pdf_size = models.PositiveIntegerField()
    decision_date = models.DateField(_("decision date"))
    decision_paragraph = models.CharField(_("decision paragraph"), max_length=50)
    archived_at = models.DateTimeField(_("archived"), default=timezone.now)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("archived report")
        verbose_name_plural = _("archived reports")
        ordering = ["-archived_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableError("An archived report is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("An archived report is never deleted.")

    def verify(self) -> bool:
        """Whether the stored PDF still has the checksum recorded when it was archived."""
        with self.pdf.open("rb") as file:
            return sha256_of(file.read()) == self.pdf_sha256


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
