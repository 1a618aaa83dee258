from django.conf import settings
from django.http import HttpRequest


def session(request: HttpRequest) -> dict:
    """For the idle-timeout notice in base.html (static/js/session.js)."""
    warning = min(300, settings.SESSION_IDLE_TIMEOUT_SECONDS // 2)  # 5 minutes before, or halfway if shorter
    return {
        "SESSION_IDLE_TIMEOUT_SECONDS": settings.SESSION_IDLE_TIMEOUT_SECONDS,
        "SESSION_WARNING_SECONDS": warning,
        "SESSION_WARNING_MINUTES": max(1, round(warning / 60)),
    }
