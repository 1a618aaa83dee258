"""Who may see and change what in the budget process, built on the core's primitives (styrmodell.access).

- The budget directive and the budget and strategy plan are municipality-wide decisions: every signed-in person
  reads them. Council members and municipality-wide administrators keep the directive; the budget preparation
  keeps the plan.
- The budget preparation (budgetberedning) is the council members and the elected members and secretary of the
  executive board (KS, found by its short name, setting BUDGET_PREPARATION_BOARD). It reads every board's
  submitted requests and decides on them.
- A board's environment analysis and requests are written by its elected members, its secretary and its
  controllers (a role on the board or above); everyone in a line with the board reads them, drafts included.
  The budget preparation reads the board's submitted requests.
- A board's working budget is kept by its controllers and secretary.
- A closed year is read-only.

Outside a person's scope the answer is 404; inside it, a change they may not make is 403.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from styrmodell.access import grants, has_role, is_superuser, is_system_admin, related_q
from styrmodell.models import OrgUnit, Role, User, Year

from .models import BudgetRequest

Person = User | AnonymousUser

REQUEST_WRITER_ROLES = frozenset({Role.BOARD_MEMBER, Role.SECRETARY, Role.CONTROLLER})
WORKING_BUDGET_ROLES = frozenset({Role.CONTROLLER, Role.SECRETARY})
PREPARATION_BOARD_ROLES = frozenset({Role.BOARD_MEMBER, Role.SECRETARY})

_PREPARER_ATTR = "_budget_preparer"


def preparation_board() -> OrgUnit | None:
    short_name = getattr(settings, "BUDGET_PREPARATION_BOARD", "KS")
    return OrgUnit.objects.boards().filter(short_name=short_name).first()


def is_preparer(user: Person) -> bool:
    """A member of the budget preparation (at most one query, then cached on the user object)."""
    if not user.is_authenticated:
        return False
    if is_superuser(user):
        return True
    cached = getattr(user, _PREPARER_ATTR, None)
    if cached is not None:
        return cached
    own = grants(user)
    result = any(g.role == Role.COUNCIL for g in own)
    if not result and any(g.role in PREPARATION_BOARD_ROLES for g in own):
        board = preparation_board()
        result = board is not None and has_role(user, board, *PREPARATION_BOARD_ROLES)
    setattr(user, _PREPARER_ATTR, result)
    return result


def can_keep_directive(user: Person) -> bool:
    return user.is_authenticated and (
        is_system_admin(user) or any(g.role == Role.COUNCIL for g in grants(user))
    )


def can_see_preparation(user: Person) -> bool:
    """The preparation's page: its members, and municipality-wide administrators (read only)."""
    return is_preparer(user) or is_system_admin(user)


def is_related(user: Person, board: OrgUnit) -> bool:
    """In line with the board: a role on the board, above it or below it."""
    if is_superuser(user):
        return True
    return any(board.path.startswith(g.path) or g.path.startswith(board.path) for g in grants(user))


def can_read_board(user: Person, board: OrgUnit) -> bool:
    return user.is_authenticated and (is_related(user, board) or can_see_preparation(user))


def can_see_drafts(user: Person, board: OrgUnit) -> bool:
    return is_related(user, board)


def can_write_requests(user: Person, board: OrgUnit) -> bool:
    return is_superuser(user) or has_role(user, board, *REQUEST_WRITER_ROLES)


def can_keep_working_budget(user: Person, board: OrgUnit) -> bool:
    return is_superuser(user) or has_role(user, board, *WORKING_BUDGET_ROLES)


def boards_visible_to(user: Person):
    boards = OrgUnit.objects.boards().active()
    if can_see_preparation(user):
        return boards
    return boards.filter(related_q(user, frozenset(Role)))


# --- getters for views ----------------------------------------------------------------------------------------


def get_year(year: int) -> Year:
    return get_object_or_404(Year, year=year)


def require_open_year(year: Year) -> None:
    if year.is_closed:
        raise PermissionDenied


def get_board(request: HttpRequest, code) -> OrgUnit:
    """A board whose budget work the user may read; 404 for any other node or a board outside their scope."""
    board = get_object_or_404(OrgUnit, code=code, kind=OrgUnit.Kind.BOARD)
    if not can_read_board(request.user, board):
        raise Http404
    return board


def get_request(request: HttpRequest, code) -> BudgetRequest:
    """A request the user may read: drafts only for those in line with the board; submitted requests also for the
    budget preparation."""
    budget_request = get_object_or_404(
        BudgetRequest.objects.select_related("board", "year", "goal", "direction"), code=code
    )
    board = budget_request.board
    if not can_read_board(request.user, board):
        raise Http404
    if not budget_request.is_submitted and not can_see_drafts(request.user, board):
        raise Http404
    return budget_request


def can_change_request(user: Person, budget_request: BudgetRequest) -> bool:
    """The board's writers change a draft in an open year."""
    return (
        not budget_request.year.is_closed
        and not budget_request.is_submitted
        and can_write_requests(user, budget_request.board)
    )


def can_decide(user: Person, budget_request: BudgetRequest, plan_adopted: bool) -> bool:
    return (
        budget_request.is_submitted
        and not budget_request.year.is_closed
        and not plan_adopted
        and is_preparer(user)
    )
