"""The budget process of one planning year (the seed's section 5): the council's budget directive with its
assumptions and a frame per board, each board's environment analysis and budget requests, the budget
preparation's decisions on them, the budget and strategy plan adopted in June (archived as an immutable document),
and each board's working budget divided between its units.

A process is kept by the `Year` in which the work is done: the directive adopted in December before it, the
requests and the preparation in spring, the plan in June and the working budgets in November–December all prepare
the budget of the following year (`budget_year`), and the plan carries the council's directions for the 1–3 years
after the planning year.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal
from uuid import uuid4

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrmodell.models import OrgUnit, Year

# Sane limits in thousands of kronor: a frame of at most 100 billion kronor, a request of at most ±10 billion.
MAX_FRAME = Decimal("100000000")
MAX_REQUEST = Decimal("10000000")
AMOUNT_DIGITS = 14


def amount_field(verbose_name, *, limit: Decimal, signed: bool, **kwargs) -> models.DecimalField:
    low = -limit if signed else Decimal("0")
    return models.DecimalField(
        verbose_name,
        max_digits=AMOUNT_DIGITS,
        decimal_places=1,
        validators=[MinValueValidator(low), MaxValueValidator(limit)],
        **kwargs,
    )


# --- the calendar ---------------------------------------------------------------------------------------------


class BudgetCalendar(models.Model):
    """The dates of one year's budget process (defaults from the seed; see `defaults_for`)."""

    year = models.OneToOneField(
        Year, on_delete=models.CASCADE, related_name="budget_calendar", verbose_name=_("year")
    )
    directive_date = models.DateField(_("budget directive adopted"))
    requests_from = models.DateField(_("budget requests from"))
    requests_due = models.DateField(_("budget requests due"))
    preparation_from = models.DateField(_("budget preparation from"))
    preparation_to = models.DateField(_("budget preparation until"))
    plan_date = models.DateField(_("budget and strategy plan adopted"))
    working_budget_from = models.DateField(_("working budgets from"))
    working_budget_to = models.DateField(_("working budgets until"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget calendar")
        verbose_name_plural = _("budget calendars")

    def __str__(self) -> str:
        return str(self.year)

    @classmethod
    def defaults_for(cls, year: int) -> dict[str, datetime.date]:
        """The seed's calendar: the directive in December before the planning year, requests in January–February,
        the preparation from February to April, the plan in June and the working budgets in November–December."""
        return {
            "directive_date": datetime.date(year - 1, 12, 15),
            "requests_from": datetime.date(year, 1, 1),
            "requests_due": datetime.date(year, 2, 28),
            "preparation_from": datetime.date(year, 2, 1),
            "preparation_to": datetime.date(year, 4, 30),
            "plan_date": datetime.date(year, 6, 15),
            "working_budget_from": datetime.date(year, 11, 1),
            "working_budget_to": datetime.date(year, 12, 31),
        }

    @classmethod
    def for_year(cls, year: Year) -> BudgetCalendar:
        """The stored calendar, or an unsaved one with the defaults (reading never writes)."""
        stored = cls.objects.filter(year=year).first()
        return stored or cls(year=year, **cls.defaults_for(year.year))


# --- the directive --------------------------------------------------------------------------------------------


class Directive(models.Model):
    """The council's budget directive (budgetdirektiv) for one year's budget process."""

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    year = models.OneToOneField(
        Year, on_delete=models.PROTECT, related_name="budget_directive", verbose_name=_("year")
    )
    assumptions = models.TextField(
        _("assumptions"),
        blank=True,
        help_text=_("Tax rate, population, price and wage index and other premises of the planning."),
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_paragraph = models.CharField(_("decision paragraph"), max_length=50, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget directive")
        verbose_name_plural = _("budget directives")
        ordering = ["-year__year"]

    def __str__(self) -> str:
        return f"{_('Budget directive')} {self.year}"


class DirectiveFrame(models.Model):
    """A board's budget frame in the directive (tkr)."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="frames")
    board = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("board"))
    amount = amount_field(_("frame (tkr)"), limit=MAX_FRAME, signed=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("frame in the budget directive")
        verbose_name_plural = _("frames in the budget directive")
        ordering = ["board__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "board"], name="budget_one_directive_frame_per_board"
            )
        ]

    def __str__(self) -> str:
        return f"{self.board}: {self.amount}"


# --- the boards' work -----------------------------------------------------------------------------------------


class EnvironmentAnalysis(models.Model):
    """A board's environment analysis (omvärldsanalys) for one year's budget process."""

    board = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("board"))
    year = models.ForeignKey(Year, on_delete=models.PROTECT, related_name="+", verbose_name=_("year"))
    text = models.TextField(_("environment analysis"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("environment analysis")
        verbose_name_plural = _("environment analyses")
        constraints = [
            models.UniqueConstraint(fields=["board", "year"], name="budget_one_analysis_per_board_year")
        ]

    def __str__(self) -> str:
        return f"{self.board} {self.year}"


class BudgetRequestQuerySet(models.QuerySet):
    def submitted(self) -> BudgetRequestQuerySet:
        return self.filter(status=BudgetRequest.Status.SUBMITTED)


class BudgetRequest(models.Model):
    """A board's budget request (äskande) to the budget preparation, and the preparation's decision on it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Not decided")
        APPROVED = "approved", _("Approved")
        PARTLY = "partly", _("Partly approved")
        REFUSED = "refused", _("Refused")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    board = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="budget_requests", verbose_name=_("board")
    )
    year = models.ForeignKey(
        Year, on_delete=models.PROTECT, related_name="budget_requests", verbose_name=_("year")
    )
    title = models.CharField(_("title"), max_length=300)
    amount = amount_field(
        _("requested amount (tkr)"),
        limit=MAX_REQUEST,
        signed=True,
        help_text=_("Thousands of kronor; negative for a saving the board offers."),
    )
    justification = models.TextField(_("justification"))
    goal = models.ForeignKey(
        "goals.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal"),
    )
    direction = models.ForeignKey(
        "goals.Direction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("direction"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    approved_amount = models.DecimalField(
        _("approved amount (tkr)"), max_digits=AMOUNT_DIGITS, decimal_places=1, null=True, blank=True
    )
    decision_comment = models.TextField(_("comment on the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects = BudgetRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget request")
        verbose_name_plural = _("budget requests")
        ordering = ["board__path", "created"]
        indexes = [models.Index(fields=["year", "status"], name="budget_request_year_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_decided(self) -> bool:
        return self.decision != self.Decision.PENDING

    @property
    def granted(self) -> Decimal:
        """What the decision adds to the board's frame."""
        if self.decision == self.Decision.APPROVED:
            return self.amount
        if self.decision == self.Decision.PARTLY and self.approved_amount is not None:
            return self.approved_amount
        return Decimal("0")


# --- the budget and strategy plan -----------------------------------------------------------------------------


class StrategyPlan(models.Model):
    """The budget and strategy plan (Budget- och strategiplan) the council adopts in June."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    year = models.OneToOneField(
        Year, on_delete=models.PROTECT, related_name="strategy_plan", verbose_name=_("year")
    )
    introduction = models.TextField(_("introduction"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_paragraph = models.CharField(_("decision paragraph"), max_length=50, blank=True)
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget and strategy plan")
        verbose_name_plural = _("budget and strategy plans")
        ordering = ["-year__year"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return f"{_('Budget and strategy plan')} {self.year.year + 1}–{self.year.year + 3}"

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED


class PlanFrame(models.Model):
    """A board's frame in the plan: the directive's frame plus the approved requests, adjustable before
    adoption."""

    plan = models.ForeignKey(StrategyPlan, on_delete=models.CASCADE, related_name="frames")
    board = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("board"))
    directive_amount = models.DecimalField(
        _("frame in the directive (tkr)"), max_digits=AMOUNT_DIGITS, decimal_places=1, default=Decimal("0")
    )
    approved_amount = models.DecimalField(
        _("approved requests (tkr)"), max_digits=AMOUNT_DIGITS, decimal_places=1, default=Decimal("0")
    )
    amount = amount_field(_("frame (tkr)"), limit=MAX_FRAME, signed=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("frame in the budget and strategy plan")
        verbose_name_plural = _("frames in the budget and strategy plan")
        ordering = ["board__path"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "board"], name="budget_one_plan_frame_per_board")
        ]

    def __str__(self) -> str:
        return f"{self.board}: {self.amount}"


class ImmutableError(Exception):
    pass


class ArchivedPlan(models.Model):
    """The immutable, dated snapshot of an adopted plan: its HTML and PDF (with the PDF's SHA-256 checksum)."""

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    plan = models.OneToOneField(StrategyPlan, on_delete=models.PROTECT, related_name="archived")
    title = models.CharField(_("title"), max_length=300)
    html = models.TextField()
    pdf = models.FileField(upload_to="budget/archive/%Y/")
    pdf_sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    pdf_size = models.PositiveIntegerField()
    decision_date = models.DateField(_("decision date"))
    decision_paragraph = models.CharField(_("decision paragraph"), max_length=50)
    archived_at = models.DateTimeField(_("archived"), default=timezone.now)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("archived budget and strategy plan")
        verbose_name_plural = _("archived budget and strategy plans")
        ordering = ["-archived_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableError("An archived plan is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("An archived plan is never deleted.")

    def verify(self) -> bool:
        """Whether the stored PDF still has the checksum recorded when it was archived."""
        with self.pdf.open("rb") as file:
            return hashlib.sha256(file.read()).hexdigest() == self.pdf_sha256


# --- the working budget ---------------------------------------------------------------------------------------


class WorkingBudgetLine(models.Model):
    """One unit's share of its board's frame (tkr) in the working budget (arbetsbudget). The lines of a board
    always add up to the board's frame in the adopted plan: they are written all at once or not at all."""

    board = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("board"))
    year = models.ForeignKey(Year, on_delete=models.PROTECT, related_name="+", verbose_name=_("year"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    amount = amount_field(_("amount (tkr)"), limit=MAX_FRAME, signed=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working budget line")
        verbose_name_plural = _("working budget lines")
        ordering = ["unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="budget_one_working_line_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.amount}"
