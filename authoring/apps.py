from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthoringConfig(AppConfig):
    name = "authoring"
    verbose_name = _("Report sections")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from reporting import parts
        from reporting.models import Report

        from . import services, signals

        parts.set_outline(services.outline)
        post_save.connect(signals.report_saved, sender=Report, dispatch_uid="authoring_report_sections")
