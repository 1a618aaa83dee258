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
from django.db.models import Q, QuerySet
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


def grants(user: User | AnonymousUser) -> tuple[Grant, ...]:
    """The user's roles with the paths of their nodes: one query, then cached on the user object."""
    if not user.is_authenticated:
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    rows = RoleGrant.objects.filter(user_id=user.pk).values_list(
        "permission__codename", "content_object_id", "content_object__path", "content_object__depth"
    )
    result = tuple(
        Grant(ROLE_BY_CODENAME[codename], unit_id, path, depth)
        for codename, unit_id, path, depth in rows
        if codename in ROLE_BY_CODENAME
    )
    setattr(user, _CACHE_ATTR, result)
    return result


def forget_grants(user: User) -> None:
    """Drop the cached grants after roles were changed within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


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
