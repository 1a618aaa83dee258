from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = _("Financial statements")

    def ready(self) -> None:
        from . import parts

        parts.register()
