"""Pages of the budget process: the year's overview and calendar, the directive, each board's environment analysis
and requests, the budget preparation, the budget and strategy plan and its archive, and the working budgets."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrmodell.lib.files import stored_file_response
from styrmodell.lib.history import history_entries
from styrmodell.lib.xlsx import XLSX_CONTENT_TYPE
from styrmodell.models import OrgUnit, Year

from . import exports, rules, services
from .forms import (
    AdoptForm,
    AnalysisForm,
    CalendarForm,
    DecisionForm,
    DirectiveForm,
    ImportForm,
    PlanForm,
    RequestForm,
    WorkingBudgetForm,
)
from .models import ArchivedPlan, BudgetCalendar, BudgetRequest, Directive, EnvironmentAnalysis, StrategyPlan

PAGE = "budget"


def _refuse(request: HttpRequest, message: str) -> HttpResponse:
    """403 with the reason in words (the generic 403 page cannot say why)."""
    return render(request, "budget/refused.html", {"message": message, "page": PAGE}, status=403)


def _closed_year_message() -> str:
    return _("The year is closed; nothing in its budget process can be changed.")


def _adopted_message() -> str:
    return _("The budget and strategy plan is adopted and archived; nothing about it can be changed.")


def _form_page(request: HttpRequest, form, *, title: str, back: str, submit: str, **extra) -> HttpResponse:
    ctx = {"form": form, "title": title, "back": back, "submit": submit, "page": PAGE, **extra}
    status = 422 if request.method == "POST" and form.is_bound and not form.is_valid() else 200
    return render(request, "budget/object_form.html", ctx, status=status)


def _plan(year: Year) -> StrategyPlan | None:
    return StrategyPlan.objects.filter(year=year).first()


# --- the year -----------------------------------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    year = Year.current()
    if year is None:
        raise Http404
    return redirect("budget:year-detail", year=year.year)


@login_required
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    year_obj = rules.get_year(year)
    calendar = BudgetCalendar.for_year(year_obj)
    user = request.user
    ctx = {
        "year": year_obj,
        "budget_year": year_obj.year + 1,
        "steps": services.steps_of(calendar),
        "directive": Directive.objects.filter(year=year_obj).first(),
        "plan": _plan(year_obj),
        "boards": rules.boards_visible_to(user),
        "can_see_preparation": rules.can_see_preparation(user),
        "can_edit_calendar": _can_edit_calendar(request) and not year_obj.is_closed,
        "years": Year.objects.all(),
        "page": PAGE,
    }
    return render(request, "budget/year_detail.html", ctx)


def _can_edit_calendar(request: HttpRequest) -> bool:
    return rules.can_keep_directive(request.user) or rules.is_preparer(request.user)


@login_required
def calendar_update(request: HttpRequest, year: int) -> HttpResponse:
    year_obj = rules.get_year(year)
    if not _can_edit_calendar(request):
        raise PermissionDenied
    if year_obj.is_closed:
        return _refuse(request, _closed_year_message())
    calendar = BudgetCalendar.for_year(year_obj)
    form = CalendarForm(request.POST or None, instance=calendar)
    if request.method == "POST" and form.is_valid():
        services.save_calendar(year_obj, {name: form.cleaned_data[name] for name in form.Meta.fields})
        messages.success(request, _("The dates of the budget process were saved."))
        return redirect("budget:year-detail", year=year)
    return _form_page(
        request,
        form,
        title=_("Dates of the budget process %(year)s") % {"year": year},
        back=reverse("budget:year-detail", args=[year]),
        submit=_("Save"),
        history=history_entries(calendar) if calendar.pk else None,
    )


# --- the directive ------------------------------------------------------------------------------------------------


@login_required
def directive_detail(request: HttpRequest, year: int) -> HttpResponse:
    year_obj = rules.get_year(year)
    directive = Directive.objects.filter(year=year_obj).first()
    frames = list(directive.frames.select_related("board")) if directive else []
    ctx = {
        "year": year_obj,
        "budget_year": year_obj.year + 1,
        "directive": directive,
        "frames": frames,
        "total": sum((f.amount for f in frames), Decimal("0")),
        "can_edit": rules.can_keep_directive(request.user) and not year_obj.is_closed,
        "history": history_entries(directive) if directive else None,
        "page": PAGE,
    }
    return render(request, "budget/directive_detail.html", ctx)


@login_required
def directive_update(request: HttpRequest, year: int) -> HttpResponse:
    year_obj = rules.get_year(year)
    if not rules.can_keep_directive(request.user):
        raise PermissionDenied
    if year_obj.is_closed:
        return _refuse(request, _closed_year_message())
    directive = Directive.objects.filter(year=year_obj).first()
    boards = list(OrgUnit.objects.boards().active())
    initial = {}
    if directive:
        initial = {
            "assumptions": directive.assumptions,
            "decision_date": directive.decision_date,
            "decision_paragraph": directive.decision_paragraph,
        }
        initial.update({f"frame_{f.board_id}": f.amount for f in directive.frames.all()})
    form = DirectiveForm(request.POST or None, initial=initial, boards=boards)
    if request.method == "POST" and form.is_valid():
        services.save_directive(
            year_obj,
            assumptions=form.cleaned_data["assumptions"],
            decision_date=form.cleaned_data["decision_date"],
            decision_paragraph=form.cleaned_data["decision_paragraph"],
            frames=form.frames(),
            user=request.user,
        )
        messages.success(request, _("The budget directive was saved."))
        return redirect("budget:directive-detail", year=year)
    return _form_page(
        request,
        form,
        title=_("Budget directive for the budget process %(year)s") % {"year": year},
        back=reverse("budget:directive-detail", args=[year]),
        submit=_("Save"),
    )


# --- a board's budget work ----------------------------------------------------------------------------------------


@login_required
def board_detail(request: HttpRequest, year: int, code) -> HttpResponse:
    year_obj = rules.get_year(year)
    board = rules.get_board(request, code)
    user = request.user
    requests = BudgetRequest.objects.filter(board=board, year=year_obj).select_related("goal", "direction")
    if not rules.can_see_drafts(user, board):
        requests = requests.submitted()
    requests = list(requests)
    plan = _plan(year_obj)
    can_write = rules.can_write_requests(user, board) and not year_obj.is_closed
    ctx = {
        "year": year_obj,
        "budget_year": year_obj.year + 1,
        "board": board,
        "frame": services.directive_frames(year_obj).get(board.pk),
        "analysis": EnvironmentAnalysis.objects.filter(board=board, year=year_obj).first(),
        "requests": requests,
        "requested": sum((r.amount for r in requests if r.is_submitted), Decimal("0")),
        "calendar": BudgetCalendar.for_year(year_obj),
        "can_write": can_write,
        "can_add": can_write and not (plan and plan.is_adopted),
        "plan": plan,
        "working_budget": services.working_budget(board, year_obj),
        "can_keep_working_budget": rules.can_keep_working_budget(user, board),
        "page": PAGE,
    }
    return render(request, "budget/board_detail.html", ctx)


def _writable_board(request: HttpRequest, year: int, code) -> tuple[Year, OrgUnit, HttpResponse | None]:
    year_obj = rules.get_year(year)
    board = rules.get_board(request, code)
    if not rules.can_write_requests(request.user, board):
        raise PermissionDenied
    if year_obj.is_closed:
        return year_obj, board, _refuse(request, _closed_year_message())
    return year_obj, board, None


@login_required
def analysis_update(request: HttpRequest, year: int, code) -> HttpResponse:
    year_obj, board, refused = _writable_board(request, year, code)
    if refused:
        return refused
    analysis = EnvironmentAnalysis.objects.filter(board=board, year=year_obj).first()
    form = AnalysisForm(request.POST or None, instance=analysis)
    if request.method == "POST" and form.is_valid():
        services.save_analysis(board, year_obj, form.cleaned_data["text"], request.user)
        messages.success(request, _("The environment analysis was saved."))
        return redirect("budget:board-detail", year=year, code=board.code)
    return _form_page(
        request,
        form,
        title=_("Environment analysis %(year)s: %(board)s") % {"year": year, "board": board.name},
        back=reverse("budget:board-detail", args=[year, board.code]),
        submit=_("Save"),
        history=history_entries(analysis) if analysis else None,
    )


@login_required
def request_create(request: HttpRequest, year: int, code) -> HttpResponse:
    year_obj, board, refused = _writable_board(request, year, code)
    if refused:
        return refused
    if services.plan_is_adopted(year_obj):
        return _refuse(request, _adopted_message())
    form = RequestForm(request.POST or None, board=board, year=year_obj)
    if request.method == "POST" and form.is_valid():
        budget_request = form.save(commit=False)
        budget_request.board, budget_request.year, budget_request.created_by = board, year_obj, request.user
        budget_request.save()
        messages.success(request, _("The request was saved as a draft. Submit it when it is ready."))
        return redirect("budget:request-detail", code=budget_request.code)
    return _form_page(
        request,
        form,
        title=_("New budget request: %(board)s") % {"board": board.name},
        back=reverse("budget:board-detail", args=[year, board.code]),
        submit=_("Save as draft"),
    )


@login_required
def request_detail(request: HttpRequest, code) -> HttpResponse:
    budget_request = rules.get_request(request, code)
    user = request.user
    adopted = services.plan_is_adopted(budget_request.year)
    open_year = not budget_request.year.is_closed
    writer = rules.can_write_requests(user, budget_request.board) and open_year and not adopted
    ctx = {
        "req": budget_request,
        "year": budget_request.year,
        "board": budget_request.board,
        "can_change": writer and not budget_request.is_submitted,
        "can_withdraw": writer and budget_request.is_submitted and not budget_request.is_decided,
        "can_decide": rules.can_decide(user, budget_request, adopted),
        "history": history_entries(budget_request),
        "page": PAGE,
    }
    return render(request, "budget/request_detail.html", ctx)


def _changeable_request(request: HttpRequest, code) -> tuple[BudgetRequest, HttpResponse | None]:
    budget_request = rules.get_request(request, code)
    if not rules.can_write_requests(request.user, budget_request.board):
        raise PermissionDenied
    if budget_request.year.is_closed:
        return budget_request, _refuse(request, _closed_year_message())
    if services.plan_is_adopted(budget_request.year):
        return budget_request, _refuse(request, _adopted_message())
    return budget_request, None


@login_required
def request_update(request: HttpRequest, code) -> HttpResponse:
    budget_request, refused = _changeable_request(request, code)
    if refused:
        return refused
    if budget_request.is_submitted:
        return _refuse(request, _("The request is submitted; withdraw it to change it."))
    form = RequestForm(
        request.POST or None, instance=budget_request, board=budget_request.board, year=budget_request.year
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The request was saved."))
        return redirect("budget:request-detail", code=budget_request.code)
    return _form_page(
        request,
        form,
        title=_("Change the budget request"),
        back=reverse("budget:request-detail", args=[budget_request.code]),
        submit=_("Save"),
    )


@login_required
@require_POST
def request_submit(request: HttpRequest, code) -> HttpResponse:
    budget_request, refused = _changeable_request(request, code)
    if refused:
        return refused
    if not budget_request.is_submitted:
        services.submit(budget_request)
        messages.success(request, _("The request was submitted to the budget preparation."))
    return redirect("budget:request-detail", code=budget_request.code)


@login_required
@require_POST
def request_withdraw(request: HttpRequest, code) -> HttpResponse:
    budget_request, refused = _changeable_request(request, code)
    if refused:
        return refused
    if budget_request.is_decided:
        return _refuse(
            request, _("The budget preparation has decided on the request; it cannot be withdrawn.")
        )
    if budget_request.is_submitted:
        services.withdraw(budget_request)
        messages.success(request, _("The request was withdrawn and is a draft again."))
    return redirect("budget:request-detail", code=budget_request.code)


@login_required
@require_POST
def request_delete(request: HttpRequest, code) -> HttpResponse:
    budget_request, refused = _changeable_request(request, code)
    if refused:
        return refused
    if budget_request.is_submitted:
        return _refuse(request, _("The request is submitted; withdraw it to change it."))
    board, year = budget_request.board, budget_request.year
    budget_request.delete()
    messages.success(request, _("The draft request was removed."))
    return redirect("budget:board-detail", year=year.year, code=board.code)


# --- the budget preparation ---------------------------------------------------------------------------------------


@login_required
def preparation(request: HttpRequest, year: int) -> HttpResponse:
    year_obj = rules.get_year(year)
    if not rules.can_see_preparation(request.user):
        raise Http404
    rows = services.compilation(year_obj)
    plan = _plan(year_obj)
    adopted = bool(plan and plan.is_adopted)
    ctx = {
        "year": year_obj,
        "budget_year": year_obj.year + 1,
        "rows": rows,
        "total_frame": sum((r.frame or Decimal("0") for r in rows), Decimal("0")),
        "total_requested": sum((r.requested for r in rows), Decimal("0")),
        "total_granted": sum((r.granted for r in rows), Decimal("0")),
        "can_decide": rules.is_preparer(request.user) and not year_obj.is_closed and not adopted,
        "plan": plan,
        "calendar": BudgetCalendar.for_year(year_obj),
        "page": PAGE,
    }
    return render(request, "budget/preparation.html", ctx)


@login_required
def request_decide(request: HttpRequest, code) -> HttpResponse:
    budget_request = rules.get_request(request, code)
    if not budget_request.is_submitted:
        raise Http404
    if not rules.is_preparer(request.user):
        raise PermissionDenied
    if budget_request.year.is_closed:
        return _refuse(request, _closed_year_message())
    if services.plan_is_adopted(budget_request.year):
        return _refuse(request, _adopted_message())
    form = DecisionForm(request.POST or None, instance=budget_request)
    if request.method == "POST" and form.is_valid():
        services.decide(
            budget_request,
            decision=form.cleaned_data["decision"],
            approved_amount=form.cleaned_data["approved_amount"],
            comment=form.cleaned_data["decision_comment"],
            user=request.user,
        )
        messages.success(
            request, _("The decision on “%(title)s” was saved.") % {"title": budget_request.title}
        )
        return redirect("budget:preparation", year=budget_request.year.year)
    return _form_page(
        request,
        form,
        title=_("Decision on a budget request"),
        back=reverse("budget:preparation", args=[budget_request.year.year]),
        submit=_("Save the decision"),
        req=budget_request,
    )


# --- the budget and strategy plan ---------------------------------------------------------------------------------


def _can_keep_plan(request: HttpRequest) -> bool:
    return rules.is_preparer(request.user)


@login_required
def plan_detail(request: HttpRequest, year: int) -> HttpResponse:
    year_obj = rules.get_year(year)
    plan = _plan(year_obj)
    can_keep = _can_keep_plan(request) and not year_obj.is_closed
    ctx = {
        "year": year_obj,
        "budget_year": year_obj.year + 1,
        "plan": plan,
        "can_create": can_keep and plan is None,
        "can_edit": can_keep and plan is not None and not plan.is_adopted,
        "archived": getattr(plan, "archived", None) if plan and plan.is_adopted else None,
        "history": history_entries(plan) if plan else None,
        "page": PAGE,
    }
    if plan is not None:
        ctx.update(services.plan_context(plan))
    return render(request, "budget/plan_detail.html", ctx)


def _editable_plan(request: HttpRequest, year: int) -> tuple[StrategyPlan | None, HttpResponse | None]:
    year_obj = rules.get_year(year)
    if not _can_keep_plan(request):
        raise PermissionDenied
    plan = get_object_or_404(StrategyPlan.objects.select_related("year"), year=year_obj)
    if plan.is_adopted:
        return plan, _refuse(request, _adopted_message())
    if year_obj.is_closed:
        return plan, _refuse(request, _closed_year_message())
    return plan, None


@login_required
@require_POST
def plan_create(request: HttpRequest, year: int) -> HttpResponse:
    year_obj = rules.get_year(year)
    if not _can_keep_plan(request):
        raise PermissionDenied
    if year_obj.is_closed:
        return _refuse(request, _closed_year_message())
    services.create_plan(year_obj, request.user)
    messages.success(
        request, _("The plan was drawn up with the directive's frames and the approved requests.")
    )
    return redirect("budget:plan-detail", year=year)


@login_required
def plan_update(request: HttpRequest, year: int) -> HttpResponse:
    plan, refused = _editable_plan(request, year)
    if refused:
        return refused
    frames = list(plan.frames.select_related("board"))
    form = PlanForm(request.POST or None, initial={"introduction": plan.introduction}, frames=frames)
    if request.method == "POST" and form.is_valid():
        services.update_plan(plan, introduction=form.cleaned_data["introduction"], amounts=form.amounts())
        messages.success(request, _("The plan was saved."))
        return redirect("budget:plan-detail", year=year)
    return _form_page(
        request,
        form,
        title=_("Change the budget and strategy plan"),
        back=reverse("budget:plan-detail", args=[year]),
        submit=_("Save"),
    )


@login_required
@require_POST
def plan_refresh(request: HttpRequest, year: int) -> HttpResponse:
    plan, refused = _editable_plan(request, year)
    if refused:
        return refused
    services.refresh_frames(plan)
    messages.success(request, _("The frames were taken again from the directive and the decisions."))
    return redirect("budget:plan-detail", year=year)


@login_required
def plan_adopt(request: HttpRequest, year: int) -> HttpResponse:
    plan, refused = _editable_plan(request, year)
    if refused:
        return refused
    form = AdoptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt_plan(
                plan,
                decision_date=form.cleaned_data["decision_date"],
                paragraph=form.cleaned_data["decision_paragraph"],
                user=request.user,
            )
        except services.PlanAdopted:
            return _refuse(request, _adopted_message())
        messages.success(request, _("The plan is adopted and archived."))
        return redirect("budget:plan-detail", year=year)
    return _form_page(
        request,
        form,
        title=_("Adopt the budget and strategy plan"),
        back=reverse("budget:plan-detail", args=[year]),
        submit=_("Adopt and archive"),
        intro=_(
            "The council's decision is recorded and the plan is archived as a PDF and HTML document that "
            "nothing changes afterwards."
        ),
    )


def _archived(request: HttpRequest, year: int):
    year_obj = rules.get_year(year)
    return get_object_or_404(ArchivedPlan, plan__year=year_obj, plan__status=StrategyPlan.Status.ADOPTED)


@login_required
def plan_pdf(request: HttpRequest, year: int) -> FileResponse:
    archived = _archived(request, year)
    return stored_file_response(
        archived.pdf, filename=f"budget-och-strategiplan-{year + 1}.pdf", as_attachment=False
    )


@login_required
def plan_html(request: HttpRequest, year: int) -> HttpResponse:
    archived = _archived(request, year)
    return HttpResponse(archived.html, content_type="text/html; charset=utf-8")


# --- the working budget -------------------------------------------------------------------------------------------


def _working_budget_board(request: HttpRequest, year: int, code) -> tuple[Year, OrgUnit, bool]:
    year_obj = rules.get_year(year)
    board = rules.get_board(request, code)
    return year_obj, board, rules.can_keep_working_budget(request.user, board) and not year_obj.is_closed


@login_required
def working_budget(request: HttpRequest, year: int, code) -> HttpResponse:
    year_obj, board, can_edit = _working_budget_board(request, year, code)
    budget = services.working_budget(board, year_obj)
    if request.method == "POST":
        if not can_edit:
            if year_obj.is_closed:
                return _refuse(request, _closed_year_message())
            raise PermissionDenied
    form = WorkingBudgetForm(request.POST or None, units=budget.units, amounts=budget.amounts)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.save_working_budget(board, year_obj, form.amounts(), request.user)
        except services.WorkingBudgetError as problem:
            error = str(problem)
        else:
            messages.success(request, _("The working budget was saved."))
            return redirect("budget:working-budget", year=year, code=board.code)
    if error:
        form.add_error(None, error)
    ctx = {
        "year": year_obj,
        "budget_year": year_obj.year + 1,
        "board": board,
        "budget": budget,
        "form": form,
        "can_edit": can_edit and budget.frame is not None,
        "page": PAGE,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "budget/working_budget.html", ctx, status=status)


@login_required
def working_budget_template(request: HttpRequest, year: int, code) -> HttpResponse:
    year_obj, board, _can_edit = _working_budget_board(request, year, code)
    response = HttpResponse(exports.template(board, year_obj), content_type=XLSX_CONTENT_TYPE)
    name = f"arbetsbudget-{board.short_name or board.pk}-{year_obj.year + 1}.xlsx".lower()
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def working_budget_import(request: HttpRequest, year: int, code) -> HttpResponse:
    year_obj, board, can_edit = _working_budget_board(request, year, code)
    if not can_edit:
        if year_obj.is_closed:
            return _refuse(request, _closed_year_message())
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = exports.import_workbook(form.cleaned_data["file"], board, year_obj, request.user)
        if result.ok:
            messages.success(
                request, _("The working budget was imported: %(rows)s units.") % {"rows": result.rows}
            )
            return redirect("budget:working-budget", year=year, code=board.code)
    ctx = {"year": year_obj, "board": board, "form": form, "result": result, "page": PAGE}
    refused = request.method == "POST" and (not form.is_valid() or (result is not None and not result.ok))
    return render(request, "budget/working_budget_import.html", ctx, status=422 if refused else 200)
