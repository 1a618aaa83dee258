"""The main menu, rendered once per language, page and set of roles in each process.

Every link in the menu depends only on the language, the page (`aria-current`) and what the person may open, and
every app decides that from the grants of the request (`access.grants`) and the superuser flag. The rendered menu
is kept under exactly those, so a change of roles shows at the next request; an app whose menu link depends on
anything else must not be added to `partials/nav_apps.html`. Rendering the twelve apps' links cost a tenth of a
report save at the deadline (BENCHMARKS.md, section 12).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from styrmodell import access

register = template.Library()

_RENDERED: OrderedDict[tuple, str] = OrderedDict()
_LIMIT = 2048  # distinct (language, page, roles) combinations kept; the least recently used goes first
_LOCK = threading.Lock()


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> SafeString:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return mark_safe("")  # noqa: S308 (nothing)
    page = context.get("page")
    key = (translation.get_language(), str(page or ""), user.is_superuser, access.grants(user))
    with _LOCK:
        html = _RENDERED.get(key)
        if html is not None:
            _RENDERED.move_to_end(key)
            return mark_safe(html)  # noqa: S308 (rendered by our own template below)
    html = render_to_string(
        "partials/main_nav.html", {"page": page, "user": user, "request": context.get("request")}
    )
    with _LOCK:
        _RENDERED[key] = html
        if len(_RENDERED) > _LIMIT:
            _RENDERED.popitem(last=False)
    return mark_safe(html)  # noqa: S308 (our own template, autoescaped)
