from django import template

from styrmodell.lib.charts import format_number

from ..models import GoalAssessment

register = template.Library()

VERDICT_CLASS = {
    GoalAssessment.Verdict.FULFILLED: "light-green",
    GoalAssessment.Verdict.PARTLY: "light-yellow",
    GoalAssessment.Verdict.NOT_FULFILLED: "light-red",
    GoalAssessment.Verdict.NOT_ASSESSED: "light-none",
}


@register.filter
def verdict_class(verdict: str) -> str:
    return VERDICT_CLASS.get(verdict, "light-none")


@register.filter
def verdict_label(verdict: str) -> str:
    try:
        return str(GoalAssessment.Verdict(verdict).label)
    except ValueError:
        return ""


@register.filter
def num(value) -> str:
    """A number as Swedish writes it, without needless decimals."""
    return format_number(value)


@register.inclusion_tag("goals/partials/home_block.html")
def goals_home_block(request) -> dict:
    """Start page: the boards whose goals the user follows (one query)."""
    from goals import rules

    return {"boards": list(rules.own_boards(request.user).order_by("path")[:40])}


@register.inclusion_tag("goals/partials/unit_block.html")
def goals_unit_block(unit, request) -> dict:
    """A unit's page: a link to the goals of its board, for those who may read them."""
    from styrmodell import access

    board = unit.board()
    visible = board is not None and access.is_related(request.user, board)
    return {"board": board if visible else None}


@register.simple_tag
def in_language(obj, field: str, paragraphs: bool = False):
    """`{% in_language goal "title" %}`: the Finnish text for Finnish readers, else the Swedish one marked lang="sv"."""
    from goals import languages

    return languages.html(obj, field, paragraphs=paragraphs)


@register.filter
def in_language_plain(obj, field: str) -> str:
    """`{{ goal|in_language_plain:"title" }}`: the same without markup (for <title> and <option>)."""
    from goals import languages

    return languages.plain(obj, field)


@register.inclusion_tag("goals/partials/shared_vision.html")
def shared_vision(vision) -> dict:
    from goals import languages

    return {"shared": languages.shared_with(vision)}
