"""Long jobs (a report PDF, an Excel export …) run by Celery, with their state in `styrmodell.models.Job`.

How to add one:

    # <app>/tasks.py
    from styrmodell.jobs import JobResult, job_task

    @job_task("goals.export")
    def export_goals(job, progress):            # job.params holds the plain ids the view put there
        progress(10, _("Reading goals"))
        ...
        return JobResult("mal.xlsx", data)       # or None when the job only changes the database

    # <app>/views.py (in a POST view)
    job = start_job(request, export_goals, title=_("Goal export"), params={"board": board.pk},
                    next_url=reverse(...))
    return redirect(job_url(job))               # the waiting page, polled by htmx

The task takes only the job's id and refetches everything. It acknowledges the message late and is re-delivered
when a worker dies (settings: CELERY_TASK_ACKS_LATE, CELERY_TASK_REJECT_ON_WORKER_LOST); a re-delivered job that
already finished does nothing, one that was running starts over, so the work itself must be idempotent
(overwrite, never append). A failure is recorded on the job with its message, so nobody waits on a dead job;
a job silent for longer than `JOB_STALE_AFTER` is shown as failed.

Jobs are queued with `transaction.on_commit`, so a worker never looks for a job row that is not committed yet.
Without a broker (`./dev run`, tests) Celery runs tasks eagerly: in tests wrap the request in
`django_capture_on_commit_callbacks(execute=True)` to run them.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]

# How many times a job is started before it is given up: a worker killed mid-job (deploy, out of memory)
# re-delivers it, but a job that kills every worker that runs it must not loop for ever.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class JobResult:
    """A file a job produced; served to the user who started the job."""

    filename: str
    content: bytes


def _job_model():
    from .models import Job

    return Job


def start_job(
    request: HttpRequest,
    task,
    *,
    title: str,
    params: dict[str, Any] | None = None,
    next_url: str = "",
):
    """Record a queued job for the current user and queue its task when the transaction commits."""
    Job = _job_model()
    job = Job.objects.create(
        kind=task.name, title=title[:300], params=params or {}, created_by=request.user, next_url=next_url
    )
    transaction.on_commit(lambda: send_job(task, job.pk))
    return job


def send_job(task, job_id: int) -> bool:
    """Put the job's message on the broker. When the broker (Redis) cannot be reached the request still
    succeeds: the job stays queued in the database, says so, and `resend_queued_jobs` sends it once the broker
    is back, so nothing asked for is forgotten. Returns whether the message was sent."""
    if task.app.conf.task_always_eager:
        task.delay(job_id)
        return True
    try:
        task.apply_async((job_id,), retry=False)
    except Exception:  # kombu's OperationalError, redis' ConnectionError, a timeout …
        logger.warning(
            "Job %s could not be queued; it is sent again when the broker is back", job_id, exc_info=True
        )
        _job_model().objects.filter(pk=job_id, state="queued").update(
            message=_(
                "Queued. The background service is not reachable right now; the job starts when it is back."
            )
        )
        return False
    return True


# A queued job not picked up for this long is sent again (its message was never sent, or was lost with Redis).
# A job that is merely waiting behind others may then get a second message; it is harmless: the job runs
# once, and a message for a finished job does nothing.
RESEND_AFTER = datetime.timedelta(minutes=5)


@shared_task(name="styrmodell.resend_queued_jobs")
def resend_queued_jobs(older_than_seconds: float | None = None) -> int:
    """Send again every job still queued after RESEND_AFTER (run every minute by Celery beat). Returns how many
    were sent."""
    from celery import current_app

    # Outside a worker (a shell, a management command) the apps' tasks are not registered yet.
    current_app.loader.import_default_modules()
    Job = _job_model()
    age = RESEND_AFTER if older_than_seconds is None else datetime.timedelta(seconds=older_than_seconds)
    sent = 0
    for job in Job.objects.filter(state=Job.State.QUEUED, updated__lte=timezone.now() - age).only(
        "pk", "kind"
    )[:500]:
        task = current_app.tasks.get(job.kind)
        if task is None:
            logger.error("Job %s has an unknown kind %s", job.pk, job.kind)
            continue
        Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(updated=timezone.now(), message="")
        sent += send_job(task, job.pk)
    return sent


def job_url(job) -> str:
    return reverse("reporting:job-detail", kwargs={"code": job.code})


def run_job(job_id: int, work: Callable[..., JobResult | None], task=None) -> str:
    """Run `work(job, progress)` for one job and record its state. Returns the final state."""
    Job = _job_model()
    now = timezone.now()
    # A job whose worker process died under it MAX_ATTEMPTS times (it crashes whatever runs it) is given up
    # rather than re-delivered for ever.
    if Job.objects.filter(
        pk=job_id, state__in=[Job.State.QUEUED, Job.State.RUNNING], attempts__gte=MAX_ATTEMPTS
    ).update(
        state=Job.State.FAILED,
        message=_(
            "The job stopped %(count)s times without finishing and was given up. Start it again; if it stops "
            "again, contact the system administrator."
        )
        % {"count": MAX_ATTEMPTS},
        finished=now,
        updated=now,
    ):
        logger.error("Job %s was given up after %s attempts", job_id, MAX_ATTEMPTS)
        return Job.State.FAILED
    # Claim the job; a job that already finished (a re-delivered message) is left alone.
    claimed = Job.objects.filter(pk=job_id, state__in=[Job.State.QUEUED, Job.State.RUNNING]).update(
        state=Job.State.RUNNING, progress=0, message="", started=now, updated=now, attempts=F("attempts") + 1
    )
    if not claimed:
        logger.info("Job %s is finished or gone; nothing to do", job_id)
        return Job.objects.filter(pk=job_id).values_list("state", flat=True).first() or "missing"
    job = Job.objects.get(pk=job_id)

    def progress(percent: int, message: str = "") -> None:
        percent = max(0, min(100, int(percent)))
        Job.objects.filter(pk=job_id).update(progress=percent, message=message[:500], updated=timezone.now())
        if task is not None and not getattr(task.request, "is_eager", True):
            task.update_state(state="PROGRESS", meta={"progress": percent, "message": message})

    try:
        result = work(job, progress)
    except Exception as error:
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        Job.objects.filter(pk=job_id).update(
            state=Job.State.FAILED,
            message=(_("The job failed: %(error)s") % {"error": error})[:500],
            finished=timezone.now(),
            updated=timezone.now(),
        )
        return Job.State.FAILED

    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if result is not None:
            if job.result:
                job.result.delete(save=False)
            job.result.save(result.filename, ContentFile(result.content), save=False)
            job.result_name = result.filename
        job.state = Job.State.DONE
        job.progress = 100
        job.message = job.message or _("Done.")
        job.finished = job.updated = timezone.now()
        job.save(
            update_fields=["result", "result_name", "state", "progress", "message", "finished", "updated"]
        )
    return Job.State.DONE


def job_task(name: str):
    """Turn `work(job, progress) -> JobResult | None` into a Celery task taking the job's id."""

    def decorator(work: Callable[..., JobResult | None]):
        @shared_task(name=name, bind=True, acks_late=True, reject_on_worker_lost=True)
        def task(self, job_id: int) -> str:
            return run_job(job_id, work, task=self)

        task.work = work
        return task

    return decorator
