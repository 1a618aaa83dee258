"""The budget process on the start page: links for the people who take part in it."""

from __future__ import annotations

from django import template

from styrmodell.models import Year

from .. import rules
from ..models import BudgetRequest

register = template.Library()


@register.inclusion_tag("budget/partials/home_block.html", takes_context=True)
def budget_home_block(context: template.Context) -> dict:
    """The boards whose requests the user writes and, for the budget preparation, the requests still to decide
    (at most three queries)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"visible": False}
    user = request.user
    year = Year.current()
    if year is None or year.is_closed:
        return {"visible": False}
    boards = [b for b in rules.boards_visible_to(user) if rules.can_write_requests(user, b)]
    preparer = rules.is_preparer(user)
    undecided = (
        BudgetRequest.objects.submitted().filter(year=year, decision=BudgetRequest.Decision.PENDING).count()
        if preparer
        else 0
    )
    return {
        "visible": bool(boards) or preparer,
        "year": year,
        "boards": boards,
        "preparer": preparer,
        "undecided": undecided,
    }
