from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

from styrmodell.signals import person_added

from . import services


@receiver(user_logged_in, dispatch_uid="accounts.remember_sign_in")
def _remember_sign_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        services.remember_sign_in(request, user)


@receiver(person_added, dispatch_uid="accounts.invite_person")
def _invite_person(sender, request, person, **kwargs) -> None:
    """An administrator added a person: send the invitation, unless people sign in with the identity provider."""
    if not services.invitations_enabled():
        messages.info(
            request,
            _("%(name)s signs in with the municipality's account; no invitation is needed.")
            % {"name": person},
        )
        return
    if not person.email:
        return
    services.send_invitation(request, person)
    messages.info(
        request, _("An invitation to set a password was sent to %(email)s.") % {"email": person.email}
    )
