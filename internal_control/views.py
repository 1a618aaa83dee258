"""Internal control pages: the risk matrix, control plans with processes, risks and controls, results and
actions, the follow-up of a plan and the compilation of every board for the executive board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from styrmodell.lib.history import history_entries
from styrmodell.models import Year

from . import rules, services
from .forms import (
    ActionForm,
    AdoptForm,
    ControlForm,
    PlanCreateForm,
    ProcessForm,
    ResultForm,
    RiskForm,
    RiskMatrixForm,
)
from .models import ControlResult, RiskMatrix

PAGE = "internal_control"


def _form_page(request: HttpRequest, form, *, title: str, back: str, submit: str, **extra) -> HttpResponse:
    ctx = {"form": form, "title": title, "back": back, "submit": submit, "page": PAGE, **extra}
    return render(request, "internal_control/object_form.html", ctx)


# --- start page and matrix -----------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = rules.control_plans_visible_to(request.user).order_by("-year__year", "board__path")
    ctx = {
        "plans": plans,
        "can_create": rules.ic_boards_editable_by(request.user).exists(),
        "current_year": Year.current(),
        "page": PAGE,
    }
    return render(request, "internal_control/plan_list.html", ctx)


@login_required
def matrix_detail(request: HttpRequest) -> HttpResponse:
    matrix = RiskMatrix.objects.current()
    ctx = {
        "matrix": matrix,
        "heat_map": services.heat_map(matrix, []),
        "versions": RiskMatrix.objects.exclude(pk=matrix.pk),
        "can_edit": rules.can_edit_risk_matrix(request.user),
        "history": history_entries(matrix),
        "page": PAGE,
    }
    return render(request, "internal_control/matrix_detail.html", ctx)


@login_required
def matrix_update(request: HttpRequest) -> HttpResponse:
    if not rules.can_edit_risk_matrix(request.user):
        raise PermissionDenied
    matrix = RiskMatrix.objects.current()
    form = RiskMatrixForm(request.POST or None, instance=matrix)
    if request.method == "POST" and form.is_valid():
        saved = services.save_matrix(RiskMatrix.objects.get(pk=matrix.pk), form.cleaned_data)
        if saved.pk != matrix.pk:
            messages.success(
                request,
                _("The matrix is used by plans, so version %(version)s was made; older plans keep theirs.")
                % {"version": saved.version},
            )
        else:
            messages.success(request, _("The risk matrix was saved."))
        return redirect("internal_control:matrix-detail")
    return _form_page(
        request,
        form,
        title=_("Change the risk matrix"),
        back=reverse("internal_control:matrix-detail"),
        submit=_("Save"),
        intro=_("A matrix that a plan uses is not changed: saving makes a new version for new plans."),
    )


# --- plans ---------------------------------------------------------------------------------------------------


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    boards = rules.ic_boards_editable_by(request.user)
    if not boards.exists():
        raise PermissionDenied
    form = PlanCreateForm(request.POST or None, boards=boards)
    if request.method == "POST" and form.is_valid():
        plan = services.create_plan(form.cleaned_data["board"], form.cleaned_data["year"])
        messages.success(request, _("The control plan was created. Start with the process register."))
        return redirect("internal_control:plan-detail", code=plan.code)
    return _form_page(
        request,
        form,
        title=_("New control plan"),
        back=reverse("internal_control:plan-list"),
        submit=_("Create"),
    )


@login_required
def plan_detail(request: HttpRequest, code) -> HttpResponse:
    plan, can_edit = rules.get_control_plan_for_user(request, code)
    processes = list(plan.processes.all())
    risks = list(plan.risks.select_related("process", "goal").prefetch_related("controls__owner"))
    for risk in risks:
        risk.band_value = plan.matrix.band_for(risk.score)
    ctx = {
        "plan": plan,
        "processes": processes,
        "risks": risks,
        "heat_map": services.heat_map(plan.matrix, risks),
        "can_edit": can_edit,
        "can_change": can_edit and not plan.is_adopted,
        "adopt_form": AdoptForm(instance=plan) if can_edit and not plan.is_adopted else None,
        "history": history_entries(plan),
        "page": PAGE,
    }
    return render(request, "internal_control/plan_detail.html", ctx)


@login_required
@require_POST
def plan_adopt(request: HttpRequest, code) -> HttpResponse:
    plan = rules.require_control_plan_editor(request, code)
    if plan.is_adopted:
        raise PermissionDenied
    form = AdoptForm(request.POST, instance=plan)
    if not form.is_valid():
        messages.error(request, _("Give the date of the board's decision."))
        return redirect("internal_control:plan-detail", code=plan.code)
    services.adopt_plan(plan, form.cleaned_data["decision_date"], form.cleaned_data["decision_paragraph"])
    messages.success(request, _("The plan is adopted. Its risks and controls are now locked."))
    return redirect("internal_control:plan-detail", code=plan.code)


@login_required
@require_POST
def plan_reopen(request: HttpRequest, code) -> HttpResponse:
    plan = rules.require_control_plan_editor(request, code)
    if not plan.is_adopted:
        raise PermissionDenied
    services.reopen_plan(plan)
    messages.success(request, _("The plan is a draft again; it must be adopted anew after the changes."))
    return redirect("internal_control:plan-detail", code=plan.code)


# --- processes -----------------------------------------------------------------------------------------------


@login_required
def process_create(request: HttpRequest, code) -> HttpResponse:
    plan, can_edit = rules.get_control_plan_for_user(request, code)
    rules.require_plan_open_for_changes(request, plan, can_edit)
    form = ProcessForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        process = form.save(commit=False)
        process.plan = plan
        process.save()
        messages.success(request, _("The process was added."))
        return redirect("internal_control:plan-detail", code=plan.code)
    back = reverse("internal_control:plan-detail", args=[plan.code])
    return _form_page(request, form, title=_("New process"), back=back, submit=_("Add"), plan=plan)


@login_required
def process_update(request: HttpRequest, code) -> HttpResponse:
    process, can_edit = rules.get_process_for_user(request, code)
    plan = process.plan
    rules.require_plan_open_for_changes(request, plan, can_edit)
    form = ProcessForm(request.POST or None, instance=process, plan=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The process was saved."))
        return redirect("internal_control:plan-detail", code=plan.code)
    back = reverse("internal_control:plan-detail", args=[plan.code])
    return _form_page(
        request,
        form,
        title=_("Change process"),
        back=back,
        submit=_("Save"),
        plan=plan,
        history=history_entries(process),
    )


@login_required
@require_POST
def process_delete(request: HttpRequest, code) -> HttpResponse:
    process, can_edit = rules.get_process_for_user(request, code)
    plan = process.plan
    rules.require_plan_open_for_changes(request, plan, can_edit)
    if process.risks.exists():
        messages.error(request, _("A process with risks cannot be removed; move or remove its risks first."))
    else:
        process.delete()
        messages.success(request, _("The process was removed."))
    return redirect("internal_control:plan-detail", code=plan.code)


# --- risks ---------------------------------------------------------------------------------------------------


@login_required
def risk_create(request: HttpRequest, code) -> HttpResponse:
    plan, can_edit = rules.get_control_plan_for_user(request, code)
    rules.require_plan_open_for_changes(request, plan, can_edit)
    back = reverse("internal_control:plan-detail", args=[plan.code])
    if not plan.processes.exists():
        messages.error(request, _("Add a process to the process register first."))
        return redirect(back)
    form = RiskForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        risk = form.save(commit=False)
        risk.plan = plan
        risk.save()
        messages.success(request, _("The risk was added. Add the controls that check it."))
        return redirect("internal_control:risk-detail", code=risk.code)
    return _form_page(request, form, title=_("New risk"), back=back, submit=_("Add"), plan=plan)


@login_required
def risk_detail(request: HttpRequest, code) -> HttpResponse:
    risk, can_edit = rules.get_risk_for_user(request, code)
    plan = risk.plan
    ctx = {
        "risk": risk,
        "plan": plan,
        "band": plan.matrix.band_for(risk.score),
        "likelihood_label": plan.matrix.likelihood_label(risk.likelihood),
        "consequence_label": plan.matrix.consequence_label(risk.consequence),
        "controls": list(risk.controls.select_related("owner")),
        "can_change": can_edit and not plan.is_adopted,
        "history": history_entries(risk),
        "page": PAGE,
    }
    return render(request, "internal_control/risk_detail.html", ctx)


@login_required
def risk_update(request: HttpRequest, code) -> HttpResponse:
    risk, can_edit = rules.get_risk_for_user(request, code)
    plan = risk.plan
    rules.require_plan_open_for_changes(request, plan, can_edit)
    form = RiskForm(request.POST or None, instance=risk, plan=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The risk was saved."))
        return redirect("internal_control:risk-detail", code=risk.code)
    back = reverse("internal_control:risk-detail", args=[risk.code])
    return _form_page(request, form, title=_("Change risk"), back=back, submit=_("Save"), plan=plan)


@login_required
@require_POST
def risk_delete(request: HttpRequest, code) -> HttpResponse:
    risk, can_edit = rules.get_risk_for_user(request, code)
    plan = risk.plan
    rules.require_plan_open_for_changes(request, plan, can_edit)
    if ControlResult.objects.filter(control__risk=risk).exists():
        messages.error(request, _("Results are reported on this risk's controls; it cannot be removed."))
        return redirect("internal_control:risk-detail", code=risk.code)
    risk.delete()
    messages.success(request, _("The risk was removed."))
    return redirect("internal_control:plan-detail", code=plan.code)


# --- controls ------------------------------------------------------------------------------------------------


@login_required
def control_create(request: HttpRequest, code) -> HttpResponse:
    risk, can_edit = rules.get_risk_for_user(request, code)
    plan = risk.plan
    rules.require_plan_open_for_changes(request, plan, can_edit)
    form = ControlForm(request.POST or None, board=plan.board)
    if request.method == "POST" and form.is_valid():
        control = form.save(commit=False)
        control.risk = risk
        control.save()
        messages.success(request, _("The control was added."))
        return redirect("internal_control:risk-detail", code=risk.code)
    back = reverse("internal_control:risk-detail", args=[risk.code])
    return _form_page(request, form, title=_("New control"), back=back, submit=_("Add"), plan=plan)


@login_required
def control_detail(request: HttpRequest, code) -> HttpResponse:
    control, can_edit, can_report = rules.get_control_for_user(request, code)
    plan = control.risk.plan
    today = timezone.localdate()
    all_results = list(
        control.results.select_related("reported_by", "supersedes")
        .prefetch_related("actions")
        .order_by("occurrence", "-reported_at")
    )
    control.current_results = [r for r in all_results if r.is_current]
    followup = services.follow_up(plan, today, controls=[control])
    ctx = {
        "control": control,
        "risk": control.risk,
        "plan": plan,
        "rows": followup.controls[0].rows,
        "superseded": [r for r in all_results if not r.is_current],
        "can_change": can_edit and not plan.is_adopted,
        "can_report": can_report,
        "today": today,
        "history": history_entries(control),
        "page": PAGE,
    }
    return render(request, "internal_control/control_detail.html", ctx)


@login_required
def control_update(request: HttpRequest, code) -> HttpResponse:
    control, can_edit, _can_report = rules.get_control_for_user(request, code)
    plan = control.risk.plan
    rules.require_plan_open_for_changes(request, plan, can_edit)
    form = ControlForm(request.POST or None, instance=control, board=plan.board)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The control was saved."))
        return redirect("internal_control:control-detail", code=control.code)
    back = reverse("internal_control:control-detail", args=[control.code])
    return _form_page(request, form, title=_("Change control"), back=back, submit=_("Save"), plan=plan)


@login_required
@require_POST
def control_delete(request: HttpRequest, code) -> HttpResponse:
    control, can_edit, _can_report = rules.get_control_for_user(request, code)
    plan = control.risk.plan
    rules.require_plan_open_for_changes(request, plan, can_edit)
    if control.results.exists():
        messages.error(request, _("Results are reported on this control; it cannot be removed."))
        return redirect("internal_control:control-detail", code=control.code)
    risk_code = control.risk.code
    control.delete()
    messages.success(request, _("The control was removed."))
    return redirect("internal_control:risk-detail", code=risk_code)


# --- results and actions -------------------------------------------------------------------------------------


@login_required
def result_create(request: HttpRequest, code) -> HttpResponse:
    control, _can_edit, can_report = rules.get_control_for_user(request, code)
    if not can_report:
        raise PermissionDenied
    plan = control.risk.plan
    initial = {"performed_on": timezone.localdate()}
    if request.GET.get("tillfalle", "").isdigit():
        initial["occurrence"] = int(request.GET["tillfalle"])
    form = ResultForm(request.POST or None, control=control, year=plan.year.year, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.report_result(control, reported_by=request.user, **form.cleaned_data)
        messages.success(request, _("The result was reported."))
        return redirect("internal_control:control-detail", code=control.code)
    back = reverse("internal_control:control-detail", args=[control.code])
    return _form_page(
        request,
        form,
        title=_("Report result: %(control)s") % {"control": control.what},
        back=back,
        submit=pgettext("verb", "Report"),
        plan=plan,
        intro=_("A reported result is not changed afterwards; a mistake is put right with a correction."),
    )


@login_required
def result_correct(request: HttpRequest, code) -> HttpResponse:
    result, can_report = rules.get_control_result_for_user(request, code)
    if not can_report:
        raise PermissionDenied
    if not result.is_current:
        raise Http404
    control = result.control
    plan = control.risk.plan
    form = ResultForm(
        request.POST or None,
        control=control,
        year=plan.year.year,
        correcting=result,
        initial={"performed_on": result.performed_on, "outcome": result.outcome, "findings": result.findings},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "occurrence"}
        services.report_result(
            control, occurrence=result.occurrence, reported_by=request.user, supersedes=result, **data
        )
        messages.success(request, _("The correction was recorded; the earlier result is kept."))
        return redirect("internal_control:control-detail", code=control.code)
    back = reverse("internal_control:control-detail", args=[control.code])
    return _form_page(
        request,
        form,
        title=_("Correct result: %(control)s") % {"control": control.what},
        back=back,
        submit=_("Record correction"),
        plan=plan,
        intro=_("The correction replaces the earlier result, which is kept and shown as corrected."),
    )


@login_required
def action_create(request: HttpRequest, code) -> HttpResponse:
    result, can_report = rules.get_control_result_for_user(request, code)
    if not can_report:
        raise PermissionDenied
    control = result.control
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        action.result = result
        action.save()
        messages.success(request, _("The action was added."))
        return redirect("internal_control:control-detail", code=control.code)
    back = reverse("internal_control:control-detail", args=[control.code])
    return _form_page(
        request, form, title=_("New action"), back=back, submit=_("Add"), plan=control.risk.plan
    )


@login_required
@require_POST
def action_complete(request: HttpRequest, code) -> HttpResponse:
    action, can_report = rules.get_action_for_user(request, code)
    if not can_report:
        raise PermissionDenied
    today = timezone.localdate()
    if action.is_open:
        services.complete_action(action, today)
        if not request.htmx:
            messages.success(request, _("The action is marked as done."))
    if request.htmx:
        ctx = {"action": action, "can_report": can_report, "today": today}
        return render(request, "internal_control/partials/action.html", ctx)
    return redirect("internal_control:control-detail", code=action.result.control.code)


# --- follow-up and compilation -------------------------------------------------------------------------------


def _followup_ctx(request: HttpRequest, code) -> dict:
    plan, can_edit = rules.get_control_plan_for_user(request, code)
    today = timezone.localdate()
    followup = services.follow_up(plan, today)
    risks = list(plan.risks.all())
    return {
        "plan": plan,
        "followup": followup,
        "heat_map": services.heat_map(plan.matrix, risks),
        "today": today,
        "can_edit": can_edit,
        "page": PAGE,
    }


@login_required
def plan_followup(request: HttpRequest, code) -> HttpResponse:
    return render(request, "internal_control/plan_followup.html", _followup_ctx(request, code))


def _year_or_404(year: int) -> Year:
    found = Year.objects.filter(year=year).first()
    if found is None:
        raise Http404
    return found


def _compilation_ctx(request: HttpRequest, year: int) -> dict:
    year_obj = _year_or_404(year)
    today = timezone.localdate()
    boards = rules.ic_boards_visible_to(request.user).filter(is_active=True)
    return {
        "year": year_obj,
        "statuses": services.compile_year(boards, year_obj, today),
        "years": Year.objects.all(),
        "oversees_all": rules.ic_oversees_all(request.user),
        "today": today,
        "page": PAGE,
    }


@login_required
def compilation(request: HttpRequest, year: int) -> HttpResponse:
    return render(request, "internal_control/compilation.html", _compilation_ctx(request, year))


@login_required
def compilation_current(request: HttpRequest) -> HttpResponse:
    current = Year.current()
    if current is None:
        raise Http404
    return redirect("internal_control:compilation", year=current.year)
