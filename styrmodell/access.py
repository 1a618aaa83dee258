"""Who may see and change what. Every permission decision of the application is made here and nowhere else.

The model: a person holds roles (django-guardian object permissions, see `RoleGrant`) on nodes of the
organisation tree, and a role on a node reaches the node's whole subtree. A person's grants are read once per
request in one query, together with the nodes' materialised paths; every decision after that is either pure
Python over those grants (for one object) or a `path LIKE 'prefix%'` filter added to the list's own query (for a
list). Neither grows with the size of the tree or the number of grants.

Conventions for the verbs below:
- `get_<thing>_for_user(request, code)` returns the object (and whether the user may change it) or raises
  Http404 when it is outside the user's scope, so nothing leaks.
- `require_<...>` raises PermissionDenied (403) for an object the user may see but not change.
- `<things>_visible_to(user)` returns a queryset filtered to what the user may see.

Politics owns WHAT (visions, directions, goals, indicators, target levels); operations own HOW (commitments and
their reports). `POLITICAL_ROLES` and `OPERATIONAL_ROLES` draw that line once, for every app.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, IntegerField, Q, QuerySet, Value
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from .models import ROLE_BY_CODENAME, OrgUnit, Role, RoleGrant, User

POLITICAL_ROLES = frozenset({Role.COUNCIL, Role.BOARD_MEMBER, Role.SECRETARY})
OPERATIONAL_ROLES = frozenset({Role.MANAGER, Role.EMPLOYEE})
# Everyone with any role in a board's subtree (or above it) reads the board's goals.
ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class Grant:
    role: Role
    unit_id: int
    path: str
    depth: int

    def reaches(self, path: str) -> bool:
        return path.startswith(self.path)


_CACHE_ATTR = "_styrmodell_grants"


_DELEGATION = "-delegation"  # marks the delegation rows in the grants query (no role has this codename)


def grants(user: User | AnonymousUser) -> tuple[Grant, ...]:
    """The user's roles with the paths of their nodes, then cached on the user object. The same query (a UNION
    ALL) reads the user's single-commitment delegations for `delegated_commitment_ids`: every page that filters
    commitments needs both, so each such page makes one round trip less (BENCHMARKS.md, benchmark 6)."""
    if not user.is_authenticated:
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from commitments.models import CommitmentDelegation

    roles = (
        RoleGrant.objects.filter(user_id=user.pk)
        .values_list(
            "permission__codename", "content_object_id", "content_object__path", "content_object__depth"
        )
        .order_by()
    )
    delegations = (
        CommitmentDelegation.objects.filter(user_id=user.pk, permission__codename="report_commitment")
        .annotate(
            kind=Value(_DELEGATION, output_field=CharField()),
            no_path=Value("", output_field=CharField()),
            no_depth=Value(0, output_field=IntegerField()),
        )
        .values_list("kind", "content_object_id", "no_path", "no_depth")
        .order_by()
    )
    result, delegated = [], set()
    for codename, object_id, path, depth in roles.union(delegations, all=True):
        if codename == _DELEGATION:
            delegated.add(object_id)
        elif codename in ROLE_BY_CODENAME:
            result.append(Grant(ROLE_BY_CODENAME[codename], object_id, path, depth))
    setattr(user, _CACHE_ATTR, tuple(result))
    user._styrmodell_delegations = frozenset(delegated)
    return tuple(result)


def forget_grants(user: User) -> None:
    """Drop the cached grants after roles were changed within the same request."""
    for attr in (_CACHE_ATTR, "_styrmodell_delegations"):
        if hasattr(user, attr):
            delattr(user, attr)


def _grants_with(user: User | AnonymousUser, roles: Iterable[Role]) -> list[Grant]:
    wanted = set(roles)
    return [g for g in grants(user) if g.role in wanted]


def roles_on(user: User | AnonymousUser, unit: OrgUnit) -> set[Role]:
    """Every role the user holds on this node, directly or from a node above it."""
    return {g.role for g in grants(user) if g.reaches(unit.path)}


def has_role(user: User | AnonymousUser, unit: OrgUnit, *roles: Role) -> bool:
    wanted = set(roles)
    return any(g.role in wanted and g.reaches(unit.path) for g in grants(user))


def is_superuser(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def is_admin(user: User | AnonymousUser) -> bool:
    """Holds the administrator role somewhere (or is a superuser)."""
    return is_superuser(user) or bool(_grants_with(user, [Role.ADMIN]))


def is_system_admin(user: User | AnonymousUser) -> bool:
    """Administrator of the whole municipality: manages people, years and periods."""
    return is_superuser(user) or any(g.depth == 1 for g in _grants_with(user, [Role.ADMIN]))


def in_subtree_q(user: User | AnonymousUser, roles: Iterable[Role], field: str = "path") -> Q:
    """A filter for rows whose node (`field` is the path of that node) lies in the subtree of one of the user's
    grants with one of `roles`. Matches nothing when the user has no such grant."""
    q = Q(pk__in=[])
    if is_superuser(user):
        return ~q
    for grant in _grants_with(user, roles):
        q |= Q(**{f"{field}__startswith": grant.path})
    return q


def related_q(user: User | AnonymousUser, roles: Iterable[Role], field: str = "path") -> Q:
    """A filter for nodes the user stands in a line with: inside one of the grants' subtrees, or above a granted
    node (a board is related to everyone who works under it)."""
    q = Q(pk__in=[])
    if is_superuser(user):
        return ~q
    ancestors: set[str] = set()
    for grant in _grants_with(user, roles):
        q |= Q(**{f"{field}__startswith": grant.path})
        ancestors.update(grant.path[:i] for i in range(OrgUnit.steplen, len(grant.path), OrgUnit.steplen))
    if ancestors:
        q |= Q(**{f"{field}__in": sorted(ancestors)})
    return q


# --- organisation tree -------------------------------------------------------------------------------------


def can_manage_unit(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    """Administrators manage the tree below the node they hold the role on."""
    return is_superuser(user) or has_role(user, unit, Role.ADMIN)


def get_unit_for_user(request: HttpRequest, code: str) -> tuple[OrgUnit, bool]:
    """The organisation is visible to every signed-in person; changing it is for administrators."""
    unit = get_object_or_404(OrgUnit, code=code)
    return unit, can_manage_unit(request.user, unit)


def get_managed_unit(request: HttpRequest, code: str) -> OrgUnit:
    unit, can_manage = get_unit_for_user(request, code)
    if not can_manage:
        raise PermissionDenied
    return unit


def units_managed_by(user: User | AnonymousUser) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(in_subtree_q(user, [Role.ADMIN]))


def can_move_unit(user: User | AnonymousUser, unit: OrgUnit, target: OrgUnit) -> bool:
    return can_manage_unit(user, unit) and can_manage_unit(user, target) and not target.is_within(unit)


# --- people and roles --------------------------------------------------------------------------------------


def can_manage_people(user: User | AnonymousUser) -> bool:
    return is_admin(user)


def get_person_for_user(request: HttpRequest, code: str) -> tuple[User, bool]:
    """Administrators see and edit people; everyone else is refused without learning whether the person exists."""
    if not can_manage_people(request.user):
        raise Http404
    person = get_object_or_404(User, code=code)
    return person, True


def can_grant_role(user: User | AnonymousUser, unit: OrgUnit, role: Role) -> bool:
    """An administrator grants roles within the subtree they administer; only a municipality-wide administrator
    grants the administrator role itself."""
    if not can_manage_unit(user, unit):
        return False
    if role == Role.ADMIN:
        return is_system_admin(user)
    return True


# --- years and periods -------------------------------------------------------------------------------------


def can_manage_years(user: User | AnonymousUser) -> bool:
    return is_system_admin(user)


def require_years_admin(request: HttpRequest) -> None:
    if not can_manage_years(request.user):
        raise PermissionDenied


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
    for grant in _grants_with(user, IC_EDITOR_ROLES):
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
    return bool(_grants_with(user, [Role.IC_OFFICER])) and ic_oversees_all(user)


# --- goals -------------------------------------------------------------------------------------------------
# Politics owns the goals. A board's elected members and its secretary write the board's goals, indicators,
# target levels and assessments; controllers on the board (or above it) enter indicator outcomes; council members
# keep the vision and the directions. Everyone related to a board (a role in its subtree or above it) reads its
# goals; operations never change them.

GOAL_EDITOR_ROLES = frozenset({Role.BOARD_MEMBER, Role.SECRETARY})


@dataclass(frozen=True)
class GoalRights:
    can_edit: bool  # text, SMART, indicators, target levels, adoption, assessment
    can_enter_outcomes: bool


def is_related(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    """One object's version of `related_q`: a role in the unit's subtree or on a node above it."""
    if is_superuser(user):
        return True
    return any(unit.path.startswith(g.path) or g.path.startswith(unit.path) for g in grants(user))


def goals_visible_q(user: User | AnonymousUser, field: str = "board__path") -> Q:
    """Filter for goals (or anything with a board path at `field`) the user may read."""
    return related_q(user, ALL_ROLES, field)


def boards_visible_to(user: User | AnonymousUser) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.boards().filter(related_q(user, ALL_ROLES))


def can_edit_board_goals(user: User | AnonymousUser, board: OrgUnit) -> bool:
    return is_superuser(user) or has_role(user, board, *GOAL_EDITOR_ROLES)


def can_enter_outcomes(user: User | AnonymousUser, board: OrgUnit) -> bool:
    return is_superuser(user) or has_role(user, board, Role.CONTROLLER)


def can_manage_visions(user: User | AnonymousUser) -> bool:
    """Council members keep the vision and the directions (the council role only exists on the council node)."""
    return is_superuser(user) or bool(_grants_with(user, [Role.COUNCIL]))


def require_vision_manager(request: HttpRequest) -> None:
    # Visions and directions are read by every signed-in person, so refusing says nothing new: 403, not 404.
    if not can_manage_visions(request.user):
        raise PermissionDenied


def get_board_for_user(request: HttpRequest, code: str) -> tuple[OrgUnit, bool]:
    """A board and whether the user writes its goals; 404 for a board the user has nothing to do with."""
    board = get_object_or_404(OrgUnit, code=code, kind=OrgUnit.Kind.BOARD)
    if not is_related(request.user, board):
        raise Http404
    return board, can_edit_board_goals(request.user, board)


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
    if not is_related(request.user, goal.board):
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
    if not is_related(request.user, indicator.goal.board):
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


# --- commitments -------------------------------------------------------------------------------------------
# Unit commitments are read by everyone in line with the unit (its subtree and the nodes above it); changing them
# is for the managers above. Employee commitments are personal data: the employee, the managers above the unit
# and administrators see them; nobody else learns they exist (404).

COMMITMENT_OVERVIEW_ROLES = frozenset(Role) - {Role.EMPLOYEE}


def commitments_visible_to(user: User | AnonymousUser) -> QuerySet:
    from commitments.models import Commitment

    if not user.is_authenticated:
        return Commitment.objects.none()
    if is_superuser(user):
        return Commitment.objects.all()
    # One OR of simple arms, each answerable from an index, on the commitment's own copy of its unit's path
    # (`unit_path`, indexed with the year): PostgreSQL combines the index ranges of the user's subtrees instead of
    # reading every commitment of the year and joining it to its unit (BENCHMARKS.md, benchmark 6).
    # The rule: unit commitments on nodes in line with a grant (its subtree and the nodes above it), unit
    # commitments one is responsible for or reports on by delegation; employee commitments of one's own and, for
    # managers and administrators, those in their subtree.
    unit_row = Q(owner__isnull=True)
    arms = Q(owner_id=user.pk) | (unit_row & Q(responsible_id=user.pk))
    delegated = delegated_commitment_ids(user)
    if delegated:
        arms |= unit_row & Q(pk__in=sorted(delegated))
    ancestors: set[str] = set()
    for grant in _grants_with(user, ALL_ROLES):
        in_subtree = Q(unit_path__startswith=grant.path)
        arms |= in_subtree if grant.role in (Role.MANAGER, Role.ADMIN) else unit_row & in_subtree
        ancestors.update(grant.path[:i] for i in range(OrgUnit.steplen, len(grant.path), OrgUnit.steplen))
    if ancestors:
        arms |= unit_row & Q(unit_path__in=sorted(ancestors))
    return Commitment.objects.filter(arms)


def can_see_commitment(user: User | AnonymousUser, commitment) -> bool:
    """The same rule as `commitments_visible_to`, for one object in memory (no query)."""
    if not user.is_authenticated:
        return False
    if is_superuser(user):
        return True
    path = commitment.unit.path
    if commitment.owner_id is not None:
        return commitment.owner_id == user.pk or has_role(user, commitment.unit, Role.MANAGER, Role.ADMIN)
    return (
        commitment.responsible_id == user.pk
        or _related(user, path)
        or commitment.pk in delegated_commitment_ids(user)
    )


def _related(user: User | AnonymousUser, path: str) -> bool:
    """In line with the node: a grant on the node or above it, or a grant on a node below it."""
    return any(path.startswith(g.path) or g.path.startswith(path) for g in grants(user))


def can_edit_commitment(user: User | AnonymousUser, commitment) -> bool:
    """Managers above the unit change its commitments (including the breakdown to employees)."""
    return has_role(user, commitment.unit, Role.MANAGER) and not commitment.year.is_closed


def delegated_commitment_ids(user: User | AnonymousUser) -> frozenset[int]:
    """Unit commitments the user may report on by a single-object delegation (django-guardian grant
    `commitments.report_commitment`): one query, then cached on the user object like the role grants."""
    if not user.is_authenticated:
        return frozenset()
    grants(user)  # reads the delegations with the roles
    return user._styrmodell_delegations


def can_report_on_commitment(user: User | AnonymousUser, commitment) -> bool:
    """The employee, the responsible person, a delegate and the managers above report status. Whether the period
    is open is decided by `commitments.services.period_is_open_for`."""
    if not user.is_authenticated:
        return False
    if user.pk in (commitment.owner_id, commitment.responsible_id):
        return True
    if not commitment.is_personal and commitment.pk in delegated_commitment_ids(user):
        return True
    return has_role(user, commitment.unit, Role.MANAGER)


def can_delegate_reporting(user: User | AnonymousUser, commitment) -> bool:
    """Managers above the unit let someone in line with the unit report on a unit commitment."""
    return not commitment.is_personal and can_edit_commitment(user, commitment)


COMMITMENT_PAGE_RELATIONS = ("unit", "year", "owner", "responsible", "parent")


def get_commitment_for_user(
    request: HttpRequest, code: str, related: tuple[str, ...] = COMMITMENT_PAGE_RELATIONS
):
    """The commitment and whether the user may change it; 404 outside the user's scope. The rules need only
    `unit` and `year`; pages that show no people pass `related=("unit", "year")`: at the deadline rush, planning
    and loading a six-table join was a third of a status report's server time (BENCHMARKS.md, benchmark 3)."""
    from commitments.models import Commitment

    commitment = get_object_or_404(Commitment.objects.select_related(*related).order_by(), code=code)
    if not can_see_commitment(request.user, commitment):
        raise Http404
    return commitment, can_edit_commitment(request.user, commitment)


