from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        # The public results site's cache is invalidated when something is adopted, assessed or archived, in every
        # process (web and Celery workers alike), so the handlers are connected here rather than with the URLs.
        from .public_services import connect_signals

        connect_signals()
