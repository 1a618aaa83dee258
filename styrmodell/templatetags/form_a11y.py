"""Form rendering that ties help texts and error messages to their fields for screen readers."""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def described_widget(field: BoundField) -> SafeString:
    """The field's widget with `aria-describedby` naming its help text and its errors (ids as in
    `partials/form_fields.html`); Django alone names only the help text."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return field.as_widget(attrs={"aria-describedby": " ".join(ids)} if ids else None)
