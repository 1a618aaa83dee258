"""Views of the reporting app: background jobs, the annual cycle, economy, reports, the archive and Excel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from styrmodell import access
from styrmodell.jobs import job_url, start_job
from styrmodell.lib.files import stored_file_response
from styrmodell.lib.history import history_entries
from styrmodell.lib.xlsx import XLSX_CONTENT_TYPE
from styrmodell.models import OrgUnit, Period, Reporting, ReportStyle, Year

from . import branding, exports, municipality, rules, services, tasks, wheel
from .forms import (
    AdoptForm,
    BudgetForm,
    EconomyFigureForm,
    ImportForm,
    MilestoneForm,
    PeriodChoiceForm,
    ReportCommentForm,
    ReportSummaryForm,
)
from .models import ArchivedReport, EconomyFigure, Milestone, Report

# --- background jobs ---------------------------------------------------------------------------------------


@login_required
def job_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The waiting page of a long job; htmx polls its progress partial every second."""
    job = rules.get_job_for_user(request, code)
    ctx = {"job": job, "page": "reports"}
    if request.htmx:
        response = render(request, "reporting/partials/job_progress.html", ctx)
        if job.state == job.State.DONE and job.next_url and not job.result:
            # Nothing to download: take the user straight on (without JavaScript they follow the link).
            response["HX-Redirect"] = job.next_url
        return response
    return render(request, "reporting/job_detail.html", ctx)


@login_required
def job_download(request: HttpRequest, code: str) -> FileResponse:
    job = rules.get_job_for_user(request, code)
    if job.state != job.State.DONE or not job.result:
        raise Http404
    return stored_file_response(job.result, filename=job.result_name or "resultat")


# --- the annual cycle --------------------------------------------------------------------------------------


@login_required
def cycle_current(request: HttpRequest) -> HttpResponse:
    year = Year.current()
    if year is None:
        raise Http404
    return redirect("reporting:cycle-detail", year=year.year)


@login_required
def cycle_detail(request: HttpRequest, year: int) -> HttpResponse:
    year_obj = get_object_or_404(Year, year=year)
    entries = services.cycle_entries(year_obj)
    ctx = {
        "year": year_obj,
        "entries": entries,
        "wheel": wheel.wheel(entries, year_obj.year),
        "years": Year.objects.all(),
        "can_edit": access.can_manage_years(request.user) and not year_obj.is_closed,
        "has_milestones": any(e.milestone for e in entries),
        "page": "reports",
    }
    return render(request, "reporting/cycle_detail.html", ctx)


@login_required
@require_POST
def milestone_defaults(request: HttpRequest, year: int) -> HttpResponse:
    access.require_years_admin(request)
    year_obj = get_object_or_404(Year, year=year)
    services.create_default_milestones(year_obj)
    messages.success(request, _("The default milestones were added."))
    return redirect("reporting:cycle-detail", year=year)


def _editable_year(request: HttpRequest, year: Year) -> None:
    access.require_years_admin(request)
    if year.is_closed:
        raise PermissionDenied


@login_required
def milestone_create(request: HttpRequest, year: int) -> HttpResponse:
    year_obj = get_object_or_404(Year, year=year)
    _editable_year(request, year_obj)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        milestone = form.save(commit=False)
        milestone.year = year_obj
        milestone.save()
        messages.success(request, _("The milestone was added."))
        return redirect("reporting:cycle-detail", year=year)
    ctx = {"form": form, "year": year_obj, "page": "reports"}
    return render(request, "reporting/milestone_form.html", ctx)


@login_required
def milestone_update(request: HttpRequest, code: str) -> HttpResponse:
    milestone = get_object_or_404(Milestone.objects.select_related("year"), code=code)
    _editable_year(request, milestone.year)
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The milestone was saved."))
        return redirect("reporting:cycle-detail", year=milestone.year.year)
    ctx = {
        "form": form,
        "year": milestone.year,
        "milestone": milestone,
        "history": history_entries(milestone),
        "page": "reports",
    }
    return render(request, "reporting/milestone_form.html", ctx)


