"""The feedback app on other pages: its menu links, and its summary in a board's report."""

from __future__ import annotations

from django import template

from .. import rules

register = template.Library()


@register.inclusion_tag("feedback/partials/nav_link.html", takes_context=True)
def feedback_nav(context: template.Context) -> dict:
    """The inbox link for people who handle cases; the personal-data page for system administrators. Pure Python
    over the grants already read for the request."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False, "privacy": False}
    return {
        "show": rules.has_inbox(user),
        "privacy": rules.can_manage_privacy(user),
        "page": context.get("page"),
    }


@register.simple_tag
def feedback_summary_for(summaries, board):
    """The board's summary from the report's `feedback_summaries` (None when the report has none)."""
    if not summaries or board is None:
        return None
    return summaries.get(board.pk)
