"""HOW the goals are reached: commitments (åtaganden) of units and employees, and their status reports."""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.db import connection, models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from styrmodell.models import OrgUnit, Period, Year


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DELAYED = "delayed", _("Delayed")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# A report with one of these statuses must explain itself.
STATUSES_NEEDING_COMMENT = frozenset({Status.AT_RISK, Status.DELAYED})
# A commitment that reached one of these no longer has to be reported on.
FINISHED_STATUSES = frozenset({Status.DONE, Status.CANCELLED})
# The statuses a board reads as deviations from the plan.
DEVIATION_STATUSES = frozenset({Status.AT_RISK, Status.DELAYED})
# The key used in counts for a commitment with no report in the period.
UNREPORTED = "unreported"
STATUS_LABELS = {**dict(Status.choices), UNREPORTED: _("Not reported")}


class CommitmentQuerySet(models.QuerySet):
    def of_units(self) -> CommitmentQuerySet:
        return self.filter(owner__isnull=True)

    def of_employees(self) -> CommitmentQuerySet:
        return self.filter(owner__isnull=False)

    def in_subtree(self, unit: OrgUnit) -> CommitmentQuerySet:
        return self.filter(unit__path__startswith=unit.path)

    def finished_before(self, period: Period) -> CommitmentQuerySet:
        """Commitments reported done or cancelled in an earlier period of the same year."""
        earlier = StatusReport.objects.filter(
            commitment=OuterRef("pk"),
            period__year_id=period.year_id,
            period__ends__lt=period.ends,
            status__in=FINISHED_STATUSES,
        )
        return self.filter(Exists(earlier))

    def expected_in(self, period: Period) -> CommitmentQuerySet:
        """Commitments of the period's year that still have to be reported on in it."""
        earlier = StatusReport.objects.filter(
            commitment=OuterRef("pk"),
            period__year_id=period.year_id,
            period__ends__lt=period.ends,
            status__in=FINISHED_STATUSES,
        )
        return self.filter(year_id=period.year_id).exclude(Exists(earlier))

    def unreported(self, period: Period) -> CommitmentQuerySet:
        reported = StatusReport.objects.filter(commitment=OuterRef("pk"), period=period)
        return self.expected_in(period).exclude(Exists(reported))


class Commitment(models.Model):
    """A commitment of a unit (no owner) or of one named employee (owner set, broken down from a unit's).

    `version` is raised on every save through `services.save_commitment`, which refuses a save based on an
    older version, so two people editing at once never overwrite each other silently.
    """

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("unit")
    )
    # No index of its own: the (year, unit) and (year, unit_path) indexes below lead with the year. With a third,
    # PostgreSQL preferred scanning the whole year through it and filtering each row to combining the subtree
    # ranges of (year, unit_path) (BENCHMARKS.md, benchmark 6).
    year = models.ForeignKey(
        Year, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("year"), db_index=False
    )
    goals = models.ManyToManyField(
        "goals.Goal", related_name="commitments", blank=True, verbose_name=_("contributes to goals")
    )
    title = models.CharField(_("commitment"), max_length=300)
    description = models.TextField(_("how"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments_responsible",
        verbose_name=_("responsible"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments_owned",
        verbose_name=_("employee"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="employee_commitments",
        verbose_name=_("part of"),
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", editable=False
    )
    carried_over_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_over_to",
        editable=False,
    )
    # The unit's materialised path, kept here so that "what may this user see" is a range scan of an index on
    # (year, unit_path) instead of joining every commitment of the year to its unit (BENCHMARKS.md, benchmark 6).
    # Set on save from the unit; `OrgUnit.move` rewrites it for moved subtrees (`sync_unit_paths`).
    unit_path = models.CharField(max_length=255, default="", editable=False)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = CommitmentQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[goals], excluded_fields=["unit_path"])

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["unit__path", "title"]
        # A single-object delegation (see CommitmentDelegation): this person may report on this unit commitment.
        permissions = [("report_commitment", _("May report on the commitment"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts__lte=models.F("ends")),
                name="commitments_starts_before_ends",
                violation_error_message=_("The end date must not be before the start date."),
            ),
            # An employee commitment is always a part of a unit's commitment; a unit commitment has no owner.
            models.CheckConstraint(
                condition=Q(owner__isnull=True, parent__isnull=True)
                | Q(owner__isnull=False, parent__isnull=False),
                name="commitments_employee_has_parent",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "unit"], name="commitments_year_unit"),
            # varchar_pattern_ops: `unit_path LIKE 'prefix%'` uses the index whatever the database's collation.
            models.Index(
                fields=["year", "unit_path"],
                name="commitments_year_unit_path",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
            # The unit view's order has an index of its own on PostgreSQL (migration 0007; SQLite cannot index
            # NULLS FIRST).
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if self.unit_id and (update_fields is None or "unit" in update_fields):
            self.unit_path = self.unit.path
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "unit_path"}
        super().save(*args, **kwargs)

    @property
    def is_personal(self) -> bool:
        """An employee commitment: personal data, visible to the employee, the managers above and admins."""
        return self.owner_id is not None

    @property
    def reporter(self):
        """The person who reports on the commitment: its employee, else the responsible person."""
        return self.owner if self.owner_id else self.responsible


class StatusReport(models.Model):
    """The status of one commitment in one reporting period."""

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reports")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="commitment_reports")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "period"], name="commitments_one_report_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.get_status_display()} ({self.period})"

    @property
    def is_deviation(self) -> bool:
        return self.status in DEVIATION_STATUSES


