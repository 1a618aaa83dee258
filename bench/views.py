"""The floors: the least a request can do through the same middleware stack (session, CSRF, authentication,
messages, htmx, history, CSP, axes) and, for writes, the same atomic request with one row written."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

FLOOR_TABLE = "bench_floor_write"


@login_required
def floor_read(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@login_required
@require_POST
def floor_write(request: HttpRequest) -> HttpResponse:
    """One row written; answered with 204, or, when the POST asks for it (`redirect`), with a redirect to the
    read floor, as a save without JavaScript is answered (the least a two-request save can cost)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FLOOR_TABLE} (user_id, value) VALUES (%s, %s)",  # noqa: S608
            [request.user.pk, request.POST.get("value", "")],
        )
    if request.POST.get("redirect"):
        return redirect("bench-floor-read")
    return HttpResponse(status=204)


@login_required
def floor_kolada(request: HttpRequest) -> HttpResponse:
    """The Kolada search's floor: one indexed lookup on the cached catalogue (the unique KPI id) and its title
    written out as plain text, through the same middleware."""
    from goals.models import KoladaKpi

    title = (
        KoladaKpi.objects.filter(kpi_id=request.GET.get("q", "").upper())
        .values_list("title", flat=True)
        .first()
    )
    return HttpResponse(title or "", content_type="text/plain")
