"""Invitations, the second factor and what a sign-in leaves in the session."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from styrmodell import access
from styrmodell.models import Role, User

from .models import Profile
from .tokens import invitation_tokens

# What a sign-in leaves in the session, so the middleware answers every later request without a query.
SESSION_LANGUAGE = "accounts_language"
SESSION_LAST_ACTIVITY = "accounts_last_activity"
SESSION_SECOND_FACTOR = "accounts_second_factor"  # "verify" or "enrol" until the second step is done
VERIFY, ENROL = "verify", "enrol"
OIDC_BACKEND = "styrmodell.oidc.MunicipalityOIDCBackend"


def invitations_enabled() -> bool:
    """With the identity provider on, people sign in with their municipal account: nobody needs a password."""
    return not settings.OIDC_ENABLED


def send_invitation(request: HttpRequest, person: User) -> None:
    """E-mail the person a single-use link to set their first password. Any earlier link stops working: the
    password is made unusable anew, and the token covers the password hash."""
    person.set_unusable_password()
    person.save(update_fields=["password"])
    profile, _created = Profile.objects.get_or_create(user=person)
    profile.invited_at = timezone.now()
    profile.invited_by = request.user if request.user.is_authenticated else None
    profile.save(update_fields=["invited_at", "invited_by"])
    path = reverse(
        "accounts:invitation-accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": invitation_tokens.make_token(person),
        },
    )
    ctx = {
        "person": person,
        "url": request.build_absolute_uri(path),
        "days": settings.INVITATION_LINK_DAYS,
        "SITE_NAME": settings.SITE_NAME,
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
    }
    with translation.override(profile.language or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/invitation_subject.txt", ctx).strip()
        body = render_to_string("accounts/email/invitation.txt", ctx)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])


def invitation_pending(person: User) -> bool:
    return not person.has_usable_password()


# --- second factor -----------------------------------------------------------------------------------------


def requires_second_factor(user: User) -> bool:
    """The municipality requires a second factor of people holding one of MFA_REQUIRED_ROLES."""
    roles = [Role(r) for r in settings.MFA_REQUIRED_ROLES]
    if not roles:
        return False
    if Role.ADMIN in roles and access.is_superuser(user):
        return True
    return bool(access.grants_with(user, roles))


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def second_factor_step(request: HttpRequest, user: User) -> str | None:
    """What the person must do after the password: verify a code, enrol an app, or nothing. The identity provider
    does its own second factor, so a sign-in through it needs none here."""
    if request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND:
        return None
    if confirmed_device(user) is not None:
        return VERIFY
    if requires_second_factor(user):
        return ENROL
    return None


def remember_sign_in(request: HttpRequest, user: User) -> None:
    """At sign-in: the person's language, the start of their activity and the second step still to do."""
    session = request.session
    language = Profile.objects.filter(user=user).values_list("language", flat=True).first()
    if language:
        session[SESSION_LANGUAGE] = language
    else:
        session.pop(SESSION_LANGUAGE, None)
    session[SESSION_LAST_ACTIVITY] = int(time.time())
    step = second_factor_step(request, user)
    if step:
        session[SESSION_SECOND_FACTOR] = step
    else:
        session.pop(SESSION_SECOND_FACTOR, None)
