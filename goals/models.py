"""WHAT is to be achieved: the vision, the council's directions, each board's goals with indicators."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrmodell.models import OrgUnit, Period, Year

from .revision_models import GoalRevision  # noqa: F401  (goal versions, registered with the app here)


class Light(models.TextChoices):
    """An indicator's traffic light for one period (computed, never stored). Always shown with its text."""

    GREEN = "green", _("Target reached")
    YELLOW = "yellow", _("Close to target")
    RED = "red", _("Target not reached")
    NONE = "none", _("No outcome or target")


class VisionQuerySet(models.QuerySet):
    def valid_in(self, year: int) -> VisionQuerySet:
        return self.filter(is_active=True, valid_from__lte=year, valid_to__gte=year)


class Vision(models.Model):
    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    title_fi = models.CharField(_("title in Finnish"), max_length=200, blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    partner = models.CharField(_("shared with"), max_length=200, blank=True)
    partner_fi = models.CharField(
        _("shared with, in Finnish"),
        max_length=200,
        blank=True,
        help_text=_("The partner's name as Finnish writes it after “Yhteinen visio … kanssa”, e.g. Tornion."),
    )
    valid_from = models.PositiveSmallIntegerField(_("valid from (year)"))
    valid_to = models.PositiveSmallIntegerField(_("valid to (year)"))
    is_active = models.BooleanField(_("active"), default=True)

    objects = VisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vision")
        verbose_name_plural = _("visions")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.title


class DirectionQuerySet(models.QuerySet):
    def valid_in(self, year: int) -> DirectionQuerySet:
        return self.filter(valid_from__lte=year, valid_to__gte=year)


class Direction(models.Model):
    """A council direction (inriktning), valid for one to three years."""

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    vision = models.ForeignKey(
        Vision, on_delete=models.PROTECT, related_name="directions", verbose_name=_("vision")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    title_fi = models.CharField(_("title in Finnish"), max_length=300, blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    valid_from = models.PositiveSmallIntegerField(_("valid from (year)"))
    valid_to = models.PositiveSmallIntegerField(_("valid to (year)"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = DirectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("direction")
        verbose_name_plural = _("directions")
        ordering = ["position", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from"))
                & models.Q(valid_to__lte=models.F("valid_from") + 2),
                name="goals_direction_one_to_three_years",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BoardProfile(models.Model):
    """What a board says about itself: its mission statement (verksamhetsidé)."""

    board = models.OneToOneField(OrgUnit, on_delete=models.CASCADE, related_name="profile")
    mission_statement = models.TextField(_("mission statement"), blank=True)
    mission_statement_fi = models.TextField(_("mission statement in Finnish"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("board profile")
        verbose_name_plural = _("board profiles")

    def __str__(self) -> str:
        return str(self.board)


class GoalQuerySet(models.QuerySet):
    def adopted(self) -> GoalQuerySet:
        return self.filter(status=Goal.Status.ADOPTED)

    def for_year(self, year: Year | int) -> GoalQuerySet:
        return self.filter(year__year=year if isinstance(year, int) else year.year)


class Goal(models.Model):
    """A board's goal (nämndmål) for one year under a council direction."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    board = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="goals", verbose_name=_("board")
    )
    year = models.ForeignKey(Year, on_delete=models.PROTECT, related_name="goals", verbose_name=_("year"))
    direction = models.ForeignKey(
        Direction, on_delete=models.PROTECT, related_name="goals", verbose_name=_("direction")
    )
    title = models.CharField(_("goal"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    title_fi = models.CharField(_("goal in Finnish"), max_length=500, blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    target_year = models.PositiveSmallIntegerField(_("to be reached by (year)"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_paragraph = models.CharField(_("decision paragraph"), max_length=50, blank=True)
    # The three SMART criteria no data can decide are confirmed by the board, with a short motivation.
    smart_specific = models.BooleanField(_("specific"), default=False)
    smart_specific_motivation = models.CharField(_("why it is specific"), max_length=500, blank=True)
    smart_accepted = models.BooleanField(_("accepted"), default=False)
    smart_accepted_motivation = models.CharField(_("why it is accepted"), max_length=500, blank=True)
    smart_realistic = models.BooleanField(_("realistic"), default=False)
    smart_realistic_motivation = models.CharField(_("why it is realistic"), max_length=500, blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", editable=False
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects = GoalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["position", "title"]
        indexes = [models.Index(fields=["board", "year"], name="goals_goal_board_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED


class IndicatorKind(models.TextChoices):
    """What an indicator counts; decides which values are plausible (see `KIND_RULES` and goals/plausibility.py)."""

    SHARE = "share", _("Share in per cent")
    COUNT = "count", _("Count")
    AMOUNT_KR = "amount_kr", _("Amount in kr")
    AMOUNT_TKR = "amount_tkr", _("Amount in tkr")
    RATIO = "ratio", _("Ratio")
    INDEX = "index", _("Index")


class Indicator(models.Model):
    class Better(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered manually")
        EXCEL = "excel", _("Excel import")
        KOLADA = "kolada", _("Kolada")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("goal")
    )
    name = models.CharField(_("name"), max_length=300)
    name_fi = models.CharField(_("name in Finnish"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=30, help_text=_("For example %, kr or antal."))
    better = models.CharField(
        _("which direction is better"), max_length=10, choices=Better.choices, default=Better.HIGHER
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_("How far from the target an outcome may be and still count as yellow rather than red."),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    kolada_kpi = models.CharField(_("Kolada KPI id"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # What the indicator counts, and (when the kind's defaults do not fit) its own range and precision.
    kind = models.CharField(_("kind of figure"), max_length=12, choices=IndicatorKind.choices, blank=True)
    min_value = models.DecimalField(
        _("lowest possible value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("highest possible value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(models.Model):
    """The target level of an indicator for one year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target level"), max_digits=14, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target level")
        verbose_name_plural = _("target levels")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="goals_one_target_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.year})"


class IndicatorOutcome(models.Model):
    """The measured value of an indicator for one reporting period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="outcomes")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="indicator_outcomes")
    value = models.DecimalField(_("outcome"), max_digits=14, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Indicator.Source.choices, default=Indicator.Source.MANUAL
    )
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    entered_at = models.DateTimeField(default=timezone.now)
    # Far outside the indicator's own history (goals/plausibility.py) and confirmed by the person who entered it.
    # A database default too: the Excel import's bulk statement on PostgreSQL names its columns.
    is_unusual = models.BooleanField(_("unusual value, confirmed"), default=False, db_default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="goals_one_outcome_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.period})"


class GoalAssessment(models.Model):
    """The board's assessment of a goal in one period."""

    class Verdict(models.TextChoices):
        FULFILLED = "fulfilled", _("Fulfilled")
        PARTLY = "partly", _("Partly fulfilled")
        NOT_FULFILLED = "not_fulfilled", _("Not fulfilled")
        NOT_ASSESSED = "not_assessed", _("Not assessed")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="assessments")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="goal_assessments")
    verdict = models.CharField(
        _("assessment"), max_length=20, choices=Verdict.choices, default=Verdict.NOT_ASSESSED
    )
    analysis = models.TextField(_("analysis"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    assessed_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal assessment")
        verbose_name_plural = _("goal assessments")
        constraints = [
            models.UniqueConstraint(fields=["goal", "period"], name="goals_one_assessment_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.get_verdict_display()} ({self.period})"


# --- Kolada's catalogue, cached -------------------------------------------------------------------------------


class KoladaKpiQuerySet(models.QuerySet):
    def search(self, text: str) -> KoladaKpiQuerySet:
        """KPIs whose id starts with `text` or whose title contains it (case-insensitive)."""
        text = text.strip()
        if not text:
            return self.none()
        return self.filter(models.Q(kpi_id__istartswith=text) | models.Q(title__icontains=text))


class KoladaKpi(models.Model):
    """One key figure of Kolada's catalogue, as last fetched (`/v3/kpi`); read offline when linking indicators."""

    kpi_id = models.CharField(_("Kolada KPI id"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=500, db_index=True)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    operating_area = models.CharField(_("operating area"), max_length=300, blank=True)
    # Indexed: the catalogue search asks for the latest fetch on every keystroke (goals/kolada.py).
    fetched_at = models.DateTimeField(_("fetched at"), default=timezone.now, db_index=True)

    objects = KoladaKpiQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kolada key figure")
        verbose_name_plural = _("Kolada key figures")
        ordering = ["kpi_id"]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.title}"


class KoladaComparison(models.Model):
    """A KPI's value for a comparison series in one year: the national average (Kolada's "0000", Riket) or the
    average of a group of similar municipalities. Stored by the import; shown in the indicator's chart."""

    class Series(models.TextChoices):
        COUNTRY = "country", _("All of Sweden")
        GROUP = "group", _("Similar municipalities")

    kpi_id = models.CharField(_("Kolada KPI id"), max_length=20)
    series = models.CharField(_("series"), max_length=10, choices=Series.choices)
    label = models.CharField(_("label"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    fetched_at = models.DateTimeField(_("fetched at"), default=timezone.now)

    class Meta:
        verbose_name = _("Kolada comparison")
        verbose_name_plural = _("Kolada comparisons")
        ordering = ["kpi_id", "series", "year"]
        constraints = [
            models.UniqueConstraint(fields=["kpi_id", "series", "year"], name="goals_one_comparison_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.series} {self.year}: {self.value}"


class KoladaImportRun(models.Model):
    """One run of the weekly Kolada import (catalogue, comparisons and outcomes): what it did and what failed, in
    words the administrator can act on."""

    started = models.DateTimeField(_("started"), default=timezone.now)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    kpis = models.PositiveIntegerField(_("key figures in the catalogue"), default=0)
    messages = models.JSONField(_("messages"), default=list, blank=True)

    class Meta:
        verbose_name = _("Kolada import")
        verbose_name_plural = _("Kolada imports")
        ordering = ["-started"]

    def __str__(self) -> str:
        return f"Kolada {self.started:%Y-%m-%d %H:%M}"
