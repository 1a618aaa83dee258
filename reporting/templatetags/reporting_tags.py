from django import template

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
