"""Optional sign-in with the municipality's identity provider (OpenID Connect), off by default."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from styrmodell.models import User
from styrmodell.oidc import MunicipalityOIDCBackend

PROVIDER = {
    "OIDC_RP_CLIENT_ID": "styrmodell",
    "OIDC_RP_CLIENT_SECRET": "not-a-real-secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example.se/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example.se/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.example.se/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.example.se/keys",
}


@pytest.fixture
def provider(settings, monkeypatch):
    """An identity provider that is never contacted: the token exchange, the token check and the user info are
    answered here, as a real provider would after the person signed in."""
    settings.OIDC_ENABLED = True
    for name, value in PROVIDER.items():
        setattr(settings, name, value)
    claims = {"email": "Manager@Example.se", "given_name": "Rektor", "family_name": "Skola A"}
    monkeypatch.setattr(
        MunicipalityOIDCBackend, "get_token", lambda self, payload: {"id_token": "i", "access_token": "a"}
    )
    monkeypatch.setattr(
        MunicipalityOIDCBackend, "verify_token", lambda self, token, **kw: {"nonce": kw.get("nonce")}
    )
    monkeypatch.setattr(
        MunicipalityOIDCBackend, "get_userinfo", lambda self, access, id_token, payload: claims
    )
    return claims


def _sign_in(client):
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    target = urlparse(start["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == PROVIDER["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    state = parse_qs(target.query)["state"][0]
    return client.get(reverse("oidc_authentication_callback"), {"code": "abc", "state": state})


def test_it_is_off_by_default(client, world):
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "y"}).status_code == 404
    assert "kommunens konto" not in client.get(reverse("login")).content.decode()


def test_it_signs_in_the_person_with_the_same_email(client, world, provider):
    page = client.get(reverse("login")).content.decode()
    assert "Logga in med kommunens konto" in page
    response = _sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.context["user"] == world.users["manager"]
    manager = User.objects.get(pk=world.users["manager"].pk)
    assert (manager.first_name, manager.last_name) == ("Rektor", "Skola A")


def test_it_refuses_a_person_nobody_has_added(client, world, provider):
    provider["email"] = "okand@example.se"
    response = _sign_in(client)
    assert response["Location"] == "/logga-in/?sso=misslyckades"
    assert not User.objects.filter(email="okand@example.se").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Inloggningen med kommunens konto fungerade inte" in page


def test_it_creates_a_person_without_roles_when_told_to(client, world, provider, settings):
    settings.OIDC_CREATE_USER = True
    provider["email"] = "ny.medarbetare@example.se"
    assert _sign_in(client)["Location"] == reverse("home")
    person = User.objects.get(email="ny.medarbetare@example.se")
    assert person.username == "nymedarbetare"
    assert not person.has_usable_password()
    assert not person.rolegrant_set.exists()


def test_it_keeps_local_accounts_working_beside_it(client, world, provider):
    response = client.post(reverse("login"), {"username": "manager", "password": "test-password-1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
