from django import template
from django.utils.formats import number_format

from styrmodell.lib.charts import format_number

register = template.Library()


@register.filter
def num(value) -> str:
    """A number as the current language writes it (Swedish: decimal comma), without needless decimals."""
    return format_number(value)


@register.simple_tag
def heading(level: int) -> str:
    """The tag name of a heading at `level` (h2 … h6), so one template serves a board report and a compilation."""
    return f"h{max(1, min(6, int(level)))}"


@register.filter
def tkr(value) -> str:
    """An amount in thousands of kronor, grouped as Swedish writes it (412 000)."""
    if value is None or value == "":
        return "–"
    return number_format(value, decimal_pos=0 if value == int(value) else 1, force_grouping=True)
