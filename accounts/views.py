from __future__ import annotations

import base64
import time
from urllib.parse import quote

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from styrmodell import access

from . import rules, services
from .forms import CodeForm, LanguageForm
from .models import Profile
from .tokens import invitation_tokens

ENROL_KEY = "accounts_enrol_key"


def _next_url(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- the person's own account ------------------------------------------------------------------------------


@login_required
def account(request: HttpRequest) -> HttpResponse:
    profile = Profile.objects.filter(user=request.user).first() or Profile(user=request.user)
    form = LanguageForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile = form.save()
        if profile.language:
            request.session[services.SESSION_LANGUAGE] = profile.language
        else:
            request.session.pop(services.SESSION_LANGUAGE, None)
        messages.success(request, _("Your choice of language was saved."))
        return redirect("accounts:account")
    ctx = {
        "form": form,
        "device": services.confirmed_device(request.user),
        "second_factor_required": services.requires_second_factor(request.user),
        "can_change_password": request.user.has_usable_password(),
        "page": "account",
    }
    return render(request, "accounts/account.html", ctx)


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """The "Stay logged in" button: a request is activity; the idle clock starts again."""
    if request.user.is_authenticated:
        request.session[services.SESSION_LAST_ACTIVITY] = int(time.time())
        return HttpResponse(status=204)
    return HttpResponse(status=401)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed."))
        return response


# --- invitations -------------------------------------------------------------------------------------------


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The link in the invitation: the person chooses a password and is signed in."""

    token_generator = invitation_tokens
    template_name = "accounts/invitation_accept.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("home")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        # A deactivated person's old invitation opens nothing.
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Welcome! Your password is set and you are logged in."))
        return response


@login_required
@require_POST
def person_invite(request: HttpRequest, code: str) -> HttpResponse:
    person, _can_edit = access.get_person_for_user(request, code)
    if not rules.can_change_access_of(request.user, person) or not services.invitations_enabled():
        raise PermissionDenied
    if not person.is_active or not person.email:
        messages.error(request, _("Only an active person with an e-mail address can be invited."))
        return redirect("person-detail", code=person.code)
    services.send_invitation(request, person)
    messages.success(
        request,
        _("A new invitation was sent to %(email)s; earlier links no longer work.") % {"email": person.email},
    )
    return redirect("person-detail", code=person.code)


@login_required
@require_POST
def person_set_active(request: HttpRequest, code: str, active: bool) -> HttpResponse:
    person, _can_edit = access.get_person_for_user(request, code)
    if not rules.can_change_access_of(request.user, person):
        raise PermissionDenied
    person.is_active = active
    person.save(update_fields=["is_active"])
    if active:
        messages.success(request, _("%(name)s can sign in again.") % {"name": person})
    else:
        messages.success(
            request,
            _("%(name)s was deactivated and can no longer sign in; their history is kept.")
            % {"name": person},
        )
    return redirect("person-detail", code=person.code)


# --- second factor -----------------------------------------------------------------------------------------


def _second_factor_done(request: HttpRequest, device: TOTPDevice) -> HttpResponse:
    otp_login(request, device)
    request.session.pop(services.SESSION_SECOND_FACTOR, None)
    request.session.pop(ENROL_KEY, None)
    return redirect(_next_url(request))


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the person's authenticator app."""
    device = services.confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('accounts:second-factor-enrol')}?next={quote(_next_url(request))}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            return _second_factor_done(request, device)
        form.add_error("code", _("The code is wrong or too old. Try the code the app shows now."))
    return render(request, "accounts/second_factor.html", {"form": form, "next": _next_url(request)})


@login_required
def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: a QR code and the same secret as text; the first code confirms it. The secret
    waits in the session until then, so an abandoned set-up leaves nothing behind."""
    key = request.session.get(ENROL_KEY)
    if not key:
        key = random_hex(20)
        request.session[ENROL_KEY] = key
    device = TOTPDevice(user=request.user, name=gettext_lazy("Authenticator app"), key=key, confirmed=True)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        totp.time = time.time()
        if totp.verify(int(form.cleaned_data["code"]), tolerance=1):
            device.last_t = totp.t()
            TOTPDevice.objects.filter(user=request.user).delete()
            device.name = str(device.name)
            device.save()
            messages.success(
                request, _("The authenticator app is set up. You will be asked for a code at each login.")
            )
            return _second_factor_done(request, device)
        form.add_error("code", _("The code is wrong or too old. Try the code the app shows now."))
    secret = base64.b32encode(device.bin_key).decode()
    ctx = {
        "form": form,
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "required": services.requires_second_factor(request.user),
        "next": _next_url(request),
        "page": "account",
    }
    return render(request, "accounts/second_factor_enrol.html", ctx)


@login_required
@require_POST
def second_factor_remove(request: HttpRequest) -> HttpResponse:
    if services.requires_second_factor(request.user):
        raise PermissionDenied
    TOTPDevice.objects.filter(user=request.user).delete()
    request.session.pop(services.SESSION_SECOND_FACTOR, None)
    messages.success(request, _("The authenticator app was removed; login asks only for your password."))
    return redirect("accounts:account")
