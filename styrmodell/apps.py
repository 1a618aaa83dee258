from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "styrmodell"
    verbose_name = _("Organisation and access")
    default_auto_field = "django.db.models.BigAutoField"
