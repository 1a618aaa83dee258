"""Internal control: the risk matrix, each board's control plan with its processes, risks and controls, and the
results reported on the controls.

Decisions recorded here (they are the rules the views and services enforce):
- The risk matrix is municipality-wide and versioned. A matrix that a plan uses is never changed in place: an
  edit makes a new version (services.save_matrix), so an old plan keeps the scale it was made with.
- Risk score = likelihood × consequence. Bands are given by three thresholds on the score; with the default
  4 × 4 matrix: low 1–3, medium 4–7, high 8–11, very high 12–16.
- A plan is a draft until the board adopts it (decision date). An adopted plan's processes, risks and controls
  are locked until the plan is reopened; results and actions are reported on it all year. A closed year is
  read-only altogether.
- A reported result is never edited: a correction is a new result that supersedes it; both are kept and only
  the newest counts.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from styrmodell.models import OrgUnit, Year

DEFAULT_LIKELIHOOD_LABELS = ["Osannolik", "Mindre sannolik", "Möjlig", "Sannolik"]
DEFAULT_CONSEQUENCE_LABELS = ["Försumbar", "Lindrig", "Kännbar", "Allvarlig"]


class Band(models.TextChoices):
    """How serious a risk score is; the thresholds live on the matrix."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


class RiskMatrixQuerySet(models.QuerySet):
    def current(self) -> RiskMatrix:
        """The matrix new plans use; the default 4 × 4 matrix is created the first time it is asked for."""
        matrix = self.filter(is_current=True).order_by("-version").first()
        if matrix is None:
            matrix = RiskMatrix.objects.create(version=1, is_current=True)
        return matrix


def _default_likelihood_labels() -> list[str]:
    return list(DEFAULT_LIKELIHOOD_LABELS)


def _default_consequence_labels() -> list[str]:
    return list(DEFAULT_CONSEQUENCE_LABELS)


class RiskMatrix(models.Model):
    """The scale risks are assessed on: labels per level of likelihood and consequence, and the band thresholds."""

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    is_current = models.BooleanField(_("current"), default=False)
    likelihood_labels = models.JSONField(_("likelihood levels"), default=_default_likelihood_labels)
    consequence_labels = models.JSONField(_("consequence levels"), default=_default_consequence_labels)
    medium_from = models.PositiveSmallIntegerField(_("medium from score"), default=4)
    high_from = models.PositiveSmallIntegerField(_("high from score"), default=8)
    very_high_from = models.PositiveSmallIntegerField(_("very high from score"), default=12)
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects = RiskMatrixQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk matrix")
        verbose_name_plural = _("risk matrices")
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(medium_from__gt=1)
                & models.Q(high_from__gt=models.F("medium_from"))
                & models.Q(very_high_from__gt=models.F("high_from")),
                name="ic_matrix_band_thresholds_ascending",
            ),
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="ic_one_current_matrix"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Risk matrix')} {self.version}"

    @property
    def likelihood_levels(self) -> int:
        return len(self.likelihood_labels)

    @property
    def consequence_levels(self) -> int:
        return len(self.consequence_labels)

    @property
    def max_score(self) -> int:
        return self.likelihood_levels * self.consequence_levels

    def band_for(self, score: int) -> Band:
        if score >= self.very_high_from:
            return Band.VERY_HIGH
        if score >= self.high_from:
            return Band.HIGH
        if score >= self.medium_from:
            return Band.MEDIUM
        return Band.LOW

    def band_ranges(self) -> list[tuple[Band, int, int]]:
        """Each band with its lowest and highest score, for the legend."""
        return [
            (Band.LOW, 1, self.medium_from - 1),
            (Band.MEDIUM, self.medium_from, self.high_from - 1),
            (Band.HIGH, self.high_from, self.very_high_from - 1),
            (Band.VERY_HIGH, self.very_high_from, self.max_score),
        ]

    def likelihood_label(self, level: int) -> str:
        return self.likelihood_labels[level - 1] if 0 < level <= self.likelihood_levels else str(level)

    def consequence_label(self, level: int) -> str:
        return self.consequence_labels[level - 1] if 0 < level <= self.consequence_levels else str(level)


class ControlPlanQuerySet(models.QuerySet):
    def adopted(self) -> ControlPlanQuerySet:
        return self.filter(status=ControlPlan.Status.ADOPTED)

    def for_year(self, year: Year | int) -> ControlPlanQuerySet:
        return self.filter(year__year=year if isinstance(year, int) else year.year)


