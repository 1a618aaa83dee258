"""Who may see, change and report on commitments; built on the grants and scopes of styrmodell.access."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from styrmodell.access import (
    ALL_ROLES,
    Grant,
    can_reopen_period,
    grants,
    grants_with,
    has_role,
    is_superuser,
    object_grants,
)
from styrmodell.lib.precompiled import Precompiled
from styrmodell.models import OrgUnit, Role, User

# --- commitments -------------------------------------------------------------------------------------------
# Unit commitments are read by everyone in line with the unit (its subtree and the nodes above it); changing them
# is for the managers above. Employee commitments are personal data: the employee, the managers above the unit
# and administrators see them; nobody else learns they exist (404).

DELEGATIONS = "commitments.report_commitment"  # registered in CommitmentsConfig.ready

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
    for grant in grants_with(user, ALL_ROLES):
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
    return object_grants(user, DELEGATIONS)


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
_COMMITMENT_BY_CODE: dict[tuple[str, ...], Precompiled] = {}


def _commitment_by_code(related: tuple[str, ...]) -> Precompiled:
    """The commitment with `related` loaded, its SQL built once (styrmodell/lib/precompiled.py)."""
    from commitments.models import Commitment

    if related not in _COMMITMENT_BY_CODE:
        _COMMITMENT_BY_CODE[related] = Precompiled(
            lambda code: Commitment.objects.select_related(*related).order_by().filter(code=code),
            code=Commitment._meta.get_field("code"),
        )
    return _COMMITMENT_BY_CODE[related]


def get_commitment_for_user(
    request: HttpRequest, code: str, related: tuple[str, ...] = COMMITMENT_PAGE_RELATIONS
):
    """The commitment and whether the user may change it; 404 outside the user's scope. The rules need only
    `unit` and `year`; pages that show no people pass `related=("unit", "year")`: at the deadline rush, planning
    and loading a six-table join was a third of a status report's server time (BENCHMARKS.md, benchmark 3)."""
    commitment = _commitment_by_code(related).first(code=code)
    if commitment is None or not can_see_commitment(request.user, commitment):
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


def get_unit_for_reopening(request: HttpRequest, code: str) -> OrgUnit:
    unit = get_unit_for_commitments(request, code)
    if not can_reopen_period(request.user, unit):
        raise PermissionDenied
    return unit


def rollup_roots_for(user: User | AnonymousUser) -> list[Grant]:
    """The highest nodes the user may see roll-ups for, shallowest first."""
    return sorted(grants_with(user, COMMITMENT_OVERVIEW_ROLES), key=lambda g: (g.depth, g.path))


# --- unit analyses -------------------------------------------------------------------------------------------
# A unit's analysis of a period is written by its managers (a manager role reaching the unit) and read by them, the
# managers above and the board: its members, secretary and controllers (their roles on the board reach the unit),
# and administrators. Everyone else gets a 404; a reader who may not write gets a 403 on the form.

ANALYSIS_READER_ROLES = frozenset(
    {Role.MANAGER, Role.ADMIN, Role.BOARD_MEMBER, Role.SECRETARY, Role.CONTROLLER}
)


def can_read_unit_analysis(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    return is_superuser(user) or has_role(user, unit, *ANALYSIS_READER_ROLES)


def can_write_unit_analysis(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    return has_role(user, unit, Role.MANAGER)


def get_unit_for_analysis(request: HttpRequest, code: str) -> tuple[OrgUnit, bool]:
    """(unit, may write); 404 for a unit whose analyses the user may not read."""
    unit = get_object_or_404(OrgUnit, code=code)
    if not can_read_unit_analysis(request.user, unit):
        raise Http404
    return unit, can_write_unit_analysis(request.user, unit)


# --- ownerless commitments -------------------------------------------------------------------------------------


def unowned_in_managed_units_q(user: User | AnonymousUser) -> Q:
    """Unit commitments with nobody responsible in the subtrees the user manages: the managers above answer for
    them ("Mina åtaganden" lists them, as the roll-up counts them)."""
    q = Q(pk__in=[])
    for grant in grants_with(user, [Role.MANAGER]):
        q |= Q(unit_path__startswith=grant.path)
    return Q(owner__isnull=True, responsible__isnull=True) & q
