"""Protection of the public forms: a rate limit per client address (in the cache, shared by every web process
when the cache is Redis) and a honeypot field that people never see and robots fill in."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

HONEYPOT = "webbplats"


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind a proxy the right-most address of the header it sets (the
    one the proxy appended itself; addresses further left are whatever the client claimed)."""
    header = settings.PROPOSALS_CLIENT_IP_HEADER
    if header:
        meta_key = "HTTP_" + header.upper().replace("-", "_")
        forwarded = [a.strip() for a in request.META.get(meta_key, "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def over_rate_limit(request: HttpRequest, form_name: str) -> bool:
    """Counts this post; True once the address has posted this form more than the limit within the window."""
    limit = settings.PROPOSALS_RATE_LIMIT
    if limit <= 0:
        return False
    key = f"proposals:rate:{form_name}:{client_ip(request)}"
    window = settings.PROPOSALS_RATE_WINDOW_SECONDS
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


RATE_LIMIT_MESSAGE = _(
    "You have sent this form too many times in a short while. Please wait a few minutes and try again."
)


def is_robot(request: HttpRequest) -> bool:
    """The honeypot (templates/proposals/partials/honeypot.html) is filled in: people never see it."""
    return bool(request.POST.get(HONEYPOT))
