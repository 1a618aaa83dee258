from django import template

from proposals import rules

register = template.Library()


@register.filter
def moderates_proposals(user) -> bool:
    """For the staff menu: the user moderates some board's e-proposals (read from the grants already cached for
    the request, no query of its own)."""
    return rules.is_moderator(user)
