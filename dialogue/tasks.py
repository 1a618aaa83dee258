"""Background work of the dialogue: e-mailing a notification (once), and the daily deadline notifications."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import services
from .models import Notification, wants_email


@shared_task
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification with its link. The row is claimed before sending, so two workers (or a task run
    twice) never send it twice; a failed send gives the claim back and the error lets Celery retry."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None:
        return False
    person = notification.recipient
    if not person.email or not person.is_active or not wants_email(person.pk, notification.kind):
        return False
    now = timezone.now()
    if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=now):
        return False
    base = settings.SITE_URL.rstrip("/")
    with translation.override(services.language_of(person)):
        body = render_to_string(
            "dialogue/email/notification.txt",
            {"notification": notification, "person": person, "link": base + notification.url},
        )
        try:
            send_mail(notification.text[:150], body, None, [person.email])
        except Exception:
            Notification.objects.filter(pk=notification.pk, emailed_at=now).update(emailed_at=None)
            raise
    return True


@shared_task
def deadline_notifications() -> int:
    return services.deadline_notifications()
