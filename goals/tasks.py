"""Background jobs of the goals app: thin wrappers around services, taking ids."""

from __future__ import annotations

from celery import shared_task

from . import kolada


@shared_task
def import_kolada_outcomes(indicator_ids: list[int] | None = None) -> list[str]:
    """Fetch Kolada outcomes for the given indicators. Without ids (the weekly run): the KPI catalogue, the
    comparisons and every indicator that names a KPI, recorded as a `KoladaImportRun`."""
    if indicator_ids is None:
        return kolada.weekly_import().messages
    return kolada.import_many(indicator_ids)
