from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "OIDC_ENABLED": settings.OIDC_ENABLED,
    }
