"""Security headers and cookies on every response."""

from django.urls import reverse


def directives(header: str) -> dict[str, list[str]]:
    result = {}
    for part in header.split(";"):
        name, *values = part.split()
        result[name] = values
    return result


def test_it_sends_a_content_security_policy_without_inline_scripts(client, world):
    client.force_login(world.users["manager"])
    response = client.get(reverse("home"))
    csp = directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert not any("unsafe" in value for values in csp.values() for value in values)


def test_it_forbids_framing_and_sniffing(client, world):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_it_sets_httponly_samesite_cookies(client, world):
    response = client.get(reverse("login"))
    csrf = response.cookies["csrftoken"]
    assert csrf["httponly"]
    assert csrf["samesite"] == "Lax"
    response = client.post(reverse("login"), {"username": "manager", "password": "test-password-1"})
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"


def test_it_has_no_inline_scripts_or_styles_in_the_templates():
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html"):
        if "pdf" in path.parts:
            continue  # PDFs are rendered by WeasyPrint, not by a browser under the policy
        text = path.read_text()
        for needle in ("<script>", 'style="', " onclick=", " onload=", " onchange=", " onsubmit=", "hx-on"):
            if needle in text:
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {needle}")
    assert offenders == []