class ReminderLog(models.Model):
    """One reminder sent; the unique key makes sending idempotent."""

    class Kind(models.TextChoices):
        OWNER = "owner", _("Own commitments")
        MANAGER = "manager", _("Summary for a manager")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    days_before = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period", "days_before", "kind"], name="commitments_one_reminder_per_deadline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.period} {self.days_before}"


class CommitmentDelegation(UserObjectPermissionBase):
    """django-guardian's object permission with a direct key: a manager lets one person report on one unit
    commitment ("this employee may report on that unit commitment") without giving them a role on the unit."""

    content_object = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="delegations")
    granted_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("reporting delegation")
        verbose_name_plural = _("reporting delegations")

    def __str__(self) -> str:
        return f"{self.user} – {self.content_object}"


def sync_unit_paths() -> int:
    """Copy every unit's current path onto its commitments where they differ (after the tree was moved; a move
    may also shift the paths of the siblings' subtrees). One UPDATE; returns the number of rows changed."""
    table = Commitment._meta.db_table
    units = OrgUnit._meta.db_table
    # Table names come from the models; there are no values.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET unit_path = (SELECT path FROM {units} WHERE {units}.id = {table}.unit_id) "  # noqa: S608
            f"WHERE unit_path <> (SELECT path FROM {units} WHERE {units}.id = {table}.unit_id)"
        )
        return cursor.rowcount


class UnitAnalysis(models.Model):
    """A unit manager's short analysis of one period: what went well, what did not, what comes next. Read by the
    managers above and the board; gathered under the goals it concerns in the board's report."""

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="unit_analyses", verbose_name=_("unit")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="unit_analyses", verbose_name=_("reporting period")
    )
    went_well = models.TextField(_("what went well"), blank=True)
    went_badly = models.TextField(_("what did not go well"), blank=True)
    next_steps = models.TextField(_("what we do next"), blank=True)
    goals = models.ManyToManyField(
        "goals.Goal", related_name="unit_analyses", blank=True, verbose_name=_("concerns the goals")
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    history = HistoricalRecords(m2m_fields=[goals])

    class Meta:
        verbose_name = _("unit analysis")
        verbose_name_plural = _("unit analyses")
        ordering = ["period__ends", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="commitments_one_analysis_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"

    @property
    def is_empty(self) -> bool:
        return not (self.went_well.strip() or self.went_badly.strip() or self.next_steps.strip())
