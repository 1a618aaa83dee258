"""Scheduled work of the e-proposal app (CELERY_BEAT_SCHEDULE "proposals-daily"); thin wrappers around services."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from . import services


@shared_task
def daily() -> dict[str, int]:
    """Close proposals whose signing time ran out, then remove personal data past retention. Idempotent."""
    with transaction.atomic():
        closed = services.close_expired()
    with transaction.atomic():
        erased = services.erase_expired()
    return {"closed": closed, "erased": erased}
