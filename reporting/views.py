"""Views of the reporting app: background jobs, the annual cycle, economy, reports, the archive and Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from styrmodell import access

# --- background jobs ---------------------------------------------------------------------------------------


@login_required
def job_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The waiting page of a long job; htmx polls its progress partial every second."""
    job = access.get_job_for_user(request, code)
    ctx = {"job": job, "page": "reports"}
    if request.htmx:
        return render(request, "reporting/partials/job_progress.html", ctx)
    return render(request, "reporting/job_detail.html", ctx)


@login_required
def job_download(request: HttpRequest, code: str) -> FileResponse:
    job = access.get_job_for_user(request, code)
    if job.state != job.State.DONE or not job.result:
        raise Http404
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name or "resultat")
