"""Blocks of the commitments app shown on other apps' pages. Each queries through access.py, in a constant
number of queries."""

from __future__ import annotations

from django import template
from django.db.models import Prefetch, Q

from commitments import rules
from styrmodell.models import Period

from ..models import STATUS_LABELS, UNREPORTED, Commitment, StatusReport

register = template.Library()


@register.inclusion_tag("commitments/partials/goal_commitments.html")
def goal_commitments(goal, request) -> dict:
    """Every commitment the user may see that contributes to the goal, with its status in the current period."""
    period = Period.objects.filter(year_id=goal.year_id).order_by("deadline")
    current = Period.current()
    period = current if current and current.year_id == goal.year_id else period.last()
    commitments = (
        rules.commitments_visible_to(request.user)
        .filter(goals=goal)
        .select_related("unit", "owner", "responsible")
        .order_by("unit__path", "owner_id", "title")
    )
    if period is not None:
        commitments = commitments.prefetch_related(
            Prefetch("reports", queryset=StatusReport.objects.filter(period=period), to_attr="period_reports")
        )
    items = []
    for c in commitments:
        reports = getattr(c, "period_reports", [])
        key = reports[0].status if reports else UNREPORTED
        items.append({"commitment": c, "status_key": key, "status_label": STATUS_LABELS[key]})
    return {"goal": goal, "period": period, "items": items}


@register.inclusion_tag("commitments/partials/home_block.html")
def my_commitments_summary(request) -> dict:
    """The start page's way in: how many of my commitments are not yet reported for the current period."""
    period = Period.current()
    unreported = 0
    if period is not None and not period.staff_closed and not period.year.is_closed:
        user = request.user
        unreported = (
            Commitment.objects.unreported(period)
            .filter(Q(owner_id=user.pk) | Q(responsible_id=user.pk))
            .count()
        )
    return {"period": period, "unreported": unreported}


@register.inclusion_tag("commitments/partials/unit_block.html")
def unit_commitments_block(unit, request) -> dict:
    user = request.user
    return {
        "unit": unit,
        "can_view": rules.can_view_unit_commitments(user, unit),
        "can_create": rules.can_create_commitments(user, unit),
    }
