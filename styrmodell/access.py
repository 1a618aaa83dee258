"""Grants, scope and period locks: the one place that says who holds which role where, how far a role reaches,
and whether a kind of reporting is open for a unit now. Each domain app states its own rules on top of these
verbs in `<app>/rules.py` (goals.rules, commitments.rules, reporting.rules, internal_control.rules …); this module
imports no domain app.

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

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, IntegerField, Q, QuerySet, Value
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from .lib.precompiled import Precompiled
from .models import ROLE_BY_CODENAME, STEP_OF, OrgUnit, Period, PeriodReopening, Role, RoleGrant, User

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
_OBJECTS_ATTR = "_styrmodell_object_grants"


# Object grants of other apps read in the same query as the roles (a UNION ALL): name -> function(user_id) giving
# a queryset of django-guardian object permissions with a direct key (`content_object_id`, like RoleGrant). The commitments app registers its single-commitment delegations here: every
# page that filters commitments needs both, so each such page makes one round trip less (BENCHMARKS.md, 6).
_OBJECT_GRANT_SOURCES: dict[str, Callable[[int], QuerySet]] = {}


def register_object_grants(name: str, source: Callable[[int], QuerySet]) -> None:
    """Called from an app's `ready()`; `object_grants(user, name)` then answers from the grants query."""
    _OBJECT_GRANT_SOURCES[name] = source


# The grants query is the same for every request but the user's id; compiling it from the ORM cost about as much
# as running it (BENCHMARKS.md, section 12), so its SQL is built once (styrmodell/lib/precompiled.py).
_GRANTS: dict[tuple[str, ...], Precompiled] = {}


def _grants_query(user_id: int) -> QuerySet:
    query = (
        RoleGrant.objects.filter(user_id=user_id)
        .values_list(
            "permission__codename", "content_object_id", "content_object__path", "content_object__depth"
        )
        .order_by()
    )
    extra = [
        source(user_id)
        .annotate(
            # The marker starts with a character no role codename has.
            grant_kind=Value(f"-{name}", output_field=CharField()),
            no_path=Value("", output_field=CharField()),
            no_depth=Value(0, output_field=IntegerField()),
        )
        .values_list("grant_kind", "content_object_id", "no_path", "no_depth")
        .order_by()
        for name, source in _OBJECT_GRANT_SOURCES.items()
    ]
    return query.union(*extra, all=True) if extra else query


def _grant_rows(user_id: int) -> list[tuple]:
    """(codename, node id, path, depth) of each role, and (marker, object id, "", 0) of each object grant."""
    sources = tuple(_OBJECT_GRANT_SOURCES)
    if sources not in _GRANTS:
        _GRANTS[sources] = Precompiled(_grants_query, user_id=RoleGrant._meta.get_field("user"))
    return _GRANTS[sources].all(user_id=user_id)


def grants(user: User | AnonymousUser) -> tuple[Grant, ...]:
    """The user's roles with the paths of their nodes (and the registered object grants), read in one query and
    then cached on the user object."""
    if not user.is_authenticated:
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    result: list[Grant] = []
    objects: dict[str, set[int]] = {name: set() for name in _OBJECT_GRANT_SOURCES}
    for codename, object_id, path, depth in _grant_rows(user.pk):
        if codename.startswith("-"):
            objects[codename[1:]].add(object_id)
        elif codename in ROLE_BY_CODENAME:
            result.append(Grant(ROLE_BY_CODENAME[codename], object_id, path, depth))
    setattr(user, _CACHE_ATTR, tuple(result))
    setattr(user, _OBJECTS_ATTR, {name: frozenset(ids) for name, ids in objects.items()})
    return tuple(result)


def object_grants(user: User | AnonymousUser, name: str) -> frozenset[int]:
    """Ids of the objects the registered source `name` grants the user (no query after `grants`)."""
    if not user.is_authenticated:
        return frozenset()
    grants(user)
    return getattr(user, _OBJECTS_ATTR).get(name, frozenset())


