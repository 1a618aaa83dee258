"""Reading unit analyses gathered per goal (commitments.analysis.analyses_by_goal) in templates."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def analyses_for(by_goal, goal_id):
    """The analyses concerning one goal; an empty list without any (or without the mapping)."""
    if not by_goal:
        return []
    return by_goal.get(goal_id, [])