@login_required
@require_POST
def milestone_delete(request: HttpRequest, code: str) -> HttpResponse:
    milestone = get_object_or_404(Milestone.objects.select_related("year"), code=code)
    _editable_year(request, milestone.year)
    year = milestone.year.year
    milestone.delete()
    messages.success(request, _("The milestone was removed."))
    return redirect("reporting:cycle-detail", year=year)


# --- economy -----------------------------------------------------------------------------------------------


@login_required
def economy_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    board = rules.get_board_for_reporting(request, code)
    year_obj = get_object_or_404(Year, year=year)
    can_edit = rules.can_edit_economy(request.user, board)
    economy = services.economy_for(board, year_obj)
    ctx = {
        "board": board,
        "year": year_obj,
        "economy": economy,
        "can_edit": can_edit and not year_obj.is_closed,
        "budget_form": BudgetForm(initial={"amount": economy.budget.amount if economy.budget else None}),
        "years": Year.objects.all(),
        "page": "reports",
    }
    return render(request, "reporting/economy_detail.html", ctx)


@login_required
@require_POST
def economy_budget(request: HttpRequest, code: str, year: int) -> HttpResponse:
    board = rules.get_board_for_economy(request, code)
    year_obj = get_object_or_404(Year, year=year)
    if year_obj.is_closed:
        raise PermissionDenied
    form = BudgetForm(request.POST)
    if form.is_valid():
        services.set_budget(board, year_obj, form.cleaned_data["amount"], request.user)
        messages.success(request, _("The budget frame was saved."))
    else:
        messages.error(request, _("The budget frame must be a number."))
    return redirect("reporting:economy-detail", code=board.code, year=year)


@login_required
def economy_figure(request: HttpRequest, code: str, period: str) -> HttpResponse:
    board = rules.get_board_for_economy(request, code)
    period_obj = get_object_or_404(Period.objects.select_related("year"), code=period)
    if not access.reporting_is_open(period_obj, board, Reporting.ECONOMY):
        raise PermissionDenied
    figure = EconomyFigure.objects.filter(board=board, period=period_obj).first()
    form = EconomyFigureForm(request.POST or None, instance=figure)
    if request.method == "POST" and form.is_valid():
        services.set_economy_figure(
            board,
            period_obj,
            outcome=form.cleaned_data["outcome"],
            forecast=form.cleaned_data["forecast"],
            analysis=form.cleaned_data["analysis"],
            user=request.user,
        )
        messages.success(request, _("The economic figures were saved."))
        return redirect("reporting:economy-detail", code=board.code, year=period_obj.year.year)
    ctx = {
        "board": board,
        "period": period_obj,
        "form": form,
        "history": history_entries(figure) if figure else [],
        "page": "reports",
    }
    return render(request, "reporting/economy_form.html", ctx)


# --- reports -----------------------------------------------------------------------------------------------


def _selected_year(request: HttpRequest) -> Year:
    value = request.GET.get("ar", "")
    year = Year.objects.filter(year=int(value)).first() if value.isdigit() else None
    year = year or Year.current()
    if year is None:
        raise Http404
    return year


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """Reports: the boards the user may follow, and the municipality's compilation."""
    year = _selected_year(request)
    boards = list(rules.boards_visible_for_reporting(request.user).active())
    root = OrgUnit.objects.filter(depth=1).first()
    compilations = list(
        Report.objects.filter(unit=root, period__year=year).select_related("period", "unit") if root else []
    )
    ctx = {
        "year": year,
        "years": Year.objects.all(),
        "boards": boards,
        "root": root,
        "compilations": compilations,
        "can_compile": bool(root) and rules.can_manage_reports(request.user, root),
        # The compilation covers tertials and the year-end; monthly quick reports are each board's own.
        "periods": year.periods.exclude(kind=Period.Kind.MONTH),
        "can_style": access.is_system_admin(request.user),
        "page": "reports",
    }
    return render(request, "reporting/report_list.html", ctx)


