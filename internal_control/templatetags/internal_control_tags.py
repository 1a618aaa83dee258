"""Internal control shown on other apps' pages: the risks that threaten a goal, and a board's results in the
interim and annual reports."""

from __future__ import annotations

import datetime

from django import template

from internal_control import rules

from .. import services
from ..models import ControlPlan, Risk

register = template.Library()


@register.inclusion_tag("internal_control/partials/goal_risks.html", takes_context=True)
def goal_risks(context: template.Context) -> dict:
    """The risks of not reaching the goal, for a user who may read the board's internal control (one query)."""
    goal = context.get("goal")
    request = context.get("request")
    if goal is None or request is None or not rules.ic_can_read_board(request.user, goal.board):
        return {"visible": False}
    risks = list(Risk.objects.filter(goal=goal).select_related("plan__matrix", "plan__year", "process"))
    for risk in risks:
        risk.band_value = risk.plan.matrix.band_for(risk.score)
    return {"visible": True, "goal": goal, "risks": risks}


def _as_of(context: template.Context) -> tuple[int | None, datetime.date | None]:
    period = context.get("period")
    if period is not None:
        return period.year.year, period.ends + datetime.timedelta(days=1)
    year = context.get("year")
    if year is None:
        return None, None
    number = year if isinstance(year, int) else year.year
    return number, datetime.date(number + 1, 1, 1)


@register.inclusion_tag("internal_control/partials/report_results.html", takes_context=True)
def board_control_results(context: template.Context) -> dict:
    """The board's internal control up to the end of the report's period (or year). The including report
    decides who may read it."""
    board = context.get("board")
    year, as_of = _as_of(context)
    if board is None or year is None:
        return {"plan": None}
    plan = (
        ControlPlan.objects.filter(board=board, year__year=year)
        .select_related("board", "year", "matrix")
        .first()
    )
    if plan is None:
        return {"plan": None, "year": year}
    return {
        "plan": plan,
        "year": year,
        "followup": services.follow_up(plan, as_of),
        "as_of": as_of - datetime.timedelta(days=1),
    }


@register.inclusion_tag("internal_control/partials/home_block.html", takes_context=True)
def internal_control_home_block(context: template.Context) -> dict:
    """Start page: the controls the user owns in open years, with the occurrences still to report (two queries)."""
    from django.db.models import Prefetch
    from django.utils import timezone

    from ..models import Control, ControlResult

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"controls": []}
    today = timezone.localdate()
    controls = list(
        Control.objects.filter(owner=request.user, risk__plan__year__is_closed=False)
        .select_related("risk__plan__board", "risk__plan__year")
        .prefetch_related(
            Prefetch(
                "results",
                queryset=ControlResult.objects.current().only("control_id", "occurrence"),
                to_attr="current_results",
            )
        )
        .order_by("risk__plan__year__year", "what")[:30]
    )
    for control in controls:
        reported = {r.occurrence for r in control.current_results}
        control.to_report = [
            o
            for o in control.occurrences(control.risk.plan.year.year)
            if o.ends < today and o.number not in reported
        ]
    return {"controls": controls}
