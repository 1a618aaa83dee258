"""The ideas (idéerna) and their versions.

The municipality's common mission statement, its leadership idea and its employee idea, and each board's own
mission statement (verksamhetsidé), are texts the council or the board adopts and revises now and then. Each
`Idea` keeps its versions: a version is a draft until it is adopted with a decision date and paragraph, and only
adopted versions are shown on the public site. The newest adopted version is the idea in force.

The board's mission statement used to be one text on `goals.BoardProfile`; migration 0002 copied every non-empty
text into an adopted first version here (without a decision, which was never recorded), and the plans app is now
where it is kept.
"""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrmodell.models import OrgUnit


class Idea(models.Model):
    class Kind(models.TextChoices):
        MISSION = "mission", _("Common mission statement")
        LEADERSHIP = "leadership", _("Leadership idea")
        EMPLOYEE = "employee", _("Employee idea")
        BOARD = "board", _("The board's mission statement")

    MUNICIPAL_KINDS = (Kind.MISSION, Kind.LEADERSHIP, Kind.EMPLOYEE)

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    board = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("board"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(board__isnull=True), name="plans_one_municipal_idea_per_kind"
            ),
            models.UniqueConstraint(
                fields=["board"], condition=Q(board__isnull=False), name="plans_one_idea_per_board"
            ),
            models.CheckConstraint(
                condition=(Q(kind="board") & Q(board__isnull=False))
                | (~Q(kind="board") & Q(board__isnull=True)),
                name="plans_board_idea_has_board",
            ),
        ]

    def __str__(self) -> str:
        if self.board_id:
            return f"{self.get_kind_display()} – {self.board}"
        return str(self.get_kind_display())

    @property
    def is_municipal(self) -> bool:
        return self.board_id is None


class IdeaVersionQuerySet(models.QuerySet):
    def adopted(self) -> IdeaVersionQuerySet:
        return self.filter(status=IdeaVersion.Status.ADOPTED)

    def drafts(self) -> IdeaVersionQuerySet:
        return self.filter(status=IdeaVersion.Status.DRAFT)


class IdeaVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="versions", verbose_name=_("idea"))
    text = models.TextField(_("text"))
    change_note = models.CharField(
        _("what changed"),
        max_length=500,
        blank=True,
        help_text=_("In a sentence or two: what is new compared with the version before."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_paragraph = models.CharField(_("decision paragraph"), max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)

    objects = IdeaVersionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("version of an idea")
        verbose_name_plural = _("versions of ideas")
        ordering = ["-created", "-pk"]  # newest first

    def __str__(self) -> str:
        return f"{self.idea} ({self.get_status_display()})"

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED
