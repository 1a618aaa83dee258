"""Protection of the public forms: a rate limit per client address, and the attachment check.

No CAPTCHA: it shuts out people who use screen readers. The forms carry a honeypot field instead (forms.py), and
each client address may send at most FEEDBACK_RATE_LIMIT forms per FEEDBACK_RATE_WINDOW_SECONDS, counted in the
cache (shared by every web process when REDIS_URL is set; per process otherwise)."""

from __future__ import annotations

import ipaddress
from typing import IO

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# What a file starts with decides what it is, never its name or the type the browser claims.
SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]


def client_ip(request: HttpRequest) -> str:
    header = settings.FEEDBACK_CLIENT_IP_HEADER
    if header:
        key = "HTTP_" + header.upper().replace("-", "_")
        forwarded = [part.strip() for part in request.META.get(key, "").split(",") if part.strip()]
        if forwarded:
            candidate = forwarded[-1]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def over_rate_limit(request: HttpRequest, scope: str = "form") -> bool:
    """Count this submission; True when the address has sent more than the limit within the window."""
    limit = settings.FEEDBACK_RATE_LIMIT
    if limit <= 0:
        return False
    key = f"feedback-rate:{scope}:{client_ip(request)}"
    window = settings.FEEDBACK_RATE_WINDOW_SECONDS
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > limit


def check_attachment(file: IO[bytes]) -> str:
    """The file's content type (PDF, PNG or JPEG, read from its first bytes); ValidationError for anything else
    or a file over FEEDBACK_ATTACHMENT_MAX_BYTES. Leaves the file at its start."""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    limit = settings.FEEDBACK_ATTACHMENT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; at most %(max)s can be attached.")
            % {"size": filesizeformat(size), "max": filesizeformat(limit)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            if content_type != "application/pdf" and not _image_opens(file):
                break
            return content_type
    raise ValidationError(_("Only PDF, PNG and JPEG files can be attached."), code="file_type")


def _image_opens(file: IO[bytes]) -> bool:
    """An image must be one Pillow can read the header of (its size is checked too: a decompression bomb is
    refused)."""
    from PIL import Image

    try:
        with Image.open(file) as image:
            image.verify()
        return True
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a broken file; each means "not an image"
        return False
    finally:
        file.seek(0)
