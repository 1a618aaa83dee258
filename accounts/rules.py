"""Who may invite, deactivate and reactivate people (on the core primitives of styrmodell.access)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from styrmodell import access
from styrmodell.models import Role, User


def can_change_access_of(user: User | AnonymousUser, person: User) -> bool:
    """Administrators manage people; only a municipality-wide administrator changes another administrator, and
    nobody deactivates themselves (the municipality would be left without a way in)."""
    if not access.can_manage_people(user) or person.pk == user.pk:
        return False
    if person.is_superuser or access.grants_with(person, [Role.ADMIN]):
        return access.is_system_admin(user)
    return True
