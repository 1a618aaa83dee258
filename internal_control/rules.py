"""Who may see and change a board's internal control, built on the grants and scopes of styrmodell.access."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from styrmodell.access import (
    ALL_ROLES,
    grants,
    grants_with,
    has_role,
    is_superuser,
    is_system_admin,
    related_q,
)
from styrmodell.models import OrgUnit, Role, User

# --- internal_control --------------------------------------------------------------------------------------
# The internal-control officer and the board (members and secretary) keep a board's control plan; control owners
# report results on their own controls, as does the officer; everyone related to the board reads. The executive
# board (KS, found by its short name, setting INTERNAL_CONTROL_OVERSIGHT_BOARD) oversees every board's internal
# control (Kommunallagen 6 kap. 1 §), so its political roles and officer read every plan, as do roles on the
# council node. A closed year is read-only.

IC_EDITOR_ROLES = frozenset({Role.IC_OFFICER, Role.BOARD_MEMBER, Role.SECRETARY})
_IC_OVERSIGHT_ATTR = "_styrmodell_ic_oversight"


def ic_oversees_all(user: User | AnonymousUser) -> bool:
    """Reads every board's internal control: superusers, roles on the root node, and the political roles and
    internal-control officer of the oversight board (one query, cached on the user object)."""
    if is_superuser(user):
        return True
    cached = getattr(user, _IC_OVERSIGHT_ATTR, None)
    if cached is not None:
        return cached
    from django.conf import settings

    own = grants(user)
    result = any(g.depth == 1 for g in own)
    if not result:
        unit_ids = [g.unit_id for g in own if g.role in IC_EDITOR_ROLES]
        short_name = getattr(settings, "INTERNAL_CONTROL_OVERSIGHT_BOARD", "KS")
        result = (
            bool(unit_ids)
            and OrgUnit.objects.filter(
                pk__in=unit_ids, kind=OrgUnit.Kind.BOARD, short_name=short_name
            ).exists()
        )
    setattr(user, _IC_OVERSIGHT_ATTR, result)
    return result


def ic_can_read_board(user: User | AnonymousUser, board: OrgUnit) -> bool:
    if not user.is_authenticated:
        return False
    if any(g.reaches(board.path) or g.path.startswith(board.path) for g in grants(user)):
        return True
    return ic_oversees_all(user)


def ic_can_edit_board_plan(user: User | AnonymousUser, board: OrgUnit) -> bool:
    return has_role(user, board, *IC_EDITOR_ROLES)


def ic_boards_visible_to(user: User | AnonymousUser) -> QuerySet[OrgUnit]:
    boards = OrgUnit.objects.boards()
    if ic_oversees_all(user):
        return boards
    return boards.filter(related_q(user, ALL_ROLES))


def ic_boards_editable_by(user: User | AnonymousUser) -> QuerySet[OrgUnit]:
    """Boards whose plan the user keeps (by a role, never by being superuser, like has_role)."""
    q = Q(pk__in=[])
    for grant in grants_with(user, IC_EDITOR_ROLES):
        q |= Q(path__startswith=grant.path)
    return OrgUnit.objects.boards().filter(q)


def control_plans_visible_to(user: User | AnonymousUser):
    from internal_control.models import ControlPlan

    plans = ControlPlan.objects.select_related("board", "year")
    if ic_oversees_all(user):
        return plans
    return plans.filter(related_q(user, ALL_ROLES, field="board__path"))


def _ic_plan_writable(user: User | AnonymousUser, plan) -> bool:
    return not plan.year.is_closed and ic_can_edit_board_plan(user, plan.board)


def get_control_plan_for_user(request: HttpRequest, code: str) -> tuple:
    """The plan and whether the user may change it (its processes, risks, controls and adoption)."""
    from internal_control.models import ControlPlan

    plan = get_object_or_404(ControlPlan.objects.select_related("board", "year", "matrix"), code=code)
    if not ic_can_read_board(request.user, plan.board):
        raise Http404
    return plan, _ic_plan_writable(request.user, plan)


def require_control_plan_editor(request: HttpRequest, code: str):
    plan, can_edit = get_control_plan_for_user(request, code)
    if not can_edit:
        raise PermissionDenied
    return plan


def require_plan_open_for_changes(request: HttpRequest, plan, can_edit: bool) -> None:
    """Processes, risks and controls change only in a draft plan: an adopted plan must be reopened first."""
    if not can_edit or plan.is_adopted:
        raise PermissionDenied


def get_process_for_user(request: HttpRequest, code: str) -> tuple:
    from internal_control.models import Process

    process = get_object_or_404(
        Process.objects.select_related("plan__board", "plan__year", "plan__matrix"), code=code
    )
    if not ic_can_read_board(request.user, process.plan.board):
        raise Http404
    return process, _ic_plan_writable(request.user, process.plan)


def get_risk_for_user(request: HttpRequest, code: str) -> tuple:
    from internal_control.models import Risk

    risk = get_object_or_404(
        Risk.objects.select_related("plan__board", "plan__year", "plan__matrix", "process", "goal"), code=code
    )
    if not ic_can_read_board(request.user, risk.plan.board):
        raise Http404
    return risk, _ic_plan_writable(request.user, risk.plan)


def ic_can_report_result(user: User | AnonymousUser, control) -> bool:
    """The control's owner and the board's internal-control officer report results, all year long."""
    plan = control.risk.plan
    if plan.year.is_closed or not user.is_authenticated:
        return False
    return control.owner_id == user.pk or has_role(user, plan.board, Role.IC_OFFICER)


def get_control_for_user(request: HttpRequest, code: str) -> tuple:
    """The control, whether the user may change it (plan editors), and whether they may report results on it."""
    from internal_control.models import Control

    control = get_object_or_404(
        Control.objects.select_related(
            "risk__plan__board", "risk__plan__year", "risk__plan__matrix", "risk__process", "owner"
        ),
        code=code,
    )
    plan = control.risk.plan
    if not ic_can_read_board(request.user, plan.board):
        raise Http404
    return control, _ic_plan_writable(request.user, plan), ic_can_report_result(request.user, control)


def get_control_result_for_user(request: HttpRequest, code: str) -> tuple:
    """A result and whether the user may correct it or add actions to it."""
    from internal_control.models import ControlResult

    result = get_object_or_404(
        ControlResult.objects.select_related(
            "control__risk__plan__board", "control__risk__plan__year", "control__owner", "reported_by"
        ),
        code=code,
    )
    if not ic_can_read_board(request.user, result.control.risk.plan.board):
        raise Http404
    return result, ic_can_report_result(request.user, result.control)


def get_action_for_user(request: HttpRequest, code: str) -> tuple:
    """An action and whether the user may mark it done (those who report results on the control)."""
    from internal_control.models import Action

    action = get_object_or_404(
        Action.objects.select_related(
            "result__control__risk__plan__board",
            "result__control__risk__plan__year",
            "result__control__owner",
        ),
        code=code,
    )
    control = action.result.control
    if not ic_can_read_board(request.user, control.risk.plan.board):
        raise Http404
    return action, ic_can_report_result(request.user, control)


def can_edit_risk_matrix(user: User | AnonymousUser) -> bool:
    """The matrix is the municipality's: its system administrators and the oversight board's officer keep it."""
    if is_system_admin(user):
        return True
    return bool(grants_with(user, [Role.IC_OFFICER])) and ic_oversees_all(user)
