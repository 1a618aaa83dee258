"""The ideas (staff pages and the public page) and the operational plans of boards and units."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrmodell.access import published_boards
from styrmodell.jobs import job_url, start_job
from styrmodell.models import OrgUnit, Year

from . import rules, services, tasks
from .forms import AdoptVersionForm, IdeaVersionForm
from .models import Idea, IdeaVersion

# --- ideas ----------------------------------------------------------------------------------------------------


@login_required
def idea_list(request: HttpRequest) -> HttpResponse:
    """The municipality's three ideas, with drafts for the council members who keep them."""
    can_keep = rules.can_keep_municipal_ideas(request.user)
    ctx = {
        "ideas": services.municipal_ideas(with_drafts=can_keep),
        "can_keep": can_keep,
        "page": "goals",
    }
    return render(request, "plans/idea_list.html", ctx)


def _idea_page(request: HttpRequest, *, idea: Idea | None, board: OrgUnit | None, kind: str, can_keep: bool):
    """The versions of one idea and, for its keepers, the form for a new version (POST saves it)."""
    form = IdeaVersionForm(request.POST or None)
    if request.method == "POST":
        if not can_keep:
            raise PermissionDenied
        if form.is_valid():
            if idea is None:
                idea = services.board_idea(board) if board else services.municipal_idea(kind)
            data = form.cleaned_data
            version = services.add_version(
                idea,
                text=data["text"],
                change_note=data["change_note"],
                user=request.user,
                decision_date=data["decision_date"],
                decision_paragraph=data["decision_paragraph"],
            )
            if version.is_adopted:
                messages.success(request, _("The new version was saved as adopted."))
            else:
                messages.success(request, _("The new version was saved as a draft."))
            return redirect(_idea_url(idea))
    with_drafts = can_keep or (idea is not None and rules.can_read_drafts(request.user, idea))
    if board is not None:
        view = services.board_idea_view(board, with_drafts=with_drafts)
    else:
        view = next(v for v in services.municipal_ideas(with_drafts=with_drafts) if v.kind == kind)
    if request.method == "GET" and view.current is not None:
        form.initial = {"text": view.current.text}
    ctx = {
        "view": view,
        "board": board,
        "form": form,
        "adopt_form": AdoptVersionForm(prefix="adopt"),
        "can_keep": can_keep,
        "page": "goals",
    }
    return render(request, "plans/idea_detail.html", ctx, status=400 if form.errors else 200)


def _idea_url(idea: Idea) -> str:
    if idea.board_id:
        return reverse("plans:board-idea", kwargs={"code": idea.board.code})
    return reverse("plans:idea-detail", kwargs={"kind": idea.kind})


@login_required
def idea_detail(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in Idea.MUNICIPAL_KINDS:
        raise Http404
    can_keep = rules.can_keep_municipal_ideas(request.user)
    if request.method == "POST" and not can_keep:
        raise PermissionDenied
    idea = Idea.objects.filter(kind=kind, board__isnull=True).first()
    return _idea_page(request, idea=idea, board=None, kind=kind, can_keep=can_keep)


@login_required
def board_idea(request: HttpRequest, code: str) -> HttpResponse:
    # The versions and drafts are the board's business (404 outside it); the adopted text is public anyway, on the
    # public site's "Idéerna".
    board = get_object_or_404(OrgUnit, code=code, kind=OrgUnit.Kind.BOARD)
    if not rules.is_related(request.user, board):
        raise Http404
    can_keep = rules.can_keep_board_idea(request.user, board)
    if request.method == "POST" and not can_keep:
        raise PermissionDenied
    idea = Idea.objects.filter(board=board).select_related("board").first()
    return _idea_page(request, idea=idea, board=board, kind=Idea.Kind.BOARD, can_keep=can_keep)


@login_required
@require_POST
def version_adopt(request: HttpRequest, code: str) -> HttpResponse:
    version = get_object_or_404(IdeaVersion.objects.select_related("idea__board"), code=code)
    idea, can_keep = rules.get_idea_for_user(request, version.idea.code)
    if not rules.can_read_drafts(request.user, idea) and not version.is_adopted:
        raise Http404
    if not can_keep:
        raise PermissionDenied
    if version.is_adopted:
        messages.info(request, _("The version is already adopted."))
        return redirect(_idea_url(idea))
    form = AdoptVersionForm(request.POST, instance=version, prefix="adopt")
    if not form.is_valid():
        view = (
            services.board_idea_view(idea.board, with_drafts=True)
            if idea.board_id
            else next(v for v in services.municipal_ideas(with_drafts=True) if v.kind == idea.kind)
        )
        ctx = {
            "view": view,
            "board": idea.board,
            "form": IdeaVersionForm(),
            "adopt_form": form,
            "can_keep": True,
            "page": "goals",
        }
        return render(request, "plans/idea_detail.html", ctx, status=400)
    services.adopt_version(
        version,
        decision_date=form.cleaned_data["decision_date"],
        decision_paragraph=form.cleaned_data["decision_paragraph"],
    )
    messages.success(request, _("The version was adopted."))
    return redirect(_idea_url(idea))


def public_ideas(request: HttpRequest) -> HttpResponse:
    """The citizens' page: the adopted ideas of the municipality and of every board."""
    boards = list(published_boards().order_by("path"))
    current = services.public_board_ideas(boards)
    ctx = {
        "ideas": [v for v in services.municipal_ideas(with_drafts=False) if v.current],
        "boards": [(b, current.get(b.pk)) for b in boards],
        "page": "ideas",
    }
    return render(request, "plans/public/idea_list.html", ctx)


# --- plans ----------------------------------------------------------------------------------------------------


def _year(request: HttpRequest) -> tuple[Year, list[Year]]:
    years = list(Year.objects.order_by("-year"))
    wanted = request.GET.get("ar", "")
    year = next((y for y in years if str(y.year) == wanted), None) or Year.current()
    if year is None:
        raise Http404
    return year, years


@login_required
def board_plan(request: HttpRequest, code: str) -> HttpResponse:
    board = rules.get_board_for_plan(request, code)
    year, years = _year(request)
    ctx = {**services.board_plan(board, year, request.user), "years": years, "page": "goals"}
    return render(request, "plans/plan_detail.html", ctx)


@login_required
def unit_plan(request: HttpRequest, code: str) -> HttpResponse:
    unit = rules.get_unit_for_plan(request, code)
    year, years = _year(request)
    ctx = {**services.unit_plan(unit, year, request.user), "years": years, "page": "commitments"}
    return render(request, "plans/plan_detail.html", ctx)


@login_required
@require_POST
def plan_pdf(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Build the plan's PDF in the background; the waiting page offers it for download when it is ready."""
    unit = get_object_or_404(OrgUnit, code=code)
    if unit.kind == OrgUnit.Kind.BOARD:
        rules.get_board_for_plan(request, code)
        back = reverse("plans:board-plan", kwargs={"code": unit.code})
    else:
        rules.get_unit_for_plan(request, code)
        back = reverse("plans:unit-plan", kwargs={"code": unit.code})
    year_obj = get_object_or_404(Year, year=year)
    job = start_job(
        request,
        tasks.build_plan_pdf,
        title=services.plan_title(unit, year_obj),
        params={"unit": unit.pk, "year": year_obj.pk},
        next_url=f"{back}?ar={year_obj.year}",
    )
    return redirect(job_url(job))
