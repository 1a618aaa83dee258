"""Signals the core app sends, so other apps can act on its events without the core importing them."""

from django.dispatch import Signal

# An administrator added a person through the people pages (arguments: request, person).
person_added = Signal()
