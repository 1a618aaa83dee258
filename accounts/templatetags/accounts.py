"""The access part of a person's page (templates/styrmodell/person_detail.html): invitation and deactivation."""

from __future__ import annotations

from django import template

from .. import rules, services
from ..models import Profile

register = template.Library()


@register.inclusion_tag("accounts/partials/person_access.html", takes_context=True)
def person_access(context, person) -> dict:
    request = context["request"]
    return {
        "person": person,
        "profile": Profile.objects.filter(user=person).first(),
        "can_change": rules.can_change_access_of(request.user, person),
        "invitations": services.invitations_enabled(),
        "pending": services.invitation_pending(person),
        "csrf_token": context.get("csrf_token"),
    }
