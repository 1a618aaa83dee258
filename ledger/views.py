"""The ledger's pages: the year's imports and unmapped accounts, the SIE upload, an import's result, and the
mapping of ansvar objects to boards and units. Every page is for the ledger's keepers (rules.py)."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrmodell.jobs import job_url, start_job
from styrmodell.models import OrgUnit, Year

from . import rules, services, tasks
from .forms import ImportForm, ObjectFilterForm, object_queryset
from .models import Balance, Dimension, LedgerImport, LedgerObject

PAGE = "ledger"
OBJECTS_PER_PAGE = 25


def _mapping_url() -> str:
    """Where the statement lines' account ranges are edited (the statements app), if it is installed."""
    try:
        return reverse("statements:mapping")
    except NoReverseMatch:
        return ""


@login_required
def ledger_home(request: HttpRequest) -> HttpResponse:
    rules.require_keeper(request)
    year = Year.current()
    if year is None:
        raise Http404
    return redirect("ledger:year-detail", year=year.year)


@login_required
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    rules.require_keeper(request)
    year_obj = get_object_or_404(Year, year=year)
    imports = list(
        LedgerImport.objects.filter(year=year_obj).select_related("imported_by").order_by("-started")[:50]
    )
    current = next((i for i in imports if i.state == LedgerImport.State.DONE), None)
    unmapped = services.still_unmapped(current.unmapped) if current else []
    kinds = (
        dict(
            Balance.objects.filter(year=year_obj)
            .values_list("kind")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("kind", "n")
        )
        if current
        else {}
    )
    ctx = {
        "year": year_obj,
        "years": Year.objects.all(),
        "imports": imports,
        "current": current,
        "unmapped": unmapped,
        "kinds": [(label, kinds.get(value, 0)) for value, label in Balance.Kind.choices],
        "mapping_url": _mapping_url(),
        "can_import": rules.can_import(request.user, year_obj),
        "unmapped_objects": LedgerObject.objects.filter(
            dimension=Dimension.RESPONSIBILITY, unit__isnull=True
        ).count(),
        "page": PAGE,
    }
    return render(request, "ledger/year_detail.html", ctx)


@login_required
def import_create(request: HttpRequest, year: int) -> HttpResponse:
    year_obj = get_object_or_404(Year, year=year)
    rules.require_import(request, year_obj)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        sha256 = digest.hexdigest()
        if services.already_imported(year_obj, sha256):
            form.add_error("file", _("The file is already imported: the year's figures are this file's."))
        else:
            ledger_import = LedgerImport(
                year=year_obj,
                file_name=upload.name[:255],
                sha256=sha256,
                size=upload.size,
                imported_by=request.user,
                dimensions={
                    Dimension.RESPONSIBILITY: form.cleaned_data["responsibility"],
                    Dimension.ACTIVITY: form.cleaned_data["activity"],
                    Dimension.PROJECT: form.cleaned_data["project"],
                },
            )
            upload.seek(0)
            ledger_import.upload.save(f"{ledger_import.code}.se", upload, save=False)
            ledger_import.save()
            job = start_job(
                request,
                tasks.import_sie,
                title=_("SIE import %(year)s: %(file)s") % {"year": year, "file": ledger_import.file_name},
                params={"import": ledger_import.pk, "language": translation.get_language()},
                next_url=reverse("ledger:import-detail", kwargs={"code": ledger_import.code}),
            )
            ledger_import.job = job
            ledger_import.save(update_fields=["job"])
            return redirect(job_url(job))
    ctx = {
        "year": year_obj,
        "form": form,
        "max_mb": round(services.max_bytes() / 1_000_000),
        "page": PAGE,
    }
    return render(request, "ledger/import_form.html", ctx, status=422 if form.errors else 200)


@login_required
def import_detail(request: HttpRequest, code: str) -> HttpResponse:
    ledger_import = rules.get_import_for_user(request, code)
    current = (
        LedgerImport.objects.filter(year=ledger_import.year, state=LedgerImport.State.DONE)
        .order_by("-started")
        .first()
    )
    ctx = {
        "imp": ledger_import,
        "year": ledger_import.year,
        "is_current": current is not None and current.pk == ledger_import.pk,
        "unmapped": services.still_unmapped(ledger_import.unmapped),
        "more_problems": max(ledger_import.problem_count - len(ledger_import.problems), 0),
        "mapping_url": _mapping_url(),
        "page": PAGE,
    }
    return render(request, "ledger/import_detail.html", ctx)


@login_required
def object_mapping(request: HttpRequest) -> HttpResponse:
    """The ansvar objects with the board or unit each belongs to; a page of them is saved at a time."""
    rules.require_keeper(request)
    filters = ObjectFilterForm(request.GET or None)
    objects = object_queryset(filters)
    paginator = Paginator(objects, OBJECTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("sida"))
    units = [
        (u.pk, "– " * (u.depth - 1) + u.name)
        for u in OrgUnit.objects.active()
        .exclude(kind=OrgUnit.Kind.TEAM)
        .order_by("path")
        .only("pk", "name", "depth")
    ]
    unit_ids = {pk for pk, _label in units}
    errors: dict[int, str] = {}
    if request.method == "POST":
        changed = []
        rows = {o.pk: o for o in page.object_list}
        for pk, obj in rows.items():
            value = request.POST.get(f"unit-{pk}", "")
            if value == "":
                unit_id = None
            elif value.isdigit() and int(value) in unit_ids:
                unit_id = int(value)
            else:
                errors[pk] = _("Choose a board or unit from the list.")
                continue
            if obj.unit_id != unit_id:
                obj.unit_id = unit_id
                changed.append(obj)
        if not errors:
            LedgerObject.objects.bulk_update(changed, ["unit"])
            messages.success(
                request,
                ngettext("%(count)s ansvar was assigned.", "%(count)s ansvar were assigned.", len(changed))
                % {"count": len(changed)},
            )
            return redirect(request.get_full_path())
    ctx = {
        "filters": filters,
        "page_obj": page,
        "rows": [(obj, errors.get(obj.pk, "")) for obj in page.object_list],
        "units": units,
        "errors": errors,
        "posted": request.POST if errors else None,
        "page": PAGE,
    }
    return render(request, "ledger/object_mapping.html", ctx, status=422 if errors else 200)
