"""Scheduled work of the commitments app (see CELERY_BEAT_SCHEDULE); thin wrappers around services."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from . import services


@shared_task
def close_due_periods() -> list[int]:
    """Close every period whose deadline has passed (Period.objects.due_for_closing())."""
    with transaction.atomic():
        return [p.pk for p in services.close_due_periods()]


@shared_task
def send_reminders() -> int:
    """E-mail the reminders due today; the sent-log makes a second run send nothing."""
    return services.send_reminders()
