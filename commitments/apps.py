from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitments")

    def ready(self) -> None:
        from styrmodell.models import tree_moved

        from .models import sync_unit_paths

        def refresh_paths(sender, **kwargs) -> None:
            sync_unit_paths()

        tree_moved.connect(refresh_paths, dispatch_uid="commitments.sync_unit_paths", weak=False)
