"""Who is responsible for a copied commitment.

A copy on a sub-unit gets, by default, the sub-unit's own manager: a person holding the manager role directly on
that unit (not one inherited from a node above; with several, the first by name). A unit with no manager of its own
gets no responsible person; the copy's result names it, and the managers above see such commitments among their
own ("Mina åtaganden") until someone is made responsible. The person copying may choose another person per
sub-unit among those working there: people with a role directly on the sub-unit, and the managers between the
original's unit and it.
"""

from __future__ import annotations

from collections import defaultdict

from styrmodell.models import OrgUnit, Role, RoleGrant, User

CANDIDATE_ROLES = (Role.MANAGER, Role.EMPLOYEE)


def _grants_in(root: OrgUnit):
    return (
        RoleGrant.objects.filter(
            content_object__path__startswith=root.path,
            permission__codename__in=[r.codename for r in CANDIDATE_ROLES],
            user__is_active=True,
        )
        .select_related("user", "permission", "content_object")
        .order_by("user__first_name", "user__last_name", "user__username")
    )


def managers_and_candidates(
    root: OrgUnit, units: list[OrgUnit]
) -> tuple[dict[int, User | None], dict[int, list[User]]]:
    """For each unit below `root`: its own manager (or None) and the people who may be made responsible (one
    query)."""
    grants = list(_grants_in(root))
    manager: dict[int, User | None] = {}
    candidates: dict[int, list[User]] = defaultdict(list)
    for unit in units:
        seen: set[int] = set()
        for grant in grants:
            node = grant.content_object
            is_manager = grant.permission.codename == Role.MANAGER.codename
            own = node.pk == unit.pk
            between = is_manager and unit.path.startswith(node.path)
            if (own or between) and grant.user_id not in seen:
                seen.add(grant.user_id)
                candidates[unit.pk].append(grant.user)
            if own and is_manager and unit.pk not in manager:
                manager[unit.pk] = grant.user
        manager.setdefault(unit.pk, None)
    return manager, dict(candidates)
