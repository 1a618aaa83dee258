"""Scheduled work of the core (see CELERY_BEAT_SCHEDULE); thin wrappers around services."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from . import services


@shared_task
def close_due_steps() -> list[list]:
    """Close every period step whose deadline has passed; returns [period id, step] pairs."""
    with transaction.atomic():
        return [[period.pk, step] for period, step in services.close_due_steps()]
