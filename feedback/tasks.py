"""Scheduled work of the feedback app (CELERY_BEAT_SCHEDULE "feedback-daily"); thin wrappers around services.
Each step is idempotent: running the task twice a day changes nothing the second time."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task
def send_reminders() -> int:
    return services.send_reminders()


@shared_task
def apply_retention() -> int:
    return services.apply_retention()


@shared_task
def feed_indicators() -> int:
    return len(services.feed_current_periods().written)


@shared_task
def daily() -> dict:
    return {
        "reminders": services.send_reminders(),
        "personal_data_removed": services.apply_retention(),
        "indicators_written": len(services.feed_current_periods().written),
    }
