"""Who may see and change visions, directions, goals and indicators, and what of them is public; built on the
grants and scopes of styrmodell.access."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from styrmodell.access import (
    ALL_ROLES,
    closed_period_q,
    grants_with,
    has_role,
    is_related,
    is_superuser,
    related_q,
)
from styrmodell.models import OrgUnit, Role, User

# --- goals -------------------------------------------------------------------------------------------------
# Politics owns the goals. A board's elected members and its secretary write the board's goals, indicators,
# target levels and assessments; controllers on the board (or above it) enter indicator outcomes; council members
# keep the vision and the directions. Everyone related to a board (a role in its subtree or above it) reads its
# goals; operations never change them. Adopted goals are public decisions: every signed-in person reads every
# board's adopted goals and indicators (one municipality); drafts stay within the board (404 outside it).

GOAL_EDITOR_ROLES = frozenset({Role.BOARD_MEMBER, Role.SECRETARY})


@dataclass(frozen=True)
class GoalRights:
    can_edit: bool  # text, SMART, indicators, target levels, adoption, assessment
    can_enter_outcomes: bool


def goals_visible_q(user: User | AnonymousUser, field: str = "board__path") -> Q:
    """Filter for goals (or anything reaching a goal's board path at `field`, e.g. "goal__board__path") the user
    may read: every adopted goal for a signed-in person (one municipality), drafts only within the board."""
    related = related_q(user, ALL_ROLES, field)
    if not user.is_authenticated or is_superuser(user):
        return related
    status = field.removesuffix("board__path") + "status"
    return related | Q(**{status: "adopted"})


def own_goals_q(user: User | AnonymousUser, field: str = "board__path") -> Q:
    """Goals of the boards the user is in line with (the goal tree's filter "my board")."""
    return related_q(user, ALL_ROLES, field)


def boards_visible_to(user: User | AnonymousUser) -> QuerySet[OrgUnit]:
    """Every board's adopted goals are read by every signed-in person, so every active board has a page."""
    if not user.is_authenticated:
        return OrgUnit.objects.none()
    return OrgUnit.objects.boards().filter(Q(is_active=True) | related_q(user, ALL_ROLES))


def own_boards(user: User | AnonymousUser) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.boards().filter(related_q(user, ALL_ROLES))


def can_read_goal(user: User | AnonymousUser, goal) -> bool:
    """Adopted goals are the municipality's: every signed-in person reads them; a draft only within its board."""
    return is_related(user, goal.board) or (user.is_authenticated and goal.is_adopted)


def can_edit_board_goals(user: User | AnonymousUser, board: OrgUnit) -> bool:
    return is_superuser(user) or has_role(user, board, *GOAL_EDITOR_ROLES)


def can_enter_outcomes(user: User | AnonymousUser, board: OrgUnit) -> bool:
    return is_superuser(user) or has_role(user, board, Role.CONTROLLER)


def can_manage_visions(user: User | AnonymousUser) -> bool:
    """Council members keep the vision and the directions (the council role only exists on the council node)."""
    return is_superuser(user) or bool(grants_with(user, [Role.COUNCIL]))


def require_vision_manager(request: HttpRequest) -> None:
    # Visions and directions are read by every signed-in person, so refusing says nothing new: 403, not 404.
    if not can_manage_visions(request.user):
        raise PermissionDenied


def get_board_for_user(request: HttpRequest, code: str) -> tuple[OrgUnit, bool]:
    """A board and whether the user writes its goals; 404 for a board the user has nothing to do with."""
    board = get_object_or_404(OrgUnit, code=code, kind=OrgUnit.Kind.BOARD)
    if not is_related(request.user, board) and not (request.user.is_authenticated and board.is_active):
        raise Http404
    return board, can_edit_board_goals(request.user, board)


def reads_board_drafts(user: User | AnonymousUser, board: OrgUnit) -> bool:
    """Whether the board's page shows its drafts to the user (only within the board)."""
    return is_related(user, board)


def get_goal_editing_board(request: HttpRequest, code: str) -> OrgUnit:
    board, can_edit = get_board_for_user(request, code)
    if not can_edit:
        raise PermissionDenied
    return board


def _goal_rights(user: User | AnonymousUser, goal) -> GoalRights:
    # A closed year is read-only; a closed period is refused where outcomes and assessments are entered.
    return GoalRights(
        can_edit=can_edit_board_goals(user, goal.board) and not goal.year.is_closed,
        can_enter_outcomes=can_enter_outcomes(user, goal.board),
    )


def get_goal_for_user(request: HttpRequest, code: str):
    """(goal, GoalRights); 404 outside the user's scope."""
    from goals.models import Goal

    goal = get_object_or_404(Goal.objects.select_related("board", "year", "direction__vision"), code=code)
    if not can_read_goal(request.user, goal):
        raise Http404
    return goal, _goal_rights(request.user, goal)


def get_editable_goal(request: HttpRequest, code: str):
    goal, rights = get_goal_for_user(request, code)
    if not rights.can_edit:
        raise PermissionDenied
    return goal


def get_indicator_for_user(request: HttpRequest, code: str):
    """(indicator, GoalRights of its goal); 404 outside the user's scope."""
    from goals.models import Indicator

    indicator = get_object_or_404(
        Indicator.objects.select_related("goal__board", "goal__year", "goal__direction"), code=code
    )
    if not can_read_goal(request.user, indicator.goal):
        raise Http404
    return indicator, _goal_rights(request.user, indicator.goal)


def get_editable_indicator(request: HttpRequest, code: str):
    indicator, rights = get_indicator_for_user(request, code)
    if not rights.can_edit:
        raise PermissionDenied
    return indicator


def get_indicator_for_outcomes(request: HttpRequest, code: str):
    indicator, rights = get_indicator_for_user(request, code)
    if not rights.can_enter_outcomes:
        raise PermissionDenied
    return indicator


# --- public ---------------------------------------------------------------------------------------------------
# Only what has been decided is public: goals the board has adopted, their indicators, and outcomes and assessments
# of closed periods (an open period's figures may still change). Nothing about people is ever public.


def published_visions() -> QuerySet:
    """The council's visions and directions are public decisions once they are active."""
    from goals.models import Vision

    return Vision.objects.filter(is_active=True)


def published_directions() -> QuerySet:
    from goals.models import Direction

    return Direction.objects.filter(vision__is_active=True)


def published_goals() -> QuerySet:
    from goals.models import Goal

    return Goal.objects.adopted().filter(board__kind=OrgUnit.Kind.BOARD)


def published_indicators() -> QuerySet:
    from goals.models import Indicator

    return Indicator.objects.filter(goal__in=published_goals())


def published_outcomes() -> QuerySet:
    from goals.models import IndicatorOutcome

    return IndicatorOutcome.objects.filter(closed_period_q(), indicator__goal__in=published_goals())


def published_assessments() -> QuerySet:
    from goals.models import GoalAssessment

    return GoalAssessment.objects.filter(closed_period_q(), goal__in=published_goals())


def get_published_goal(code: str):
    """An adopted goal; 404 for a draft (or anything else), so a draft's existence never leaks."""
    return get_object_or_404(
        published_goals().select_related("board", "year", "direction__vision"), code=code
    )


# --- goal versions ----------------------------------------------------------------------------------------------
# A draft revision of an adopted goal is a draft like a draft goal: read by those related to the board (whoever else
# may read the adopted goal, even the whole municipality, gets a 404), changed by its members and secretary while
# the year is open.


def can_read_goal_drafts(user: User | AnonymousUser, board: OrgUnit) -> bool:
    return is_related(user, board)


def get_goal_with_drafts_for_user(request: HttpRequest, code: str):
    """(goal, GoalRights) for the pages that show draft revisions; 404 outside the board."""
    goal, rights = get_goal_for_user(request, code)
    if not can_read_goal_drafts(request.user, goal.board):
        raise Http404
    return goal, rights


def get_revisable_goal(request: HttpRequest, code: str):
    """A goal whose versions the user writes (draft revisions, adoption, discarding); 403 when read-only, also in a
    closed year."""
    goal, rights = get_goal_with_drafts_for_user(request, code)
    if not rights.can_edit:
        raise PermissionDenied
    return goal
