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
