"""The form renderer: Django's own, with the commonest widgets written out in Python.

Every form field's widget is a small template (`django/forms/widgets/text.html`, `select.html` with one included
template per option, `textarea.html`, …). Rendering them through the template engine was a sixth of a status
report's server time at the deadline rush (BENCHMARKS.md, benchmark 3), and every form page pays the same.

`FastWidgetRenderer` writes those widgets out directly, producing exactly what the templates produce
(tests/styrmodell/test_form_renderer.py renders each widget both ways and compares), and leaves everything else
to the templates: a widget template that an installed app overrides, any template it does not know, and every
template of a Django release other than the one it was compared with.
"""

from __future__ import annotations

from pathlib import Path

import django
import django.forms
from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe

# The release whose widget templates the functions below write out (checked by the test named above).
COMPARED_WITH = (5, 2)
WIDGETS = "django/forms/widgets/"
_DJANGO_TEMPLATES = Path(django.forms.__file__).parent / "templates"
# The input types whose template is only `{% include "django/forms/widgets/input.html" %}`.
_INPUTS = "checkbox color date datetime email file hidden number password search tel text time url".split()


def _formatted(value) -> str:
    """What `{{ value|stringformat:'s' }}` writes: the value as text, escaped unless it is safe already."""
    return value if isinstance(value, SafeData) else escape(value)


def _attrs(attrs: dict) -> str:
    """` name="value"` for each attribute; True gives the bare name, False leaves the attribute out."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict, context: Context) -> str:
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    return (
        f'<input type="{render_value_in_context(widget["type"], context)}"'
        f' name="{render_value_in_context(widget["name"], context)}"{shown}{_attrs(widget["attrs"])}>'
    )


def _textarea(widget: dict, context: Context) -> str:
    value = render_value_in_context(widget["value"], context) if widget["value"] else ""
    return (
        f'<textarea name="{render_value_in_context(widget["name"], context)}"{_attrs(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


def _select(widget: dict, context: Context) -> str | None:
    parts = [f'<select name="{render_value_in_context(widget["name"], context)}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{render_value_in_context(group_name, context)}">')
        for option in options:
            if option["template_name"] != f"{WIDGETS}select_option.html":
                return None  # an option of another kind: the templates decide
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{render_value_in_context(option['label'], context)}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FastWidgetRenderer(DjangoTemplates):
    """Django's template form renderer, with text-like inputs, textareas and selects written out directly."""

    def __init__(self) -> None:
        super().__init__()
        self._writers: dict[str, object] = {}

    def _writer(self, template_name: str):
        """The function that writes this template out, or None when the template engine must render it."""
        if template_name not in self._writers:
            self._writers[template_name] = self._choose(template_name)
        return self._writers[template_name]

    def _choose(self, template_name: str):
        if django.VERSION[:2] != COMPARED_WITH or not template_name.startswith(WIDGETS):
            return None
        kind = template_name.removeprefix(WIDGETS).removesuffix(".html")
        writers = {"textarea": _textarea, "select": _select} | {name: _input for name in _INPUTS}
        if kind not in writers:
            return None
        # Only Django's own templates: an installed app may override any of them (and what they include).
        used = {template_name, f"{WIDGETS}attrs.html"}
        used |= {f"{WIDGETS}input.html"} if kind in _INPUTS else set()
        used |= {f"{WIDGETS}select_option.html"} if kind == "select" else set()
        for name in used:
            origin = Path(self.get_template(name).origin.name)
            if not origin.is_relative_to(_DJANGO_TEMPLATES):
                return None
        return writers[kind]

    def render(self, template_name, context, request=None) -> SafeString:
        writer = self._writer(template_name)
        if writer is not None:
            written = writer(context["widget"], Context(context))
            if written is not None:
                return mark_safe(written)  # noqa: S308 (every value above is escaped as the templates escape it)
        return super().render(template_name, context, request=request)
