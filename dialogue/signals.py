"""Notifications raised by other apps' events, through signals (the core never imports this app)."""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import post_save

# A period reopened for a unit. The model is moving from the commitments app to the core; whichever exists is
# followed (both, while both do).
REOPENING_MODELS = (("styrmodell", "PeriodReopening"), ("commitments", "PeriodReopening"))


def _reopened(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    from .services import reopening_notifications

    reopening_notifications(instance)


def connect() -> None:
    for app_label, model_name in REOPENING_MODELS:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        # The receiver needs a unit and a period; a core model keyed otherwise is left alone.
        if not {"unit", "period"} <= {f.name for f in model._meta.get_fields()}:
            continue
        post_save.connect(_reopened, sender=model, dispatch_uid=f"dialogue.reopened.{app_label}", weak=False)
