"""Writes of the dialogue: comments with their notifications, attachments, and the notifications other events
raise (a deadline nearing, a period reopened)."""

from __future__ import annotations

import datetime
import logging
import re
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from styrmodell.models import OrgUnit, Period, Reporting, Role, RoleGrant, Step, User

from .models import Attachment, Comment, Notification, wants_email
from .targets import Target

logger = logging.getLogger(__name__)

# A mention is "@" and a username (letters, digits and @ . + - _ as Django allows), not preceded by a word character
# (so an e-mail address in the text is no mention); a full stop or comma after it ends the sentence, not the name.
MENTION = re.compile(r"(?<![\w@])@([\w.@+-]+)")


def mentioned_usernames(text: str) -> list[str]:
    names = []
    for match in MENTION.finditer(text):
        name = match.group(1).rstrip(".,;:!?")
        if name and name not in names:
            names.append(name)
    return names


# --- notifications ------------------------------------------------------------------------------------------------


def language_of(person: User) -> str:
    """The language the person chose on their profile (accounts), else the municipality's: a notification and its
    e-mail are written in it."""
    from accounts.models import Profile

    chosen = Profile.objects.filter(user_id=person.pk).values_list("language", flat=True).first()
    languages = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in languages else settings.LANGUAGE_CODE