class ControlPlan(models.Model):
    """A board's internal-control plan (internkontrollplan) for one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", pgettext_lazy("control plan", "Adopted")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    board = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="control_plans", verbose_name=_("board")
    )
    year = models.ForeignKey(
        Year, on_delete=models.PROTECT, related_name="control_plans", verbose_name=_("year")
    )
    matrix = models.ForeignKey(
        RiskMatrix, on_delete=models.PROTECT, related_name="plans", verbose_name=_("risk matrix")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_paragraph = models.CharField(_("decision paragraph"), max_length=50, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects = ControlPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("control plan")
        verbose_name_plural = _("control plans")
        ordering = ["-year__year", "board__path"]
        constraints = [
            models.UniqueConstraint(fields=["board", "year"], name="ic_one_plan_per_board_and_year")
        ]

    def __str__(self) -> str:
        return f"{_('Control plan')} {self.board} {self.year.year}"

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED


class Process(models.Model):
    """A work process or routine in the plan's process register."""

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        ControlPlan, on_delete=models.CASCADE, related_name="processes", verbose_name=_("plan")
    )
    name = models.CharField(_("process or routine"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.CharField(
        _("process owner"), max_length=200, help_text=_("A function, e.g. Förvaltningschef.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="ic_process_name_unique_in_plan")
        ]

    def __str__(self) -> str:
        return self.name


class Risk(models.Model):
    class Category(models.TextChoices):
        ENVIRONMENT = "environment", _("External environment")
        OPERATIONS = "operations", _("Operations")
        LEGAL = "legal", _("Legal")
        IT = "it", _("IT")
        REPORTING = "reporting", _("Reporting")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        ControlPlan, on_delete=models.CASCADE, related_name="risks", verbose_name=_("plan")
    )
    process = models.ForeignKey(
        Process, on_delete=models.PROTECT, related_name="risks", verbose_name=_("process")
    )
    description = models.TextField(_("risk"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    consequence = models.PositiveSmallIntegerField(_("consequence"))
    # Stored (not only computed) so the ranked list is ordered by the database; kept in step by save().
    score = models.PositiveSmallIntegerField(_("risk score"), editable=False)
    owner = models.CharField(_("risk owner"), max_length=200)
    mitigation = models.TextField(_("planned mitigation"), blank=True)
    goal = models.ForeignKey(
        "goals.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name=_("threatened goal"),
        help_text=_("The risk of not reaching this goal of the board."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["-score", "-consequence", "description"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1) & models.Q(consequence__gte=1),
                name="ic_risk_levels_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(score=models.F("likelihood") * models.F("consequence")),
                name="ic_risk_score_is_product",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def save(self, *args, **kwargs) -> None:
        self.score = self.likelihood * self.consequence
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"likelihood", "consequence"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "score"}
        super().save(*args, **kwargs)

    def band(self, matrix: RiskMatrix) -> Band:
        return matrix.band_for(self.score)


class Frequency(models.TextChoices):
    YEARLY = "yearly", _("Once a year")
    TERTIAL = "tertial", _("Every tertial")
    MONTHLY = "monthly", _("Monthly")


OCCURRENCES = {Frequency.YEARLY: 1, Frequency.TERTIAL: 3, Frequency.MONTHLY: 12}


@dataclass(frozen=True)
class Occurrence:
    number: int
    label: str
    ends: datetime.date


def occurrences_of(frequency: str, year: int) -> list[Occurrence]:
    """The occasions a control is carried out in a year, each with the last day of the time it covers."""
    if frequency == Frequency.YEARLY:
        return [Occurrence(1, str(_("Year %(year)s") % {"year": year}), datetime.date(year, 12, 31))]
    if frequency == Frequency.TERTIAL:
        ends = [datetime.date(year, 4, 30), datetime.date(year, 8, 31), datetime.date(year, 12, 31)]
        return [Occurrence(i, str(_("Tertial %(n)s") % {"n": i}), end) for i, end in enumerate(ends, start=1)]
    return [
        Occurrence(
            month,
            str(MONTHS[month]),
            datetime.date(year, month, calendar.monthrange(year, month)[1]),
        )
        for month in range(1, 13)
    ]


class Control(models.Model):
    """A control (kontrollmoment) that checks a risk."""

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="controls", verbose_name=_("risk"))
    what = models.CharField(_("what is checked"), max_length=300)
    method = models.TextField(_("method"))
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_controls",
        verbose_name=_("control owner"),
    )
    report_to = models.CharField(_("reported to"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("control")
        verbose_name_plural = _("controls")
        ordering = ["what"]

    def __str__(self) -> str:
        return self.what

    @property
    def occurrence_count(self) -> int:
        return OCCURRENCES[self.frequency]

    def occurrences(self, year: int) -> list[Occurrence]:
        return occurrences_of(self.frequency, year)


class ControlResultQuerySet(models.QuerySet):
    def current(self) -> ControlResultQuerySet:
        return self.filter(is_current=True)


class ControlResult(models.Model):
    """The result of one occurrence of a control. Never edited: a correction supersedes it."""

    class Outcome(models.TextChoices):
        NO_REMARK = "no_remark", _("No remark")
        DEVIATION = "deviation", _("Deviation")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    control = models.ForeignKey(
        Control, on_delete=models.PROTECT, related_name="results", verbose_name=_("control")
    )
    occurrence = models.PositiveSmallIntegerField(_("occurrence"))
    performed_on = models.DateField(_("date performed"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    findings = models.TextField(_("findings"), blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    # Only this flag of an older result changes, when a correction replaces it; its content never does.
    is_current = models.BooleanField(_("current"), default=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)

    objects = ControlResultQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("control result")
        verbose_name_plural = _("control results")
        ordering = ["occurrence", "-reported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["control", "occurrence"],
                condition=models.Q(is_current=True),
                name="ic_one_current_result_per_occurrence",
            ),
            models.CheckConstraint(
                condition=models.Q(occurrence__gte=1), name="ic_result_occurrence_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.control} – {self.occurrence}: {self.get_outcome_display()}"

    @property
    def is_deviation(self) -> bool:
        return self.outcome == self.Outcome.DEVIATION


class ActionQuerySet(models.QuerySet):
    def open(self) -> ActionQuerySet:
        return self.filter(status=Action.Status.OPEN)


class Action(models.Model):
    """An action (åtgärd) decided because of a result, with its owner and due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    result = models.ForeignKey(
        ControlResult, on_delete=models.CASCADE, related_name="actions", verbose_name=_("result")
    )
    description = models.TextField(_("action"))
    owner = models.CharField(_("responsible"), max_length=200)
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date", "description"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.due_date < today
