"""Feedback and complaints: the citizens' form, receipt and answer pages (no login), the units' inbox, the
statistics, indicators fed from the cases, and the administrators' personal-data page."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from styrmodell.lib.files import stored_file_response
from styrmodell.models import Period

from . import rules, services
from .forms import AnswerForm, AssignForm, CaseForm, CloseForm, FeedForm, PersonForm, ReopenForm
from .models import Case, IndicatorFeed, PrivacyLog
from .protection import over_rate_limit

PAGE = "feedback"


def _retention_context() -> dict:
    """What the public pages say about deadlines and about how long personal data is kept."""
    return {
        "retention_days": settings.FEEDBACK_RETENTION_DAYS,
        "ack_days": settings.FEEDBACK_ACKNOWLEDGE_DAYS,
        "answer_days": settings.FEEDBACK_ANSWER_DAYS,
    }


# --- the citizens' pages ---------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        if over_rate_limit(request):
            form = CaseForm(request.POST)
            ctx = {"form": form, "rate_limited": True, "page": PAGE, **_retention_context()}
            return render(request, "feedback/public_form.html", ctx, status=429)
        form = CaseForm(request.POST, request.FILES)
        if form.is_robot:
            # Robots are told nothing useful: the same thanks, and nothing is stored.
            return render(request, "feedback/public_receipt.html", {"case": None, "page": PAGE})
        if form.is_valid():
            data = form.cleaned_data
            case = services.submit_case(
                unit=data["unit"],
                category=data["category"],
                text=data["text"],
                name=data["name"],
                email=data["email"],
                attachment=data.get("attachment") or None,
                attachment_type=form.attachment_type,
            )
            return redirect("feedback:receipt", token=case.citizen_token)
        status = 400
    else:
        form = CaseForm()
    ctx = {"form": form, "page": PAGE, **_retention_context()}
    return render(request, "feedback/public_form.html", ctx, status=status)


def _citizen_case(token: str) -> Case:
    return get_object_or_404(Case.objects.select_related("unit"), citizen_token=token)


@never_cache
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    case = _citizen_case(token)
    ctx = {
        "case": case,
        "case_url": request.build_absolute_uri(reverse("feedback:citizen-case", args=[token])),
        "page": PAGE,
        **_retention_context(),
    }
    return render(request, "feedback/public_receipt.html", ctx)


@never_cache
def citizen_case(request: HttpRequest, token: str) -> HttpResponse:
    case = _citizen_case(token)
    ctx = {
        "case": case,
        "events": case.events.filter(kind__in=["received", "answered", "reopened", "closed"]),
        "form": ReopenForm() if case.can_be_reopened else None,
        "page": PAGE,
        **_retention_context(),
    }
    return render(request, "feedback/public_case.html", ctx)


@never_cache
@require_POST
def citizen_reopen(request: HttpRequest, token: str) -> HttpResponse:
    case = _citizen_case(token)
    if over_rate_limit(request, scope="reopen"):
        ctx = {
            "case": case,
            "events": [],
            "form": ReopenForm(request.POST),
            "rate_limited": True,
            "page": PAGE,
        }
        return render(request, "feedback/public_case.html", ctx, status=429)
    form = ReopenForm(request.POST)
    if not case.can_be_reopened or form.is_robot:
        return redirect("feedback:citizen-case", token=token)
    if not form.is_valid():
        ctx = {"case": case, "events": case.events.all(), "form": form, "page": PAGE, **_retention_context()}
        return render(request, "feedback/public_case.html", ctx, status=400)
    services.reopen(case, form.cleaned_data["comment"])
    ctx = {"case": case, "events": [], "form": None, "reopened": True, "page": PAGE, **_retention_context()}
    return render(request, "feedback/public_case.html", ctx)


# --- the inbox -------------------------------------------------------------------------------------------------


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not rules.has_inbox(request.user):
        raise Http404
    show_all = request.GET.get("visa") == "alla"
    cases = rules.cases_visible_to(request.user).select_related("unit", "assignee")
    if not show_all:
        cases = cases.open()
    cases = cases.order_by("answer_by", "received_at")
    page = Paginator(cases, 50).get_page(request.GET.get("sida"))
    today = timezone.localdate()
    for case in page.object_list:
        case.overdue = case.overdue_stage(today)
    ctx = {"page_obj": page, "show_all": show_all, "page": PAGE}
    return render(request, "feedback/inbox.html", ctx)


def _detail_ctx(request: HttpRequest, case: Case, can_change: bool, **forms) -> dict:
    return {
        "case": case,
        "can_change": can_change,
        "events": case.events.select_related("by"),
        "assign_form": forms.get("assign_form")
        or AssignForm(people=rules.assignable_people(case.unit), initial={"person": case.assignee_id}),
        "answer_form": forms.get("answer_form") or AnswerForm(initial={"answer": case.answer}),
        "close_form": forms.get("close_form") or CloseForm(),
        "overdue": case.overdue_stage(),
        "page": PAGE,
    }


@login_required
def case_detail(request: HttpRequest, code) -> HttpResponse:
    case, can_change = rules.get_case_for_user(request, code)
    return render(request, "feedback/case_detail.html", _detail_ctx(request, case, can_change))


@login_required
@require_POST
def case_acknowledge(request: HttpRequest, code) -> HttpResponse:
    case = rules.get_changeable_case(request, code)
    try:
        services.acknowledge(case, request.user)
    except services.WrongStage:
        messages.error(request, _("The case has already been acknowledged."))
    else:
        messages.success(request, _("The case was acknowledged."))
    return redirect("feedback:case-detail", code=case.code)


@login_required
@require_POST
def case_assign(request: HttpRequest, code) -> HttpResponse:
    case = rules.get_changeable_case(request, code)
    form = AssignForm(request.POST, people=rules.assignable_people(case.unit))
    if not form.is_valid():
        ctx = _detail_ctx(request, case, True, assign_form=form)
        return render(request, "feedback/case_detail.html", ctx, status=400)
    services.assign(case, form.cleaned_data["person"], request.user)
    messages.success(
        request, _("The case was given to %(person)s.") % {"person": form.cleaned_data["person"]}
    )
    return redirect("feedback:case-detail", code=case.code)


@login_required
@require_POST
def case_answer(request: HttpRequest, code) -> HttpResponse:
    case = rules.get_changeable_case(request, code)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        ctx = _detail_ctx(request, case, True, answer_form=form)
        return render(request, "feedback/case_detail.html", ctx, status=400)
    url = request.build_absolute_uri(reverse("feedback:citizen-case", args=[case.citizen_token]))
    emailed = services.answer(case, form.cleaned_data["answer"], request.user, url)
    if emailed:
        messages.success(request, _("The answer was saved and e-mailed to the citizen."))
    elif case.email:
        messages.warning(
            request, _("The answer was saved, but the e-mail could not be sent. Try again later.")
        )
    else:
        messages.success(request, _("The answer was saved. The citizen gave no e-mail address."))
    return redirect("feedback:case-detail", code=case.code)


@login_required
@require_POST
def case_close(request: HttpRequest, code) -> HttpResponse:
    case = rules.get_changeable_case(request, code)
    form = CloseForm(request.POST)
    if not form.is_valid():
        ctx = _detail_ctx(request, case, True, close_form=form)
        return render(request, "feedback/case_detail.html", ctx, status=400)
    services.close(case, form.cleaned_data["cause"], form.cleaned_data["action_taken"], request.user)
    messages.success(request, _("The case was closed."))
    return redirect("feedback:case-detail", code=case.code)


@login_required
def case_attachment(request: HttpRequest, code) -> HttpResponse:
    case, _can_change = rules.get_case_for_user(request, code)
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        case.attachment_type, "bin"
    )
    return stored_file_response(
        case.attachment,
        filename=f"{case.number}.{extension}",
        as_attachment=True,
        content_type=case.attachment_type or "application/octet-stream",
    )


# --- statistics and indicators ---------------------------------------------------------------------------------


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    boards = list(rules.statistics_boards_for(request.user))
    if not boards:
        raise Http404
    periods = list(Period.objects.select_related("year").order_by("-year__year", "starts"))
    chosen = request.GET.get("period")
    period = next((p for p in periods if str(p.code) == chosen), None) or Period.current()
    board_code = request.GET.get("namnd")
    shown = [b for b in boards if str(b.code) == board_code] or boards
    stats = []
    if period is not None:
        stats = [services.board_statistics(board, period.starts, period.ends) for board in shown]
    ctx = {
        "boards": boards,
        "chosen_board": board_code if board_code and len(shown) == 1 else "",
        "periods": periods,
        "period": period,
        "stats": stats,
        "can_link_indicators": rules.feed_boards_for(request.user).exists(),
        "page": PAGE,
    }
    return render(request, "feedback/statistics.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def feed_list(request: HttpRequest) -> HttpResponse:
    boards = list(rules.feed_boards_for(request.user))
    if not boards:
        raise Http404
    form = FeedForm(request.POST or None, boards=boards)
    if request.method == "POST":
        if form.is_valid():
            IndicatorFeed.objects.create(**form.cleaned_data, created_by=request.user)
            messages.success(request, _("The indicator will be fed from the cases each period."))
            return redirect("feedback:feed-list")
    board_paths = [b.path for b in boards]
    feeds = [
        f
        for f in IndicatorFeed.objects.select_related(
            "indicator__goal__board", "indicator__goal__year", "unit"
        )
        if any(f.indicator.goal.board.path.startswith(p) for p in board_paths)
    ]
    ctx = {"form": form, "feeds": feeds, "page": PAGE}
    return render(request, "feedback/feed_list.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def feed_delete(request: HttpRequest, code) -> HttpResponse:
    feed = get_object_or_404(IndicatorFeed.objects.select_related("indicator__goal__board"), code=code)
    if not rules.feed_boards_for(request.user).filter(pk=feed.indicator.goal.board_id).exists():
        raise Http404
    feed.delete()
    messages.success(request, _("The indicator is no longer fed from the cases; its outcomes stay."))
    return redirect("feedback:feed-list")


# --- personal data ---------------------------------------------------------------------------------------------


def _records(part) -> int:
    """How many records an app exported: the lengths of its lists (an app returns a dict of lists)."""
    if isinstance(part, list):
        return len(part)
    if isinstance(part, dict):
        return sum(len(v) for v in part.values() if isinstance(v, list))
    return 1


@login_required
@require_http_methods(["GET", "POST"])
def privacy(request: HttpRequest) -> HttpResponse:
    if not rules.can_manage_privacy(request.user):
        raise Http404
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if request.POST.get("action") == "erase":
            counts = services.erase_person(email)
            PrivacyLog.objects.create(kind=PrivacyLog.Kind.ERASE, by=request.user, result=counts)
            total = sum(counts.values())
            messages.success(
                request,
                _("Personal data was removed from %(count)s records: %(detail)s.")
                % {"count": total, "detail": ", ".join(f"{k} {v}" for k, v in counts.items()) or "–"},
            )
            return redirect("feedback:privacy")
        data = services.export_person(email)
        PrivacyLog.objects.create(
            kind=PrivacyLog.Kind.EXPORT,
            by=request.user,
            result={app: _records(part) for app, part in data.items()},
        )
        body = json.dumps(
            {"email": email, "exported": timezone.now().isoformat(), "data": data},
            ensure_ascii=False,
            indent=2,
            default=str,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="personuppgifter.json"'
        response["Cache-Control"] = "no-store"
        return response
    ctx = {
        "form": form,
        "apps": [label for label, _module in services.privacy_modules()],
        "log": PrivacyLog.objects.select_related("by")[:20],
        "page": PAGE,
    }
    return render(request, "feedback/privacy.html", ctx, status=400 if form.errors else 200)