def notify(recipient: User, kind: str, *, text: str, url: str, key: str, comment: Comment | None = None):
    """Record the notification once per (recipient, key) and queue its e-mail if the person wants one. Returns
    the notification, or None when it had been made before."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, kind=kind, text=text[:500], url=url, key=key, comment=comment
            )
    except IntegrityError:
        return None
    if recipient.email and recipient.is_active and wants_email(recipient.pk, kind):
        from .tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.delay(notification.pk))
    return notification


def mark_read(user: User, notification: Notification | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


# --- comments -------------------------------------------------------------------------------------------------


def add_comment(target: Target, obj: Model, *, author: User, text: str, mentioned: list[User]) -> Comment:
    """Save the comment, then tell the mentioned people, and those who follow the object (its reporter or owner
    and everyone who wrote in the thread before) that something was said. Every recipient is one who may see the
    object; each is told once per comment."""
    earlier_writers = set(Comment.objects.filter(**{target.field: obj}).values_list("author_id", flat=True))
    comment = Comment.objects.create(**{target.field: obj}, author=author, text=text)
    if mentioned:
        comment.mentions.set(mentioned)
    url = f"{target.thread_url(obj)}#comment-{comment.code}"
    title = target.title(obj)
    key = f"comment:{comment.pk}"
    told = {author.pk}
    for person in mentioned:
        if person.pk in told or not target.can_see(person, obj):
            continue
        told.add(person.pk)
        with translation.override(language_of(person)):
            notify(
                person,
                Notification.Kind.MENTION,
                text=_("%(author)s mentioned you in a comment on “%(title)s”")
                % {"author": author, "title": title},
                url=url,
                key=key,
                comment=comment,
            )
    follower_ids = ({*target.followers(obj)} | earlier_writers) - told
    for person in User.objects.filter(pk__in=follower_ids, is_active=True):
        if not target.can_see(person, obj):
            continue
        with translation.override(language_of(person)):
            notify(
                person,
                Notification.Kind.COMMENT,
                text=_("%(author)s commented on “%(title)s”") % {"author": author, "title": title},
                url=url,
                key=key,
                comment=comment,
            )
    return comment


# --- attachments ----------------------------------------------------------------------------------------------


def add_attachment(target: Target, obj: Model, *, by: User, upload, content_type: str) -> Attachment:
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:150] or _("file")
    attachment = Attachment(
        **{target.field: obj}, name=name, content_type=content_type, size=upload.size, uploaded_by=by
    )
    attachment.file.save(attachment.name, upload, save=False)
    attachment.save()
    return attachment


def delete_attachment(attachment: Attachment) -> None:
    """Remove the row, and the file once the removal is committed (a rolled-back request keeps both)."""
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


def download_name(attachment: Attachment) -> str:
    """The uploaded name with the extension of what the file really is."""
    stem = attachment.name.rsplit(".", 1)[0] if "." in attachment.name else attachment.name
    return f"{stem or 'bilaga'}.{attachment.extension}"


# --- deadlines ------------------------------------------------------------------------------------------------


def deadline_notifications(today: datetime.date | None = None) -> int:
    """Tell every reporter with unreported commitments that the deadline of an open period is near, at the same
    days before it as the e-mailed reminders (REMINDER_DAYS). Idempotent: the key names the period and the day."""
    from commitments import services as commitment_services
    from commitments.models import Commitment

    today = today or timezone.localdate()
    made = 0
    url = reverse("commitments:commitment-mine")
    periods = Period.objects.filter(staff_closed=False, year__is_closed=False, deadline__gte=today)
    for period in periods.select_related("year"):
        if not period.collects_kind(Reporting.STATUS):
            continue
        days = commitment_services.due_threshold(period, today)
        if days is None:
            continue
        by_reporter: dict[int, int] = defaultdict(int)
        for owner_id, responsible_id in Commitment.objects.unreported(period).values_list(
            "owner_id", "responsible_id"
        ):
            reporter = owner_id or responsible_id
            if reporter:
                by_reporter[reporter] += 1
        for person in User.objects.filter(pk__in=by_reporter, is_active=True):
            with translation.override(language_of(person)):
                text = _(
                    "%(count)s of your commitments are not reported for %(period)s; the deadline is %(deadline)s"
                ) % {
                    "count": by_reporter[person.pk],
                    "period": period,
                    "deadline": f"{period.deadline:%Y-%m-%d}",
                }
                if notify(
                    person, Notification.Kind.DEADLINE, text=text, url=url, key=f"deadline:{period.pk}:{days}"
                ):
                    made += 1
    return made


# --- reopenings -----------------------------------------------------------------------------------------------

# Who is told that a step of a period was reopened for a board or unit: those who report in that step on the node
# or below it.
REOPENING_ROLES = {
    Step.STAFF: (Role.MANAGER,),
    Step.BOARD: (Role.SECRETARY, Role.CONTROLLER, Role.IC_OFFICER, Role.MANAGER),
}


def reopening_notifications(reopening) -> int:
    """Tell the people who report in the reopened step on the unit or below it, and, for commitment status, the
    people who report on the unit's own commitments of the year."""
    from commitments.models import Commitment

    unit: OrgUnit = reopening.unit
    period: Period = reopening.period
    step = getattr(reopening, "step", Step.STAFF)
    roles = REOPENING_ROLES.get(step, (Role.MANAGER,))
    holders = set(
        RoleGrant.objects.filter(
            content_object__path__startswith=unit.path, permission__codename__in=[r.codename for r in roles]
        ).values_list("user_id", flat=True)
    )
    if step == Step.STAFF:
        for owner_id, responsible_id in Commitment.objects.filter(
            unit=unit, year_id=period.year_id
        ).values_list("owner_id", "responsible_id"):
            if owner_id or responsible_id:
                holders.add(owner_id or responsible_id)
    made = 0
    url = reverse("commitments:commitment-mine") if step == Step.STAFF else reverse("home")
    key = f"reopening:{reopening._meta.label_lower}:{reopening.pk}"
    for person in User.objects.filter(pk__in=holders, is_active=True):
        with translation.override(language_of(person)):
            text = _("%(period)s was reopened for %(unit)s until %(date)s") % {
                "period": period,
                "unit": unit.name,
                "date": f"{reopening.until:%Y-%m-%d}" if reopening.until else "–",
            }
            if notify(person, Notification.Kind.REOPENING, text=text, url=url, key=key):
                made += 1
    return made
