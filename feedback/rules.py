"""Who may see and handle feedback cases, built on the core primitives of styrmodell.access.

- A case is seen and handled by the people with an operational role (manager, employee) that reaches the case's
  unit: the unit's own managers and employees, and managers (or employees) on a node above it. They see the
  citizen's contact details; nobody else sees the case at all (404), whatever other role they hold.
- A closed case is read-only (403) until the citizen reopens it.
- Statistics carry no personal data: everyone related to a board reads its statistics.
- Indicators are linked to a measure by those who enter the board's outcomes (controller) and the board's
  goal owners (board members, secretary).
- The personal-data page (export, erasure) is for system administrators only.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from styrmodell import access
from styrmodell.models import OrgUnit, Role, User

from .models import Case

HANDLER_ROLES = frozenset({Role.MANAGER, Role.EMPLOYEE})
FEED_EDITOR_ROLES = frozenset({Role.CONTROLLER, Role.BOARD_MEMBER, Role.SECRETARY})


def has_inbox(user: User | AnonymousUser) -> bool:
    return access.is_superuser(user) or any(g.role in HANDLER_ROLES for g in access.grants(user))


def cases_visible_to(user: User | AnonymousUser) -> QuerySet[Case]:
    return Case.objects.filter(access.in_subtree_q(user, HANDLER_ROLES, field="unit__path"))


def can_handle(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    return access.is_superuser(user) or access.has_role(user, unit, *HANDLER_ROLES)


def get_case_for_user(request: HttpRequest, code) -> tuple[Case, bool]:
    """(case, can_change): 404 outside the user's units; a closed case cannot be changed."""
    case = get_object_or_404(Case.objects.select_related("unit", "assignee"), code=code)
    if not can_handle(request.user, case.unit):
        raise Http404
    return case, not case.is_closed


def get_changeable_case(request: HttpRequest, code) -> Case:
    case, can_change = get_case_for_user(request, code)
    if not can_change:
        raise PermissionDenied
    return case


def assignable_people(unit: OrgUnit) -> QuerySet[User]:
    """People a case can be given to: those with an operational role on the unit or above it."""
    from styrmodell.models import RoleGrant

    codenames = [role.codename for role in HANDLER_ROLES]
    grants = RoleGrant.objects.filter(
        permission__codename__in=codenames, content_object__path__in=unit.ancestor_paths()
    )
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def statistics_boards_for(user: User | AnonymousUser) -> QuerySet[OrgUnit]:
    boards = OrgUnit.objects.boards()
    if access.is_system_admin(user):
        return boards
    return boards.filter(access.related_q(user, access.ALL_ROLES))


def feed_boards_for(user: User | AnonymousUser) -> QuerySet[OrgUnit]:
    """Boards whose indicators the user may link to a measure."""
    boards = OrgUnit.objects.boards()
    if access.is_superuser(user):
        return boards
    q = Q(pk__in=[])
    for grant in access.grants(user):
        if grant.role in FEED_EDITOR_ROLES:
            q |= Q(path__startswith=grant.path)
    return boards.filter(q)


def can_manage_privacy(user: User | AnonymousUser) -> bool:
    return access.is_system_admin(user)
