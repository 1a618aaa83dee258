from __future__ import annotations

from django import template

from .. import rules, services

register = template.Library()


@register.inclusion_tag("plans/partials/board_idea_box.html", takes_context=True)
def board_idea_box(context, board):
    """The board's mission statement in force with its decision, the draft waiting for adoption (for those in
    line with the board) and the links to the versions and the operational plan (two queries)."""
    user = context["request"].user
    with_drafts = rules.is_related(user, board)
    return {
        "board": board,
        "view": services.board_idea_view(board, with_drafts=with_drafts),
        "can_keep": rules.can_keep_board_idea(user, board),
        "can_read_plan": rules.can_read_plan(user, board),
        "year": context.get("year"),
    }


@register.inclusion_tag("plans/partials/public_board_idea.html")
def public_board_idea(board):
    """The board's adopted mission statement in force on the public site (one query); drafts never show."""
    return {"board": board, "version": services.public_board_ideas([board]).get(board.pk)}
