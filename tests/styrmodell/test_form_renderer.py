"""The form renderer writes the common widgets out in Python: what it writes must be exactly what Django's
widget templates render, for every value and attribute a form can hold, and an app's own widget template must
still win."""

from __future__ import annotations

import datetime
import decimal
from functools import cached_property
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template.backends.django import DjangoTemplates as DjangoTemplatesBackend
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from commitments.forms import StatusReportForm
from styrmodell.lib.form_renderer import FastWidgetRenderer

HOSTILE = "\"><script>alert('x')</script>&amp;"
ATTRS = [
    {},
    {"required": True, "disabled": False, "id": "id_x", "aria-describedby": "id_x_helptext id_x_error"},
    {"maxlength": 200, "placeholder": HOSTILE, "data-x": mark_safe("<b>")},
    {"class": "wide", "autofocus": True, "step": "any", "min": 0},
]
INPUTS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.CheckboxInput,
    forms.FileInput,
    forms.ClearableFileInput,  # a template of its own: left to the templates
    forms.Textarea,
]
VALUES = [
    None,
    "",
    "Läsgrupper i åk 2",
    HOSTILE,
    mark_safe("<em>säker</em>"),
    0,
    12.5,
    decimal.Decimal("1234567.50"),
    True,
    False,
    datetime.date(2026, 9, 1),
    datetime.datetime(2026, 9, 1, 8, 30),
    "rad ett\nrad två",
]
CHOICES = [
    [("", "---------"), ("on_track", gettext_lazy("On track")), ("done", "Klart <&>")],
    [(1, "Ett"), (2, HOSTILE), (3, mark_safe("<b>tre</b>"))],
    [("Skolor", [("a", "Skola A"), ("b", "Skola B")]), ("Vård", [("c", "Hemtjänsten")]), ("x", "Utan grupp")],
    [],
]


def _both(widget: forms.Widget, value, attrs) -> tuple[str, str]:
    return (
        widget.render("field", value, attrs=attrs, renderer=FastWidgetRenderer()),
        widget.render("field", value, attrs=attrs, renderer=DjangoTemplates()),
    )


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("widget_class", INPUTS, ids=lambda w: w.__name__)
def test_inputs_are_written_exactly_as_the_templates_render_them(widget_class, language):
    with translation.override(language):
        for attrs in ATTRS:
            for value in VALUES:
                fast, templates = _both(widget_class(), value, attrs)
                assert fast == templates, (value, attrs)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("widget_class", [forms.Select, forms.SelectMultiple, forms.RadioSelect])
def test_selects_are_written_exactly_as_the_templates_render_them(widget_class, language):
    with translation.override(language):
        for choices in CHOICES:
            for attrs in ATTRS:
                for value in [None, "", "done", 2, "b", ["a", "c"], HOSTILE]:
                    fast, templates = _both(widget_class(choices=choices), value, attrs)
                    assert fast == templates, (choices, value, attrs)
    assert FastWidgetRenderer()._writer("django/forms/widgets/radio.html") is None


def test_the_status_report_form_renders_the_same_both_ways():
    form = StatusReportForm(
        data={"c1-status": "delayed", "c1-comment": "", "c1-version": "2"}, prefix="c1", auto_id="id_t2_%s"
    )
    assert not form.is_valid()  # a delayed commitment needs a comment: the error is shown beside the field
    fast = [str(field) for field in form]
    form.renderer = DjangoTemplates()
    assert fast == [str(field) for field in form]
    assert 'aria-invalid="true"' in fast[1] and "<option" in fast[0]


def test_the_application_renders_its_forms_with_it():
    assert settings.FORM_RENDERER == "styrmodell.lib.form_renderer.FastWidgetRenderer"
    assert isinstance(get_default_renderer(), FastWidgetRenderer)
    # The comparisons above test the written-out widgets, not a fallback to the templates.
    for kind in ("text", "hidden", "number", "checkbox", "textarea", "select"):
        assert FastWidgetRenderer()._writer(f"django/forms/widgets/{kind}.html") is not None, kind


def test_an_apps_own_widget_template_wins(tmp_path):
    widgets = tmp_path / "django" / "forms" / "widgets"
    widgets.mkdir(parents=True)
    (widgets / "text.html").write_text('<input class="own" name="{{ widget.name }}">')

    class Overridden(FastWidgetRenderer):
        @cached_property
        def engine(self):
            dirs = [tmp_path, Path(forms.__file__).parent / "templates"]
            return DjangoTemplatesBackend({"APP_DIRS": True, "DIRS": dirs, "NAME": "own", "OPTIONS": {}})

    renderer = Overridden()
    assert forms.TextInput().render("field", "x", renderer=renderer) == '<input class="own" name="field">'
    # The other widgets are still Django's own, written out directly.
    assert renderer._writer("django/forms/widgets/textarea.html") is not None
