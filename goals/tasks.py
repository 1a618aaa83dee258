"""Background jobs of the goals app: thin wrappers around services, taking ids."""

from __future__ import annotations

from celery import shared_task

from . import kolada
from .models import Indicator


@shared_task
def import_kolada_outcomes(indicator_ids: list[int] | None = None) -> list[str]:
    """Fetch Kolada outcomes for the given indicators (all indicators that name a KPI when None)."""
    if indicator_ids is None:
        indicator_ids = list(Indicator.objects.exclude(kolada_kpi="").values_list("pk", flat=True))
    return kolada.import_many(indicator_ids)
