"""Writing the ideas' versions, and gathering what an operational plan shows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from styrmodell.models import OrgUnit, User, Year

from .models import Idea, IdeaVersion

# --- ideas ----------------------------------------------------------------------------------------------------


def municipal_idea(kind: str) -> Idea:
    idea, _created = Idea.objects.get_or_create(kind=kind, board=None)
    return idea


def board_idea(board: OrgUnit) -> Idea:
    idea, _created = Idea.objects.get_or_create(kind=Idea.Kind.BOARD, board=board)
    return idea


@transaction.atomic
def add_version(
    idea: Idea,
    *,
    text: str,
    change_note: str,
    user: User | None,
    decision_date: datetime.date | None = None,
    decision_paragraph: str = "",
) -> IdeaVersion:
    """A new version: adopted at once when the decision is given, otherwise a draft. A board has at most one
    draft at a time, so a new draft replaces the previous one."""
    adopted = decision_date is not None
    if not adopted:
        idea.versions.drafts().delete()
    version = IdeaVersion.objects.create(
        idea=idea,
        text=text.strip(),
        change_note=change_note.strip(),
        status=IdeaVersion.Status.ADOPTED if adopted else IdeaVersion.Status.DRAFT,
        decision_date=decision_date,
        decision_paragraph=decision_paragraph.strip(),
        adopted_at=timezone.now() if adopted else None,
        created_by=user,
    )
    if adopted:
        _keep_profile_in_force(version)
    return version


def adopt_version(version: IdeaVersion, *, decision_date: datetime.date, decision_paragraph: str) -> None:
    version.status = IdeaVersion.Status.ADOPTED
    version.decision_date = decision_date
    version.decision_paragraph = decision_paragraph.strip()
    version.adopted_at = timezone.now()
    with transaction.atomic():
        version.save(update_fields=["status", "decision_date", "decision_paragraph", "adopted_at"])
        _keep_profile_in_force(version)


def _keep_profile_in_force(version: IdeaVersion) -> None:
    """The goals app still shows and exports `BoardProfile.mission_statement` (the board page, open data); it
    carries the text in force, so it is written when a board's version is adopted, in the same transaction."""
    from goals.models import BoardProfile

    board_id = version.idea.board_id
    if board_id is None:
        return
    profile = BoardProfile.objects.filter(board_id=board_id).first() or BoardProfile(board_id=board_id)
    if profile.mission_statement != version.text:
        profile.mission_statement = version.text
        profile.save()


@dataclass
class IdeaView:
    """One idea as a page shows it: the version in force, the draft (for those who may read it) and the list."""

    kind: str
    label: str
    idea: Idea | None
    current: IdeaVersion | None = None
    draft: IdeaVersion | None = None
    versions: list[IdeaVersion] = field(default_factory=list)


def _view(kind: str, idea: Idea | None, with_drafts: bool) -> IdeaView:
    label = Idea.Kind(kind).label
    view = IdeaView(kind=kind, label=label, idea=idea)
    if idea is None:
        return view
    versions = list(idea.versions.all())  # prefetched
    view.versions = [v for v in versions if with_drafts or v.is_adopted]
    view.current = next((v for v in versions if v.is_adopted), None)
    view.draft = next((v for v in versions if not v.is_adopted), None) if with_drafts else None
    return view


def _with_versions(ideas):
    return ideas.prefetch_related(
        Prefetch("versions", queryset=IdeaVersion.objects.order_by("-created", "-pk"))
    )


def municipal_ideas(with_drafts: bool = False) -> list[IdeaView]:
    """The three municipal ideas in their order (two queries)."""
    ideas = {i.kind: i for i in _with_versions(Idea.objects.filter(board__isnull=True))}
    return [_view(kind, ideas.get(kind), with_drafts) for kind in Idea.MUNICIPAL_KINDS]


def board_idea_view(board: OrgUnit, with_drafts: bool = False) -> IdeaView:
    """The board's idea with its versions (one query; no idea before its first version)."""
    versions = list(
        IdeaVersion.objects.filter(idea__board=board).select_related("idea").order_by("-created", "-pk")
    )
    view = IdeaView(
        kind=Idea.Kind.BOARD, label=Idea.Kind.BOARD.label, idea=versions[0].idea if versions else None
    )
    view.versions = [v for v in versions if with_drafts or v.is_adopted]
    view.current = next((v for v in versions if v.is_adopted), None)
    view.draft = next((v for v in versions if not v.is_adopted), None) if with_drafts else None
    return view


def public_board_ideas(boards) -> dict[int, IdeaVersion]:
    """Board id → the adopted mission statement in force (one query for any number of boards)."""
    current: dict[int, IdeaVersion] = {}
    versions = (
        IdeaVersion.objects.adopted()
        .filter(idea__board__in=boards)
        .select_related("idea")
        .order_by("idea__board_id", "-created", "-pk")
    )
    for version in versions:
        current.setdefault(version.idea.board_id, version)
    return current


# --- plans ----------------------------------------------------------------------------------------------------


@dataclass
class GoalInPlan:
    goal: Any
    indicators: list[tuple[Any, Decimal | None]]  # (indicator, target level for the year)
    commitments: list[Any]


@dataclass
class BudgetInPlan:
    frame: Decimal | None
    source: str  # "plan" (the adopted budget and strategy plan) or "frame" (reporting's budget frame) or ""
    units: list[tuple[OrgUnit, Decimal]]


