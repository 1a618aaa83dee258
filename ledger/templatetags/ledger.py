from __future__ import annotations

from django import template

from .. import rules

register = template.Library()


@register.filter
def keeps_ledger(user) -> bool:
    """The ledger's menu entry is shown to those who may open it (rules.can_keep_ledger)."""
    return rules.can_keep_ledger(user)