@login_required
def board_reports(request: HttpRequest, code: str) -> HttpResponse:
    """A board's reports of a year, what can be started, and its archive of adopted reports."""
    board = rules.get_board_for_reporting(request, code)
    year = _selected_year(request)
    reports = {r.period_id: r for r in Report.objects.filter(unit=board, period__year=year)}
    rows = [(period, reports.get(period.pk)) for period in year.periods.all()]
    archive = ArchivedReport.objects.filter(unit=board).select_related("period__year")
    ctx = {
        "board": board,
        "year": year,
        "years": Year.objects.all(),
        "rows": rows,
        "archive": archive,
        "can_manage": rules.can_manage_reports(request.user, board),
        "can_edit_economy": rules.can_edit_economy(request.user, board),
        "page": "reports",
    }
    return render(request, "reporting/board_reports.html", ctx)


def _start_build(request: HttpRequest, report: Report) -> HttpResponse:
    if report.is_adopted:
        messages.error(request, _("The report is adopted and archived; it is not built again."))
        return redirect("reporting:report-detail", code=report.code)
    job = start_job(
        request,
        tasks.build_report,
        title=_("Building %(report)s") % {"report": report.title},
        params={"report": report.pk},
        next_url=reverse("reporting:report-detail", kwargs={"code": report.code}),
    )
    return redirect(job_url(job))


@login_required
@require_POST
def report_start(request: HttpRequest, code: str) -> HttpResponse:
    """Start (or rebuild) a board's report for a period: the build runs in the background."""
    board = rules.get_board_for_reporting(request, code)
    if not rules.can_manage_reports(request.user, board):
        raise PermissionDenied
    return _start_for(request, board)


@login_required
@require_POST
def compilation_start(request: HttpRequest) -> HttpResponse:
    root = get_object_or_404(OrgUnit, depth=1)
    if not rules.can_manage_reports(request.user, root):
        raise PermissionDenied
    return _start_for(request, root)


def _start_for(request: HttpRequest, unit: OrgUnit) -> HttpResponse:
    form = PeriodChoiceForm(request.POST, periods=Period.objects.select_related("year"))
    if not form.is_valid():
        messages.error(request, _("Choose a period."))
        return redirect("reporting:report-list")
    period = form.cleaned_data["period"]
    if period.kind == Period.Kind.MONTH and (
        unit.kind != OrgUnit.Kind.BOARD or not period.collects_kind(Reporting.ECONOMY)
    ):
        # A quick report is a board's, for a monthly period that collects economy.
        messages.error(request, _("A quick report is made by a board for a monthly period with economy."))
        return redirect("reporting:report-list")
    report = services.get_or_create_report(unit, period, request.user)
    return _start_build(request, report)


@login_required
def report_detail(request: HttpRequest, code: str) -> HttpResponse:
    report, can_manage = rules.get_report_for_user(request, code)
    archived = ArchivedReport.objects.filter(report=report).first()
    ctx = {
        "report": report,
        "archived": archived,
        "can_manage": can_manage and not report.is_adopted,
        "can_comment": can_manage and report.is_quick and services.comment_is_open(report),
        "history": history_entries(report),
        "page": "reports",
    }
    return render(request, "reporting/report_detail.html", ctx)