def _goals_with_commitments(goals, commitments_q, year: Year) -> list[GoalInPlan]:
    from commitments.models import Commitment
    from goals.models import Indicator, IndicatorTarget

    commitments = Commitment.objects.filter(owner__isnull=True).filter(pk__in=commitments_q.values("pk"))
    goals = goals.prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("position", "name").prefetch_related(
                Prefetch("targets", queryset=IndicatorTarget.objects.filter(year=year.year))
            ),
        ),
        Prefetch("commitments", queryset=commitments.select_related("unit").order_by("unit__path", "title")),
    )
    result = []
    for goal in goals:
        indicators = []
        for indicator in goal.indicators.all():
            targets = list(indicator.targets.all())
            indicators.append((indicator, targets[0].value if targets else None))
        result.append(GoalInPlan(goal, indicators, list(goal.commitments.all())))
    return result


def board_budget(board: OrgUnit, year: Year) -> BudgetInPlan:
    """The budget of the plan's year: the budget process of the year before prepared it (its adopted frame and
    the working budget split between units); without one, reporting's budget frame for the year."""
    from budget.models import PlanFrame, StrategyPlan, WorkingBudgetLine
    from reporting.models import BudgetFrame

    planning = Year.objects.filter(year=year.year - 1).first()
    if planning is not None:
        frame = PlanFrame.objects.filter(
            plan__year=planning, plan__status=StrategyPlan.Status.ADOPTED, board=board
        ).first()
        if frame is not None:
            lines = WorkingBudgetLine.objects.filter(board=board, year=planning).select_related("unit")
            return BudgetInPlan(frame.amount, "plan", [(line.unit, line.amount) for line in lines])
    frame = BudgetFrame.objects.filter(board=board, year=year).first()
    return BudgetInPlan(frame.amount if frame else None, "frame" if frame else "", [])


def unit_budget(unit: OrgUnit, year: Year) -> Decimal | None:
    from budget.models import WorkingBudgetLine

    line = WorkingBudgetLine.objects.filter(unit=unit, year__year=year.year - 1).first()
    return line.amount if line else None


def board_plan(board: OrgUnit, year: Year, user: User) -> dict[str, Any]:
    """Everything a board's operational plan shows to `user`, in a constant number of queries."""
    from commitments.rules import commitments_visible_to
    from goals.models import Goal
    from internal_control.models import Control, ControlPlan
    from internal_control.rules import ic_can_read_board
    from reporting.rules import can_view_board_reporting

    goals = (
        Goal.objects.adopted()
        .filter(board=board, year=year)
        .select_related("direction")
        .order_by("direction__position", "position", "title")
    )
    ctx: dict[str, Any] = {
        "unit": board,
        "board": board,
        "year": year,
        "is_board": True,
        "idea": board_idea_view(board).current,
        "goals": _goals_with_commitments(goals, commitments_visible_to(user).filter(year=year), year),
        "control_plan": None,
        "risks": [],
        "can_see_control_plan": ic_can_read_board(user, board),
        "can_see_budget": can_view_board_reporting(user, board),
        "budget": None,
    }
    if ctx["can_see_control_plan"]:
        plan = ControlPlan.objects.filter(board=board, year=year).first()
        if plan is not None:
            ctx["control_plan"] = plan
            ctx["risks"] = list(
                plan.risks.select_related("process", "goal")
                .prefetch_related(Prefetch("controls", queryset=Control.objects.select_related("owner")))
                .order_by("-score", "pk")
            )
    if ctx["can_see_budget"]:
        ctx["budget"] = board_budget(board, year)
    return ctx


def unit_plan(unit: OrgUnit, year: Year, user: User) -> dict[str, Any]:
    """A unit's plan: its unit commitments, the goals they serve, and its share of the working budget."""
    from commitments.rules import commitments_visible_to
    from goals.models import Goal
    from reporting.rules import can_view_board_reporting

    commitments = list(
        commitments_visible_to(user)
        .filter(unit=unit, year=year, owner__isnull=True)
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.select_related("board").order_by("position", "title"))
        )
        .order_by("title")
    )
    served: dict[int, Any] = {}
    for commitment in commitments:
        for goal in commitment.goals.all():
            served.setdefault(goal.pk, goal)
    board = unit.board()
    ctx: dict[str, Any] = {
        "unit": unit,
        "board": board,
        "year": year,
        "is_board": False,
        "commitments": commitments,
        "served_goals": list(served.values()),
        "can_see_budget": board is not None and can_view_board_reporting(user, unit),
        "unit_budget": None,
    }
    if ctx["can_see_budget"]:
        ctx["unit_budget"] = unit_budget(unit, year)
    return ctx


def plan_title(unit: OrgUnit, year: Year) -> str:
    return _("Operational plan %(year)s – %(unit)s") % {"year": year.year, "unit": unit.name}


def plan_filename(unit: OrgUnit, year: Year) -> str:
    return f"verksamhetsplan-{slugify(unit.short_name or unit.name)}-{year.year}.pdf"


def render_plan_pdf(unit_id: int, year_id: int, user_id: int, progress=None) -> tuple[str, bytes]:
    """The plan as the person who asked for it may read it, as a tagged PDF."""
    from styrmodell.lib.pdf import render_pdf

    unit = OrgUnit.objects.get(pk=unit_id)
    year = Year.objects.get(pk=year_id)
    user = User.objects.get(pk=user_id)
    if progress:
        progress(20, _("Reading the plan"))
    ctx = board_plan(unit, year, user) if unit.kind == OrgUnit.Kind.BOARD else unit_plan(unit, year, user)
    if progress:
        progress(50, _("Writing the PDF"))
    title = plan_title(unit, year)
    data = render_pdf("plans/pdf/plan.html", {**ctx, "generated": timezone.now()}, title=title)
    return plan_filename(unit, year), data