def forget_grants(user: User) -> None:
    """Drop the cached grants after roles were changed within the same request."""
    for attr in (_CACHE_ATTR, _OBJECTS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def grants_with(user: User | AnonymousUser, roles: Iterable[Role]) -> list[Grant]:
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
    return is_superuser(user) or bool(grants_with(user, [Role.ADMIN]))


def is_system_admin(user: User | AnonymousUser) -> bool:
    """Administrator of the whole municipality: manages people, years and periods."""
    return is_superuser(user) or any(g.depth == 1 for g in grants_with(user, [Role.ADMIN]))


def in_subtree_q(user: User | AnonymousUser, roles: Iterable[Role], field: str = "path") -> Q:
    """A filter for rows whose node (`field` is the path of that node) lies in the subtree of one of the user's
    grants with one of `roles`. Matches nothing when the user has no such grant."""
    q = Q(pk__in=[])
    if is_superuser(user):
        return ~q
    for grant in grants_with(user, roles):
        q |= Q(**{f"{field}__startswith": grant.path})
    return q


def related_q(user: User | AnonymousUser, roles: Iterable[Role], field: str = "path") -> Q:
    """A filter for nodes the user stands in a line with: inside one of the grants' subtrees, or above a granted
    node (a board is related to everyone who works under it)."""
    q = Q(pk__in=[])
    if is_superuser(user):
        return ~q
    ancestors: set[str] = set()
    for grant in grants_with(user, roles):
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


def is_related(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    """One object's version of `related_q`: a role in the unit's subtree or on a node above it."""
    if is_superuser(user):
        return True
    return any(unit.path.startswith(g.path) or g.path.startswith(unit.path) for g in grants(user))


def roles_related_to(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    """Holds any role inside the unit's subtree or above it (the compilation, on the root, reaches everyone)."""
    return any(g.reaches(unit.path) or g.path.startswith(unit.path) for g in grants(user))


# --- period locks ----------------------------------------------------------------------------------------------
# A period collects some kinds of reporting (`Period.collects`) and closes in two steps: the staff deadline closes
# commitment status, the board's deadline everything else (`STEP_OF`). A closed step opens again only for the
# scope of a reopening in force (a board or unit and its subtree). A closed year is read-only whatever was reopened.

_REOPENED_ATTR = "_styrmodell_reopened_paths"


def reopened_paths(period: Period, step: str) -> tuple[str, ...]:
    """Paths of the nodes for which `step` of the period is open again today: one query per period and step, then
    cached on the period object, so a list page asks once whatever the number of rows."""
    cache = period.__dict__.setdefault(_REOPENED_ATTR, {})
    if step not in cache:
        cache[step] = tuple(
            PeriodReopening.objects.in_force()
            .filter(period_id=period.pk, step=step)
            .values_list("unit__path", flat=True)
        )
    return cache[step]


def reporting_is_open(period: Period, unit: OrgUnit, kind: str) -> bool:
    """May `kind` of reporting (a `Reporting` value) be entered or changed in `period` for `unit` now?"""
    if period.year.is_closed or not period.collects_kind(kind):
        return False
    step = STEP_OF[kind]
    if not period.step_closed(step):
        return True
    return any(unit.path.startswith(path) for path in reopened_paths(period, step))


def can_reopen_period(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    """Administrators (within their subtree) and the board's secretary reopen a closed step for a board or unit."""
    return is_superuser(user) or has_role(user, unit, Role.ADMIN, Role.SECRETARY)


def get_reopening_for_user(request: HttpRequest, code: str) -> PeriodReopening:
    """A reopening its unit's reopeners may close early; 404 for everyone else."""
    reopening = get_object_or_404(PeriodReopening.objects.select_related("unit", "period__year"), code=code)
    if not can_reopen_period(request.user, reopening.unit):
        raise Http404
    return reopening


# --- public ---------------------------------------------------------------------------------------------------
# The citizens' results site (no login) shows only what has been decided; each app says what of its own is public
# (goals.rules.published_goals, reporting.rules.published_reports).


def closed_period_q(field: str = "period") -> Q:
    """A period that is locked: closed itself, or in a closed year (`field=""` filters periods themselves)."""
    prefix = f"{field}__" if field else ""
    return Q(**{f"{prefix}is_closed": True}) | Q(**{f"{prefix}year__is_closed": True})


def published_boards() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.boards().active()
