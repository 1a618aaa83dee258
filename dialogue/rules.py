"""Who may see the dialogue's own pages. Comments and files have no rule of their own: they are seen by whoever may
see their object (targets.py). Built on the grants of styrmodell.access and the commitments app's rules."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from styrmodell.access import has_role, is_superuser
from styrmodell.models import OrgUnit, Role, RoleGrant, User, Year

from .models import Notification


def workplaces(person: User, year: Year) -> list[OrgUnit]:
    """Where the person works: the nodes of their employee and manager roles and the units of their own
    commitments of the year (one query)."""
    from commitments.models import Commitment

    role_units = RoleGrant.objects.filter(
        user=person, permission__codename__in=[Role.EMPLOYEE.codename, Role.MANAGER.codename]
    ).values("content_object_id")
    commitment_units = Commitment.objects.filter(owner=person, year=year).values("unit_id")
    return list(OrgUnit.objects.filter(Q(pk__in=role_units) | Q(pk__in=commitment_units)))


def can_see_development_talk(user: User | AnonymousUser, person: User, year: Year) -> bool:
    """The medarbetarsamtal page of a person is for the person, the managers above where they work and the
    administrators there (as employee commitments are), and superusers."""
    if not user.is_authenticated:
        return False
    if user.pk == person.pk or is_superuser(user):
        return True
    return any(has_role(user, unit, Role.MANAGER, Role.ADMIN) for unit in workplaces(person, year))


def get_development_talk_for_user(request: HttpRequest, code, year: Year) -> User:
    """The person whose page it is; 404 for anyone who may not see it (nothing says whether the person exists)."""
    person = get_object_or_404(User, code=code)
    if not can_see_development_talk(request.user, person, year):
        raise Http404
    return person


def get_notification_for_user(request: HttpRequest, code) -> Notification:
    """A person's notification is theirs alone."""
    return get_object_or_404(Notification, code=code, recipient_id=request.user.pk)
