from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrmodell.lib.xlsx import XLSX_CONTENT_TYPE
from styrmodell.models import OrgUnit, Period

from . import importer, rules, services
from .forms import PersonnelImportForm
from .models import PersonnelImport


def _periods_with_figures():
    return (
        Period.objects.filter(personnel_figures__isnull=False)
        .distinct()
        .select_related("year")
        .order_by("-year__year", "-ends")
    )


@login_required
def figures_latest(request: HttpRequest) -> HttpResponse:
    """The municipality's figures of the latest period that has any."""
    root = rules.get_root_for_figures(request)
    period = _periods_with_figures().first()
    if period is None:
        ctx = {"root": root, "can_import": rules.can_import(request.user, root), "page": "personnel"}
        return render(request, "personnel/figures_empty.html", ctx)
    return redirect("personnel:figures", period=period.code)


def _figures_page(request: HttpRequest, period: Period, unit: OrgUnit | None, root: OrgUnit) -> HttpResponse:
    figures = services.figures_for(period, unit)
    boards = [b for b in OrgUnit.objects.boards().order_by("path") if rules.can_view_figures(request.user, b)]
    ctx = {
        "root": root,
        "period": period,
        "unit": unit,
        "figures": figures,
        "min_group": services.MIN_GROUP,
        "periods": _periods_with_figures(),
        "boards": boards,
        "board_lines": services.boards_for(period, boards) if unit is None else [],
        "last_import": PersonnelImport.objects.filter(period=period).select_related("imported_by").first(),
        "can_import": rules.can_import(request.user, root),
        "page": "personnel",
    }
    return render(request, "personnel/figures_detail.html", ctx)


@login_required
def figures(request: HttpRequest, period: str) -> HttpResponse:
    root = rules.get_root_for_figures(request)
    period_obj = get_object_or_404(Period.objects.select_related("year"), code=period)
    return _figures_page(request, period_obj, None, root)


@login_required
def board_figures(request: HttpRequest, period: str, code: str) -> HttpResponse:
    board = rules.get_board_for_figures(request, code)
    period_obj = get_object_or_404(Period.objects.select_related("year"), code=period)
    root = rules.root_unit()
    if root is None:
        raise Http404
    return _figures_page(request, period_obj, board, root)


@login_required
def import_figures(request: HttpRequest) -> HttpResponse:
    rules.get_root_for_import(request)
    # The report periods (tertials, year-end) of open years; the monthly follow-up has no personnel figures.
    periods = (
        Period.objects.filter(year__is_closed=False)
        .exclude(kind=Period.Kind.MONTH)
        .select_related("year")
        .order_by("-year__year", "-ends")
    )
    form = PersonnelImportForm(request.POST or None, request.FILES or None, periods=periods)
    result = None
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_data["period"]
        upload = form.cleaned_data["file"]
        result = importer.import_file(upload, period, request.user, filename=upload.name)
        if result.ok:
            if result.unchanged:
                messages.info(request, _("The file was already imported for the period; nothing changed."))
            else:
                messages.success(
                    request,
                    ngettext(
                        "Imported %(count)s row of personnel figures for %(period)s.",
                        "Imported %(count)s rows of personnel figures for %(period)s.",
                        result.rows,
                    )
                    % {"count": result.rows, "period": period},
                )
            return redirect("personnel:figures", period=period.code)
        # Beside the field too, so that a screen reader hears it where the file is chosen again.
        form.add_error(
            "file",
            ngettext(
                "Nothing was imported: the file has %(count)s problem, listed above.",
                "Nothing was imported: the file has %(count)s problems, listed above.",
                len(result.problems),
            )
            % {"count": len(result.problems)},
        )
    ctx = {
        "form": form,
        "result": result,
        "max_rows": importer.MAX_ROWS,
        "columns": importer.COLUMNS,
        "imports": PersonnelImport.objects.select_related("period__year", "imported_by").order_by(
            "-period__year__year", "-period__ends"
        )[:20],
        "page": "personnel",
    }
    refused = request.method == "POST" and (not form.is_valid() or (result is not None and not result.ok))
    return render(request, "personnel/import_form.html", ctx, status=422 if refused else 200)


@login_required
def template_csv(request: HttpRequest) -> HttpResponse:
    rules.get_root_for_import(request)
    response = HttpResponse(importer.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="personal-mall.csv"'
    return response


@login_required
def template_xlsx(request: HttpRequest) -> HttpResponse:
    rules.get_root_for_import(request)
    response = HttpResponse(importer.template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="personal-mall.xlsx"'
    return response


def figures_url(period: Period, unit: OrgUnit | None = None) -> str:
    if unit is None:
        return reverse("personnel:figures", kwargs={"period": period.code})
    return reverse("personnel:board-figures", kwargs={"period": period.code, "code": unit.code})
