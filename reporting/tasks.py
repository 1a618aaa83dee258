"""Celery tasks of the reporting app: thin wrappers around services (see styrmodell/jobs.py)."""

from __future__ import annotations

from styrmodell.jobs import job_task

from . import services


@job_task("reporting.build_report")
def build_report(job, progress) -> None:
    """Build a report's HTML and PDF; the job's params carry the report's id."""
    services.build_report(job.params["report"], progress)
    progress(100, "")
