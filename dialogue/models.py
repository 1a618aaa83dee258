"""The dialogue around the model's objects: comments (with mentions), attached files and notifications.

A comment or an attachment belongs to exactly one object of another app (one nullable key per kind of object, so
deleting the object deletes its dialogue with it). Who may see a comment or a file is never decided here: it is
whoever may see its object, by that object's own app rules (see targets.py).
"""

from __future__ import annotations

import secrets
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The keys of the objects a comment or a file may belong to, in the order of the fields below.
TARGET_FIELDS = ("commitment", "status_report", "assessment", "report", "control", "control_result")


def _exactly_one_target() -> Q:
    """A check that exactly one of the target keys is set."""
    condition = Q(pk__in=[])
    for name in TARGET_FIELDS:
        arm = Q(**{f"{name}__isnull": False})
        for other in TARGET_FIELDS:
            if other != name:
                arm &= Q(**{f"{other}__isnull": True})
        condition |= arm
    return condition


class Targeted(models.Model):
    """One nullable key per kind of object; exactly one is set (checked by a constraint in each model)."""

    commitment = models.ForeignKey(
        "commitments.Commitment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status_report = models.ForeignKey(
        "commitments.StatusReport", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    assessment = models.ForeignKey(
        "goals.GoalAssessment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    report = models.ForeignKey(
        "reporting.Report", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    control = models.ForeignKey(
        "internal_control.Control", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    control_result = models.ForeignKey(
        "internal_control.ControlResult", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def target_field(self) -> str:
        return next(name for name in TARGET_FIELDS if getattr(self, f"{name}_id") is not None)

    @property
    def target(self):
        return getattr(self, self.target_field)


class Comment(Targeted):
    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    text = models.TextField(_("comment"))
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("mentioned")
    )
    created = models.DateTimeField(_("written"), default=timezone.now, editable=False)

    history = HistoricalRecords(m2m_fields=[mentions])

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(condition=_exactly_one_target(), name="dialogue_comment_one_target")
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:60]}"


def attachment_path(instance: Attachment, filename: str) -> str:
    """An unguessable name; the uploaded name is kept only in the row (for the download)."""
    return f"dialogue/{secrets.token_hex(20)}.{instance.extension}"


class Attachment(Targeted):
    class Kind(models.TextChoices):
        PDF = "application/pdf", "PDF"
        PNG = "image/png", "PNG"
        JPEG = "image/jpeg", "JPEG"
        DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"
        XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"
        TEXT = "text/plain", _("Plain text")

    EXTENSIONS = {
        Kind.PDF: "pdf",
        Kind.PNG: "png",
        Kind.JPEG: "jpg",
        Kind.DOCX: "docx",
        Kind.XLSX: "xlsx",
        Kind.TEXT: "txt",
    }

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("attached by")
    )
    uploaded = models.DateTimeField(_("attached"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded", "pk"]
        constraints = [
            models.CheckConstraint(condition=_exactly_one_target(), name="dialogue_attachment_one_target")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, "bin")


class Notification(models.Model):
    """Something a person should know about, with a link to it. `key` makes each notification happen once per
    person (a second attempt with the same key is refused by the constraint); `emailed_at` is claimed by the
    e-mail task before sending, so no e-mail goes out twice."""

    class Kind(models.TextChoices):
        DEADLINE = "deadline", _("A reporting deadline is near")
        COMMENT = "comment", _("A new comment on something you follow")
        MENTION = "mention", _("Someone mentioned you")
        REOPENING = "reopening", _("A period was reopened for your unit")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(max_length=500)
    key = models.CharField(max_length=200)
    # Deleting the comment (with its object) deletes what was said about it.
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="dialogue_notification_once"),
        ]
        indexes = [
            # The bell: unread notifications of one person.
            models.Index(fields=["recipient", "read_at"], name="dialogue_notification_unread"),
        ]

    def __str__(self) -> str:
        return self.text


# E-mail is on for these kinds unless the person turns it off; the reminders of commitments already e-mail about
# deadlines, so a deadline notification stays inside the product unless asked for.
EMAIL_BY_DEFAULT = frozenset(
    {Notification.Kind.COMMENT, Notification.Kind.MENTION, Notification.Kind.REOPENING}
)


class NotificationPreference(models.Model):
    """Whether a person wants e-mail for one kind of notification (no row: the default)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Notification.Kind.choices)
    email = models.BooleanField(_("e-mail"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="dialogue_one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.email}"


def wants_email(user_id: int, kind: str) -> bool:
    chosen = (
        NotificationPreference.objects.filter(user_id=user_id, kind=kind)
        .values_list("email", flat=True)
        .first()
    )
    return kind in EMAIL_BY_DEFAULT if chosen is None else chosen
