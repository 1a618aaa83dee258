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


@register.inclusion_tag("plans/partials/public_board_idea.html", takes_context=True)
def public_board_idea(context, board):
    """The board's adopted mission statement in force on the public site; drafts never show. One query per page
    however many boards it lists: the first call reads every published board's idea and keeps them on the
    request."""
    request = context.get("request")
    ideas = getattr(request, "_plans_public_board_ideas", None)
    if ideas is None:
        from styrmodell.access import published_boards

        ideas = services.public_board_ideas(published_boards())
        if request is not None:
            request._plans_public_board_ideas = ideas
    return {"board": board, "version": ideas.get(board.pk)}
