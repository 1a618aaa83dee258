"""Versions of an adopted goal: the board's draft revision and the record of each adoption.

Registered with the goals app by the import at the top of goals/models.py (a model module of its own so that the
goal versions can be read and changed apart from the rest of the goal model).
"""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class GoalRevisionQuerySet(models.QuerySet):
    def drafts(self) -> GoalRevisionQuerySet:
        return self.filter(status=GoalRevision.Status.DRAFT)

    def adopted(self) -> GoalRevisionQuerySet:
        return self.filter(status=GoalRevision.Status.ADOPTED).order_by("decided_at", "pk")


class GoalRevision(models.Model):
    """A version of a goal: a draft the board is working on, or the record of one adoption.

    Design: the goal, its indicators and their target levels always hold the adopted version, so the public site,
    the reports, open data and the goal tree (which read them) never see a draft. Editing an adopted goal writes
    into its one DRAFT revision instead, as changes on top of the adopted version ("copy on write", kept as data):

    - `goal_changes`: {field name: proposed value} for the goal's own fields (title, description, SMART …) that
      differ from the adopted goal;
    - `indicator_changes`: {key: {"fields": {field: value}, "targets": {"2026": "87.00"}, "new": bool}}, keyed by
      an existing indicator's code, or by a fresh key for an indicator the revision adds (it gets that key as its
      code when adopted).

    Values are stored as their JSON form (DjangoJSONEncoder) and turned back with the model field's `to_python`.
    Adopting writes the changes into the goal, its indicators and target levels in one transaction (each with its
    own simple-history row), and the revision becomes ADOPTED with the decision (date, paragraph) and a `snapshot`
    of the whole wording as adopted. The first adoption of a draft goal is recorded the same way, so the ADOPTED
    revisions of a goal are its version history. A DISCARDED revision changed nothing.

    When the adopted wording failed a SMART criterion, the board confirmed it anyway ("Anta ändå"):
    `smart_confirmed` lists those criteria, with who confirmed and when.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft revision")
        ADOPTED = "adopted", _("Adopted")
        DISCARDED = "discarded", _("Discarded")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    goal = models.ForeignKey(
        "goals.Goal", on_delete=models.CASCADE, related_name="revisions", verbose_name=_("goal")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    goal_changes = models.JSONField(
        _("changes of the goal"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    indicator_changes = models.JSONField(
        _("changes of indicators and target levels"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    reason = models.CharField(_("reason for the change"), max_length=300, blank=True)
    snapshot = models.JSONField(_("wording as adopted"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_paragraph = models.CharField(_("decision paragraph"), max_length=50, blank=True)
    smart_confirmed = models.JSONField(_("SMART criteria adopted anyway"), default=list, blank=True)
    smart_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted anyway by"),
    )
    smart_confirmed_at = models.DateTimeField(_("adopted anyway at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = GoalRevisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal version")
        verbose_name_plural = _("goal versions")
        ordering = ["goal", "created"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal"], condition=models.Q(status="draft"), name="goals_one_draft_revision_per_goal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.get_status_display()}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_empty(self) -> bool:
        return not self.goal_changes and not self.indicator_changes
