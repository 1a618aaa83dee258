"""Single-use, expiring links: the invitation to set a first password.

The token is Django's password-reset token with its own salt, so an invitation link is never a reset link and
the other way round. It is single-use because its hash covers the password hash: setting the password, or a new
invitation (which sets a new unusable password), makes every earlier link invalid. Its lifetime is
INVITATION_LINK_DAYS instead of PASSWORD_RESET_TIMEOUT.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.tokens.InvitationTokenGenerator"

    def check_token(self, user, token) -> bool:
        # Django's check limits the age to PASSWORD_RESET_TIMEOUT, which is kept short for resets; an invitation
        # waits longer for its reader. The signature is checked as usual, the age against our own limit.
        try:
            issued = base36_to_int(str(token).split("-")[0])
        except ValueError:
            return False
        age = self._num_seconds(self._now()) - issued
        if age > settings.INVITATION_LINK_DAYS * 24 * 3600:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, issued, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_tokens = InvitationTokenGenerator()