def get_editable_commitment(request: HttpRequest, code: str):
    commitment, can_edit = get_commitment_for_user(request, code)
    if not can_edit:
        raise PermissionDenied
    return commitment


def can_create_commitments(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    return has_role(user, unit, Role.MANAGER)


def can_view_unit_commitments(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    """The unit view and the roll-ups: everyone with a role reaching the node except plain employees, who use
    their own page."""
    return is_superuser(user) or has_role(user, unit, *COMMITMENT_OVERVIEW_ROLES)


def can_see_employee_commitments_in(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    return is_superuser(user) or has_role(user, unit, Role.MANAGER, Role.ADMIN)


def get_unit_for_commitments(request: HttpRequest, code: str) -> OrgUnit:
    """A unit whose commitments the user may overview; 404 otherwise (the unit view shows who has not reported)."""
    unit = get_object_or_404(OrgUnit, code=code)
    if not can_view_unit_commitments(request.user, unit):
        raise Http404
    return unit


def get_unit_for_new_commitment(request: HttpRequest, code: str) -> OrgUnit:
    unit = get_unit_for_commitments(request, code)
    if not can_create_commitments(request.user, unit):
        raise PermissionDenied
    return unit


def can_reopen_period(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    """Administrators and the board's secretary reopen a closed period for one unit."""
    return is_superuser(user) or has_role(user, unit, Role.ADMIN, Role.SECRETARY)


def get_unit_for_reopening(request: HttpRequest, code: str) -> OrgUnit:
    unit = get_unit_for_commitments(request, code)
    if not can_reopen_period(request.user, unit):
        raise PermissionDenied
    return unit


def rollup_roots_for(user: User | AnonymousUser) -> list[Grant]:
    """The highest nodes the user may see roll-ups for, shallowest first."""
    return sorted(_grants_with(user, COMMITMENT_OVERVIEW_ROLES), key=lambda g: (g.depth, g.path))


# --- reporting ---------------------------------------------------------------------------------------------
# Reports, economy figures and exports of a board are read by everyone who stands in a line with the board (as its
# goals are); the board secretary builds, readies, adopts and archives the board's reports; controllers enter
# economic figures and import outcomes; the municipality's compilation belongs to a secretary on the root node.

REPORT_MANAGER_ROLES = frozenset({Role.SECRETARY})
ECONOMY_ROLES = frozenset({Role.CONTROLLER})


def boards_visible_for_reporting(user: User | AnonymousUser) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.boards().filter(related_q(user, ALL_ROLES))


def can_view_board_reporting(user: User | AnonymousUser, board: OrgUnit) -> bool:
    return is_superuser(user) or roles_related_to(user, board)


def can_manage_reports(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    """Build, ready, adopt and archive the reports of `unit` (a board, or the root for the compilation)."""
    return is_superuser(user) or has_role(user, unit, *REPORT_MANAGER_ROLES)


def can_edit_economy(user: User | AnonymousUser, board: OrgUnit) -> bool:
    """Controllers on the board or above enter economic figures and import indicator outcomes."""
    return is_superuser(user) or has_role(user, board, *ECONOMY_ROLES)


def get_board_for_reporting(request: HttpRequest, code: str) -> OrgUnit:
    """A board whose reporting the user may read; 404 for any other node or a board outside their scope."""
    board = get_object_or_404(OrgUnit, code=code, kind=OrgUnit.Kind.BOARD)
    if not can_view_board_reporting(request.user, board):
        raise Http404
    return board


def get_board_for_economy(request: HttpRequest, code: str) -> OrgUnit:
    board = get_board_for_reporting(request, code)
    if not can_edit_economy(request.user, board):
        raise PermissionDenied
    return board


def reports_visible_to(user: User | AnonymousUser):
    from reporting.models import Report

    return Report.objects.filter(related_q(user, ALL_ROLES, field="unit__path"))


def get_report_for_user(request: HttpRequest, code: str):
    """(report, can_manage): a report of a board the user stands in a line with; 404 otherwise."""
    from reporting.models import Report

    report = get_object_or_404(Report.objects.select_related("unit", "period__year"), code=code)
    if not can_view_board_reporting(request.user, report.unit):
        raise Http404
    return report, can_manage_reports(request.user, report.unit)


def get_managed_report(request: HttpRequest, code: str):
    report, can_manage = get_report_for_user(request, code)
    if not can_manage:
        raise PermissionDenied
    return report


def roles_related_to(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    """Holds any role inside the unit's subtree or above it (the compilation, on the root, reaches everyone)."""
    return any(g.reaches(unit.path) or g.path.startswith(unit.path) for g in grants(user))


def get_job_for_user(request: HttpRequest, code: str):
    """A background job is seen only by the person who started it."""
    from reporting.models import Job

    job = get_object_or_404(Job, code=code)
    if job.created_by_id != request.user.pk and not is_superuser(request.user):
        raise Http404
    return job


# --- public ---------------------------------------------------------------------------------------------------
# The citizens' results site (no login). Only what has been decided is public: goals the board has adopted, with
# their indicators, and outcomes and assessments of closed periods only (an open period's figures may still change);
# reports only as their archived, immutable snapshots. Nothing about people is ever public: no commitments, no
# names of whoever entered an outcome or wrote an assessment.


def closed_period_q(field: str = "period") -> Q:
    """A period that is locked: closed itself, or in a closed year (`field=""` filters periods themselves)."""
    prefix = f"{field}__" if field else ""
    return Q(**{f"{prefix}is_closed": True}) | Q(**{f"{prefix}year__is_closed": True})


def published_visions() -> QuerySet:
    """The council's visions and directions are public decisions once they are active."""
    from goals.models import Vision

    return Vision.objects.filter(is_active=True)


def published_directions() -> QuerySet:
    from goals.models import Direction

    return Direction.objects.filter(vision__is_active=True)


def published_boards() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.boards().active()


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


def published_reports() -> QuerySet:
    """Archived snapshots of adopted reports; a report that is not archived is not public, whatever its status."""
    from reporting.models import ArchivedReport, Report

    return ArchivedReport.objects.filter(report__status=Report.Status.ADOPTED)


def get_published_goal(code: str):
    """An adopted goal; 404 for a draft (or anything else), so a draft's existence never leaks."""
    return get_object_or_404(
        published_goals().select_related("board", "year", "direction__vision"), code=code
    )


def get_published_report(code: str):
    return get_object_or_404(published_reports().select_related("unit", "period__year", "report"), code=code)
