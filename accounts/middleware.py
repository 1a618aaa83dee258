"""Request-wide rules of signing in: the interface language, the idle timeout, the second step of signing in,
no caching of signed-in pages, and the ports a Host header may carry.

Each reads what the sign-in left in the session (accounts.services.remember_sign_in), so none of them adds a
database query to an ordinary request.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import services

Handler = Callable[[HttpRequest], HttpResponse]


class AllowedHostPortMiddleware:
    """Django matches ALLOWED_HOSTS on the host name alone, so `example.se:9999` passes and the port is echoed into
    absolute links and cache keys. Only the ports in ALLOWED_HOST_PORTS ("*": any) may appear in the Host."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _domain, port = split_domain_port(request.get_host())
        allowed = settings.ALLOWED_HOST_PORTS
        if port and "*" not in allowed and port not in allowed:
            raise DisallowedHost(f"Port {port} in the Host header is not in ALLOWED_HOST_PORTS.")
        return self.get_response(request)


def _language_of(request: HttpRequest) -> str:
    """The person's own choice when signed in, else the public site's switch (a cookie set by set_language), else
    the municipality's language. The browser's Accept-Language is never asked: the product is Swedish."""
    available = dict(settings.LANGUAGES)
    chosen = request.session.get(services.SESSION_LANGUAGE) if hasattr(request, "session") else None
    if not chosen:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in available else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Replaces LocaleMiddleware, whose negotiation reads Accept-Language."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = _language_of(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that also works for an in-place (htmx) request: the whole page goes there."""
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class SessionIdleTimeoutMiddleware:
    """Signs a person out after SESSION_IDLE_TIMEOUT_SECONDS without a request. The time of the last request is
    written to the session at most once a minute, so a busy page does not rewrite the session row each time."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(services.SESSION_LAST_ACTIVITY)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                logout(request)
                messages.info(request, _("You were logged out because nothing happened for a long while."))
                login = redirect_to_login(request.get_full_path())
                return _redirect(request, login.url)
            if last is None or now - last >= 60:
                request.session[services.SESSION_LAST_ACTIVITY] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """After the password, a person with an authenticator app (or required to have one) must give a code before
    anything else. The step still to do was noted in the session at sign-in."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = request.session.get(services.SESSION_SECOND_FACTOR)
        if step and request.user.is_authenticated:
            target = reverse(
                "accounts:second-factor" if step == services.VERIFY else "accounts:second-factor-enrol"
            )
            exempt = {target, reverse("logout"), reverse("accounts:keep-alive")}
            if request.path not in exempt and not request.path.startswith(
                "/" + settings.STATIC_URL.lstrip("/")
            ):
                next_url = (
                    request.get_full_path() if request.method == "GET" and not _is_htmx(request) else "/"
                )
                return _redirect(request, f"{target}?{urlencode({'next': next_url})}")
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Nothing a signed-in person sees (employee commitments, draft reports, downloads) is kept by the browser or
    a proxy: every such response says Cache-Control: no-store."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
