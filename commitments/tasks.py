"""Scheduled work of the commitments app (see CELERY_BEAT_SCHEDULE); thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task
def send_reminders() -> int:
    """E-mail the reminders due today; the sent-log makes a second run send nothing."""
    return services.send_reminders()
