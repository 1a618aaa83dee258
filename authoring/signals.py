"""A report started for a period gets its sections from its template at once, so the writers find them under
their own work before anyone builds the report."""

from __future__ import annotations

from reporting.models import Report

from . import services


def report_saved(sender, instance: Report, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        services.sync_sections(instance)
