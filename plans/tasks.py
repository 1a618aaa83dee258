"""Celery tasks of the plans app: thin wrappers around services (see styrmodell/jobs.py)."""

from __future__ import annotations

from styrmodell.jobs import JobResult, job_task

from . import services


@job_task("plans.build_plan_pdf")
def build_plan_pdf(job, progress) -> JobResult:
    """The plan of a board or unit as a PDF for the person who asked (the job is theirs alone)."""
    params = job.params
    filename, data = services.render_plan_pdf(params["unit"], params["year"], job.created_by_id, progress)
    return JobResult(filename, data)
