"""The core: people, the organisation tree, roles on its nodes, years and reporting periods."""

from __future__ import annotations

import datetime
from uuid import uuid4

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet


class User(AbstractUser):
    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    title = models.CharField(_("job title"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    """A role held on a node of the organisation tree; it reaches the node's whole subtree."""

    ADMIN = "admin", _("Administrator")
    COUNCIL = "council", _("Council member")
    BOARD_MEMBER = "board_member", _("Elected board member")
    SECRETARY = "secretary", _("Board secretary")
    MANAGER = "manager", _("Manager")
    EMPLOYEE = "employee", _("Employee")
    CONTROLLER = "controller", _("Controller")
    IC_OFFICER = "ic_officer", _("Internal-control officer")

    @property
    def codename(self) -> str:
        return f"role_{self.value}"


ROLE_BY_CODENAME = {role.codename: role for role in Role}


class OrgUnitQuerySet(MP_NodeQuerySet):
    def active(self) -> OrgUnitQuerySet:
        return self.filter(is_active=True)

    def boards(self) -> OrgUnitQuerySet:
        return self.filter(kind=OrgUnit.Kind.BOARD)

    def subtree_of(self, unit: OrgUnit) -> OrgUnitQuerySet:
        return self.filter(path__startswith=unit.path)


# Sent after a subtree moved (`OrgUnit.move`, whoever calls it: the unit page or the admin). Treebeard rewrites the
# paths with bulk updates; apps that keep a copy of a unit's path refresh it here.
tree_moved = Signal()


class OrgUnitManager(MP_NodeManager.from_queryset(OrgUnitQuerySet)):
    def get_queryset(self) -> OrgUnitQuerySet:
        return OrgUnitQuerySet(self.model, using=self._db).order_by("path")

    def create_root(self, **fields) -> OrgUnit:
        return self.add_root(create_kwargs=fields)

    def create_child(self, parent: OrgUnit, **fields) -> OrgUnit:
        """Append a child below `parent` (the parent object is refreshed in memory)."""
        return self.add_child(parent, create_kwargs=fields)

    def move(self, node, target, pos=None):
        """Treebeard's move (used by the unit page and the admin's drag and drop), then `tree_moved`."""
        result = super().move(node, target, pos=pos)
        tree_moved.send(sender=self.model, unit=node)
        return result


class OrgUnit(MP_Node):
    """One node of the municipality's organisation: council, board, administration, department, unit or team."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Council")
        BOARD = "board", _("Board")
        ADMINISTRATION = "administration", _("Administration")
        DEPARTMENT = "department", _("Department")
        UNIT = "unit", _("Unit")
        TEAM = "team", _("Team")

    # Four characters per level keeps 1.6 million siblings per parent; the tree is never that wide.
    steplen = 4

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects = OrgUnitManager()
    history = HistoricalRecords(excluded_fields=["path", "depth", "numchild"])

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        permissions = [(role.codename, role.label) for role in Role]
        indexes = [
            # Subtree filters are `path LIKE 'prefix%'`; on PostgreSQL that needs pattern ops to use an index.
            models.Index(fields=["path"], name="orgunit_path_pattern", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["kind", "path"], name="orgunit_kind_path"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def ancestor_paths(self) -> list[str]:
        """Paths of every ancestor, root first, and of the node itself."""
        return [self.path[:i] for i in range(self.steplen, len(self.path) + 1, self.steplen)]

    def is_within(self, other: OrgUnit) -> bool:
        return self.path.startswith(other.path)

    def subtree_range(self, field: str = "path") -> dict[str, str]:
        """Lookups bounding the paths of this node and everything below it, to add beside `startswith`: every path
        is written in treebeard's alphabet (digits, then capitals), so the subtree is exactly the paths between
        this one and this one followed by the alphabet's last character. A LIKE prefix uses only the pattern
        index; a range also lets PostgreSQL read an ordinary index in its order and stop after a page."""
        highest = self.alphabet[-1] * (self._meta.get_field("path").max_length - len(self.path))
        return {f"{field}__gte": self.path, f"{field}__lte": self.path + highest}

    def board(self) -> OrgUnit | None:
        """The nearest board at or above this node (one query)."""
        if self.kind == self.Kind.BOARD:
            return self
        return (
            OrgUnit.objects.filter(path__in=self.ancestor_paths(), kind=self.Kind.BOARD)
            .order_by("-depth")
            .first()
        )


class RoleGrant(UserObjectPermissionBase):
    """django-guardian's object permission with a direct foreign key: one role of one person on one node.

    The permission codename is the role (`role_manager` …). A direct key instead of guardian's generic table lets
    access.py read a person's grants together with the nodes' paths in one query.
    """

    content_object = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="role_grants")
    granted_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    @property
    def role(self) -> Role | None:
        return ROLE_BY_CODENAME.get(self.permission.codename)

    def __str__(self) -> str:
        role = self.role
        return f"{self.user} – {role.label if role else self.permission.codename} – {self.content_object}"


class YearQuerySet(models.QuerySet):
    def open(self) -> YearQuerySet:
        return self.filter(is_closed=False)


class Year(models.Model):
    """A budget and reporting year; a closed year is read-only."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    is_closed = models.BooleanField(_("closed"), default=False)

    objects = YearQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("year")
        verbose_name_plural = _("years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)

    @classmethod
    def current(cls) -> Year | None:
        today = timezone.localdate()
        return cls.objects.filter(year=today.year).first() or cls.objects.order_by("-year").first()

    def create_default_periods(self) -> list[Period]:
        """The seed's calendar: tertial 1, delår and helår, cumulative from 1 January (styrmodell/calendars.py)."""
        from .calendars import apply_calendar

        return apply_calendar(self, "tertials")


class Reporting(models.TextChoices):
    """The kinds of reporting a period collects. Commitment status belongs to the staff step of a period, every
    other kind to the board's follow-up step (`STEP_OF`)."""

    STATUS = "status", _("Commitment status")
    OUTCOMES = "outcomes", _("Indicator outcomes")
    ASSESSMENTS = "assessments", _("Goal assessments")
    ECONOMY = "economy", _("Economy")
    INTERNAL_CONTROL = "internal_control", _("Internal control")
    TEXTS = "texts", _("Analyses and report texts")


class Step(models.TextChoices):
    """A period closes in two steps: staff report commitment status by the staff deadline, then the board follows
    up (outcomes, assessments, economy, analyses, report texts) by its own, later deadline."""

    STAFF = "staff", _("Staff reporting")
    BOARD = "board", _("Board follow-up")


STEP_OF: dict[str, str] = {
    kind: (Step.STAFF if kind == Reporting.STATUS else Step.BOARD) for kind in Reporting
}


def all_reporting() -> list[str]:
    return [kind.value for kind in Reporting]


class PeriodQuerySet(models.QuerySet):
    def open(self) -> PeriodQuerySet:
        """Periods whose follow-up is not closed, in open years."""
        return self.filter(is_closed=False, year__is_closed=False)

    def staff_due_for_closing(self, now: datetime.datetime | None = None) -> PeriodQuerySet:
        """Staff step still open although its deadline has passed (the deadline day itself is still open)."""
        return self.filter(staff_closed=False, deadline__lt=timezone.localdate(now))

    def board_due_for_closing(self, now: datetime.datetime | None = None) -> PeriodQuerySet:
        return self.filter(is_closed=False, board_deadline__lt=timezone.localdate(now))


class Period(models.Model):
    """A follow-up period of a year. Periods are cumulative as municipal accounts are (T1 = January–April, delår =
    January–August, helår = January–December) and close in two steps (`Step`): the staff deadline locks
    commitment status, the board's deadline locks everything else. `is_closed` is the second step: once it is
    set, the period as a whole is locked. Reopening is per step and unit (`PeriodReopening`)."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim follow-up")
        YEAR_END = "year_end", _("Year-end")
        MONTH = "month", _("Monthly follow-up")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    year = models.ForeignKey(Year, on_delete=models.CASCADE, related_name="periods", verbose_name=_("year"))
    # A short name unique within the year, used in addresses (?period=t2): t1, t2, ye, q1 …, m01 ….
    key = models.SlugField(
        _("short name"),
        max_length=10,
        help_text=_("Unique within the year, e.g. t1, t2, ye, q1 or m03."),
    )
    name = models.CharField(_("name"), max_length=60, default="")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.INTERIM)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    deadline = models.DateField(_("staff deadline"))
    board_deadline = models.DateField(_("board follow-up deadline"))
    collects = models.JSONField(_("collects"), default=all_reporting)
    staff_closed = models.BooleanField(_("staff reporting closed"), default=False)
    staff_closed_at = models.DateTimeField(_("staff reporting closed at"), null=True, blank=True)
    is_closed = models.BooleanField(_("closed"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = PeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up period")
        verbose_name_plural = _("follow-up periods")
        ordering = ["year__year", "ends", "key"]
        constraints = [
            models.UniqueConstraint(fields=["year", "key"], name="core_one_period_key_per_year"),
            models.CheckConstraint(
                condition=models.Q(starts__lte=models.F("ends")), name="core_period_starts_before_ends"
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__lte=models.F("board_deadline")),
                name="core_period_staff_deadline_first",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year.year}"

    @property
    def is_locked(self) -> bool:
        """The period as a whole: its board step is closed, or its year is."""
        return self.is_closed or self.year.is_closed

    def step_closed(self, step: str) -> bool:
        return self.staff_closed if step == Step.STAFF else self.is_closed

    def step_deadline(self, step: str) -> datetime.date:
        return self.deadline if step == Step.STAFF else self.board_deadline

    def collects_kind(self, kind: str) -> bool:
        return kind in (self.collects or ())

    @property
    def collects_labels(self) -> list[str]:
        return [label for value, label in Reporting.choices if value in (self.collects or ())]

    @property
    def is_year_end(self) -> bool:
        return self.kind == self.Kind.YEAR_END

    @property
    def is_cumulative(self) -> bool:
        return self.starts == datetime.date(self.year.year, 1, 1)

    @classmethod
    def current(cls) -> Period | None:
        """The period collecting commitment status whose staff deadline comes next; else the latest period."""
        today = timezone.localdate()
        upcoming = cls.objects.open().filter(deadline__gte=today).select_related("year").order_by("deadline")
        for period in upcoming:
            if period.collects_kind(Reporting.STATUS):
                return period
        return cls.objects.select_related("year").order_by("-deadline").first()


class PeriodReopeningQuerySet(models.QuerySet):
    def in_force(self, today: datetime.date | None = None) -> PeriodReopeningQuerySet:
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(until__isnull=True) | models.Q(until__gte=today)
        )


class PeriodReopening(models.Model):
    """One step of a closed period opened again for one board or unit and its subtree, for a time and with a
    reason. Every kind of reporting of that step opens for exactly that scope; it closes by itself after `until`."""

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="reopenings", verbose_name=_("follow-up period")
    )
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.STAFF)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="period_reopenings", verbose_name=_("board or unit")
    )
    reason = models.TextField(_("reason"))
    until = models.DateField(_("open until"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reopened by"),
    )
    reopened_at = models.DateTimeField(_("reopened at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("closed again at"), null=True, blank=True)

    objects = PeriodReopeningQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reopened period")
        verbose_name_plural = _("reopened periods")
        ordering = ["-reopened_at"]

    def __str__(self) -> str:
        return f"{self.period} ({self.get_step_display()}) – {self.unit}"

    @property
    def is_in_force(self) -> bool:
        return self.revoked_at is None and self.until >= timezone.localdate()


# A job reports progress at least every few seconds; one silent for this long has lost its worker.
JOB_STALE_AFTER = datetime.timedelta(minutes=15)


class JobQuerySet(models.QuerySet):
    def unfinished(self) -> JobQuerySet:
        return self.filter(state__in=[Job.State.QUEUED, Job.State.RUNNING])


class Job(models.Model):
    """One long background job (a PDF, an Excel export …): its state, progress and result file.

    The Celery task only receives the job's id; see styrmodell/jobs.py."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    # Plain ids and values the task needs; never model instances.
    params = models.JSONField(default=dict, blank=True)
    result = models.FileField(_("result"), upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    # Where the user goes when the job is done (a page of the app, not the file).
    next_url = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("started by")
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(default=timezone.now)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = JobQuerySet.as_manager()

    class Meta:
        # Created by the reporting app before jobs served every app; the table keeps its name.
        db_table = "reporting_job"
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="reporting_job_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.code} ({self.state})"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def is_stale(self) -> bool:
        """Queued or running but silent for longer than any job takes: its worker is gone."""
        return not self.is_finished and self.updated < timezone.now() - JOB_STALE_AFTER


# --- the municipality's report appearance ---------------------------------------------------------------------


class ReportStyle(models.Model):
    """The municipality's logo and report colour, used on the cover and in the headings of its PDF reports (one
    row). The logo is stored re-encoded (reporting/branding.py checks it and strips its metadata); it is small, and
    in the database it needs no file of its own and goes into every backup."""

    DEFAULT_COLOUR = "#1f3a5f"

    logo = models.BinaryField(_("logo"), blank=True, default=b"", editable=False)
    logo_type = models.CharField(_("logo file type"), max_length=20, blank=True, editable=False)
    colour = models.CharField(_("report colour"), max_length=7, default=DEFAULT_COLOUR)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("report appearance")
        verbose_name_plural = _("report appearance")

    def __str__(self) -> str:
        return str(_("Report appearance"))

    @classmethod
    def current(cls) -> ReportStyle:
        """The one row, unsaved with the defaults when the administrator has not set anything yet."""
        return cls.objects.order_by("pk").first() or cls()


class DirectionAnalysis(models.Model):
    """The municipal executive board's analysis of one council direction in the municipality's report, written by
    the secretary of the organisation's root.

    It belongs to reporting; it lives in the core app because the reporting app's migrations were being reworked
    when it was added (a data migration of their own) and a second chain of reporting migrations in parallel would
    have had to be merged. Move it with `SeparateDatabaseAndState` when convenient."""

    report = models.ForeignKey(
        "reporting.Report",
        on_delete=models.CASCADE,
        related_name="direction_analyses",
        verbose_name=_("report"),
    )
    direction = models.ForeignKey(
        "goals.Direction",
        on_delete=models.PROTECT,
        related_name="report_analyses",
        verbose_name=_("direction"),
    )
    text = models.TextField(_("analysis"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("analysis of a direction")
        verbose_name_plural = _("analyses of directions")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "direction"], name="core_one_analysis_per_report_direction"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.direction_id}"
