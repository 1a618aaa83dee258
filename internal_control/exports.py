"""Excel export of a control plan with its results, and the PDFs of a plan's follow-up and of the compilation.

A plan is at most a few hundred rows and renders in well under a second, so these are served directly rather
than through a background job."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from styrmodell.lib.pdf import render_pdf
from styrmodell.lib.xlsx import XLSX_CONTENT_TYPE, SafeWorkbook

from . import rules, services
from .models import ControlPlan
from .views import _compilation_ctx, _followup_ctx


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _slug(plan: ControlPlan) -> str:
    name = plan.board.short_name or str(plan.board.pk)
    return "".join(c for c in name if c.isalnum()) or "plan"


def plan_workbook(plan: ControlPlan, today) -> bytes:
    """Four sheets: processes, risks, controls, results with actions (a fixed number of queries)."""
    matrix = plan.matrix
    book = SafeWorkbook()
    sheet = book.sheet(_("Processes"))
    sheet.header([_("Process or routine"), _("Description"), _("Process owner")], widths=[40, 60, 30])
    for process in plan.processes.all():
        sheet.append([process.name, process.description, process.owner])

    sheet = book.sheet(_("Risks"))
    sheet.header(
        [
            _("Process"),
            _("Risk"),
            _("Category"),
            _("Likelihood"),
            _("Consequence"),
            _("Risk score"),
            _("Risk level"),
            _("Risk owner"),
            _("Planned mitigation"),
            _("Threatened goal"),
        ],
        widths=[30, 60, 18, 18, 18, 10, 14, 25, 50, 40],
    )
    for risk in plan.risks.select_related("process", "goal"):
        sheet.append(
            [
                risk.process.name,
                risk.description,
                risk.get_category_display(),
                f"{risk.likelihood} {matrix.likelihood_label(risk.likelihood)}",
                f"{risk.consequence} {matrix.consequence_label(risk.consequence)}",
                risk.score,
                matrix.band_for(risk.score).label,
                risk.owner,
                risk.mitigation,
                risk.goal.title if risk.goal else "",
            ]
        )

    followup = services.follow_up(plan, today)
    sheet = book.sheet(_("Controls"))
    sheet.header(
        [
            _("Risk"),
            _("What is checked"),
            _("Method"),
            _("Frequency"),
            _("Occurrences"),
            _("Control owner"),
            _("Reported to"),
        ],
        widths=[50, 40, 50, 16, 12, 25, 25],
    )
    for item in followup.controls:
        control = item.control
        sheet.append(
            [
                control.risk.description,
                control.what,
                control.method,
                control.get_frequency_display(),
                control.occurrence_count,
                str(control.owner),
                control.report_to,
            ]
        )

    sheet = book.sheet(_("Results"))
    sheet.header(
        [
            _("What is checked"),
            _("Occurrence"),
            _("Date performed"),
            _("Outcome"),
            _("Findings"),
            _("Corrects an earlier result"),
            pgettext("internal control", "Action"),
            _("Responsible"),
            _("Due date"),
            _("Status"),
        ],
        widths=[40, 14, 14, 16, 50, 12, 50, 25, 14, 10],
    )
    for item in followup.controls:
        for row in item.rows:
            result = row.result
            if result is None:
                status = _("Not reported, due") if row.is_due else _("Not yet due")
                sheet.append([item.control.what, row.occurrence.label, None, status])
                continue
            base = [
                item.control.what,
                row.occurrence.label,
                result.performed_on,
                result.get_outcome_display(),
                result.findings,
                _("Yes") if result.supersedes_id else _("No"),
            ]
            actions = list(result.actions.all())
            if not actions:
                sheet.append(base)
            for action in actions:
                sheet.append(
                    [*base, action.description, action.owner, action.due_date, action.get_status_display()]
                )
    return book.to_bytes()


@login_required
def plan_export(request: HttpRequest, code) -> HttpResponse:
    plan, _can_edit = rules.get_control_plan_for_user(request, code)
    data = plan_workbook(plan, timezone.localdate())
    return _download(data, XLSX_CONTENT_TYPE, f"internkontrollplan-{_slug(plan)}-{plan.year.year}.xlsx")


@login_required
def plan_followup_pdf(request: HttpRequest, code) -> HttpResponse:
    ctx = _followup_ctx(request, code)
    plan = ctx["plan"]
    title = _("Follow-up of internal control %(board)s %(year)s") % {
        "board": plan.board.name,
        "year": plan.year.year,
    }
    pdf = render_pdf("internal_control/pdf/plan_followup.html", ctx, title=title)
    return _download(
        pdf, "application/pdf", f"uppfoljning-intern-kontroll-{_slug(plan)}-{plan.year.year}.pdf"
    )


@login_required
def compilation_pdf(request: HttpRequest, year: int) -> HttpResponse:
    ctx = _compilation_ctx(request, year)
    title = _("Internal control in every board %(year)s") % {"year": year}
    pdf = render_pdf("internal_control/pdf/compilation.html", ctx, title=title)
    return _download(pdf, "application/pdf", f"intern-kontroll-sammanstallning-{year}.pdf")