@login_required
def report_pdf(request: HttpRequest, code: str) -> FileResponse:
    report, _can_manage = rules.get_report_for_user(request, code)
    if not report.pdf:
        raise Http404
    return stored_file_response(report.pdf, filename=report.pdf.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def report_build(request: HttpRequest, code: str) -> HttpResponse:
    report = rules.get_managed_report(request, code)
    return _start_build(request, report)


@login_required
def report_summary(request: HttpRequest, code: str) -> HttpResponse:
    report = rules.get_managed_report(request, code)
    if report.is_adopted:
        raise PermissionDenied
    form = ReportSummaryForm(request.POST or None, instance=report)
    # The municipality's report also has the executive board's analysis of each council direction.
    analyses = (
        municipality.DirectionAnalysesForm(request.POST or None, report=report, prefix="analysis")
        if report.scope == Report.Scope.MUNICIPALITY
        else None
    )
    if request.method == "POST" and form.is_valid() and (analyses is None or analyses.is_valid()):
        with transaction.atomic():
            form.save()
            if analyses is not None:
                municipality.save_analyses(report, analyses.texts(), request.user)
        messages.success(request, _("The summary was saved. Build the report again to include it."))
        return redirect("reporting:report-detail", code=report.code)
    ctx = {"report": report, "form": form, "analyses": analyses, "page": "reports"}
    return render(request, "reporting/report_summary.html", ctx)


@login_required
def report_comment(request: HttpRequest, code: str) -> HttpResponse:
    """The board's comment on a quick report, written until the board's follow-up deadline of the period."""
    report = rules.get_managed_report(request, code)
    if not report.is_quick or not services.comment_is_open(report):
        raise PermissionDenied
    form = ReportCommentForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        services.set_comment(report, form.cleaned_data["comment"])
        messages.success(request, _("The comment was saved. Build the report again to include it."))
        return redirect("reporting:report-detail", code=report.code)
    return render(
        request, "reporting/report_comment.html", {"report": report, "form": form, "page": "reports"}
    )


@login_required
@require_POST
def report_ready(request: HttpRequest, code: str) -> HttpResponse:
    report = rules.get_managed_report(request, code)
    if report.is_adopted:
        raise PermissionDenied
    if not report.is_built:
        messages.error(request, _("Build the report before marking it ready."))
    else:
        services.mark_ready(report)
        messages.success(request, _("The report is marked ready for decision."))
    return redirect("reporting:report-detail", code=report.code)


@login_required
def report_adopt(request: HttpRequest, code: str) -> HttpResponse:
    report = rules.get_managed_report(request, code)
    if report.status != Report.Status.READY:
        raise PermissionDenied
    form = AdoptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        archived = services.adopt(
            report,
            decision_date=form.cleaned_data["decision_date"],
            paragraph=form.cleaned_data["decision_paragraph"],
            user=request.user,
        )
        messages.success(request, _("The report is adopted and archived."))
        return redirect("reporting:archived-detail", code=archived.code)
    ctx = {"report": report, "form": form, "page": "reports"}
    return render(request, "reporting/report_adopt.html", ctx)


# --- the archive -------------------------------------------------------------------------------------------


def _archived_for_user(request: HttpRequest, code: str) -> ArchivedReport:
    archived = get_object_or_404(ArchivedReport.objects.select_related("unit", "period__year"), code=code)
    if not rules.can_view_board_reporting(request.user, archived.unit):
        raise Http404
    return archived


@login_required
def archived_detail(request: HttpRequest, code: str) -> HttpResponse:
    archived = _archived_for_user(request, code)
    ctx = {"archived": archived, "page": "reports"}
    return render(request, "reporting/archived_detail.html", ctx)


@login_required
def archived_html(request: HttpRequest, code: str) -> HttpResponse:
    """The archived HTML document exactly as it was adopted."""
    archived = _archived_for_user(request, code)
    response = HttpResponse(archived.html, content_type="text/html; charset=utf-8")
    # The snapshot is a standalone document; it runs no scripts and loads nothing but our own stylesheet.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'self'; img-src data:"
    return response


@login_required
def archived_pdf(request: HttpRequest, code: str) -> FileResponse:
    archived = _archived_for_user(request, code)
    return stored_file_response(archived.pdf, filename=archived.pdf.name.rsplit("/", 1)[-1])


# --- Excel -------------------------------------------------------------------------------------------------


def _board_and_period(request: HttpRequest, code: str, period: str) -> tuple[OrgUnit, Period]:
    board = rules.get_board_for_reporting(request, code)
    return board, get_object_or_404(Period.objects.select_related("year"), code=period)


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _file_stem(board: OrgUnit, period: Period) -> str:
    return f"{slugify(board.short_name or board.name)}-{period.year.year}-{period.key}"


@login_required
def excel_export(request: HttpRequest, code: str, period: str) -> HttpResponse:
    board, period_obj = _board_and_period(request, code, period)
    return _xlsx(exports.export_board(board, period_obj), f"{_file_stem(board, period_obj)}.xlsx")


@login_required
def excel_template(request: HttpRequest, code: str, period: str) -> HttpResponse:
    board, period_obj = _board_and_period(request, code, period)
    if not rules.can_edit_economy(request.user, board):
        raise PermissionDenied
    return _xlsx(exports.import_template(board, period_obj), f"mall-{_file_stem(board, period_obj)}.xlsx")


@login_required
def excel_import(request: HttpRequest, code: str, period: str) -> HttpResponse:
    board, period_obj = _board_and_period(request, code, period)
    if not rules.can_edit_economy(request.user, board):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = exports.import_workbook(form.cleaned_data["file"], board, period_obj, request.user)
        if result.ok:
            messages.success(
                request,
                " ".join(
                    [
                        ngettext(
                            "Imported %(count)s indicator outcome.",
                            "Imported %(count)s indicator outcomes.",
                            result.outcomes,
                        )
                        % {"count": result.outcomes},
                        ngettext(
                            "Imported %(count)s row of economic figures.",
                            "Imported %(count)s rows of economic figures.",
                            result.economy,
                        )
                        % {"count": result.economy},
                    ]
                ),
            )
            if result.unusual:  # saved like the form's confirmed values, marked in the history
                messages.warning(
                    request,
                    _(
                        "Far outside the indicator's own history, saved and marked as unusual: %(names)s. Check the "
                        "figures; a wrong one is corrected by entering the outcome again."
                    )
                    % {"names": ", ".join(result.unusual)},
                )
            return redirect("reporting:excel-import", code=board.code, period=period_obj.code)
    ctx = {
        "board": board,
        "period": period_obj,
        "form": form,
        "result": result,
        "locked": not access.reporting_is_open(period_obj, board, Reporting.OUTCOMES),
        "page": "reports",
    }
    refused = request.method == "POST" and (not form.is_valid() or (result is not None and not result.ok))
    return render(request, "reporting/excel_import.html", ctx, status=422 if refused else 200)


# --- the municipality's report appearance ----------------------------------------------------------------------


@login_required
def report_style(request: HttpRequest) -> HttpResponse:
    """The administrator sets the municipality's logo and report colour, used on the PDF reports' cover and
    headings."""
    if not access.is_system_admin(request.user):
        raise PermissionDenied
    style = ReportStyle.current()
    form = branding.ReportStyleForm(
        request.POST or None, request.FILES or None, initial={"colour": style.colour}
    )
    if request.method == "POST" and form.is_valid():
        logo = form.cleaned_data["logo"]
        if logo is not None:
            style.logo, style.logo_type = logo
        elif form.cleaned_data["remove_logo"]:
            style.logo, style.logo_type = b"", ""
        style.colour = form.cleaned_data["colour"]
        style.updated_by = request.user
        style.updated_at = timezone.now()
        style.save()
        messages.success(
            request, _("The report appearance was saved. It applies to reports built from now on.")
        )
        return redirect("reporting:report-style")
    ctx = {
        "form": form,
        "style": style,
        "logo_url": branding.logo_data_url(style),
        "page": "reports",
    }
    return render(request, "reporting/report_style.html", ctx)
