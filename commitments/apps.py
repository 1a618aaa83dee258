from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitments")

    def ready(self) -> None:
        from styrmodell.access import register_object_grants
        from styrmodell.models import tree_moved

        from .models import CommitmentDelegation, sync_unit_paths
        from .rules import DELEGATIONS

        register_object_grants(
            DELEGATIONS,
            lambda user_id: CommitmentDelegation.objects.filter(
                user_id=user_id, permission__codename="report_commitment"
            ),
        )

        def refresh_paths(sender, **kwargs) -> None:
            sync_unit_paths()

        tree_moved.connect(refresh_paths, dispatch_uid="commitments.sync_unit_paths", weak=False)
