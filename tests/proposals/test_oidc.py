"""Signing and submitting e-proposals with e-legitimation (proposals/eid.py).

The broker is played here: a key made for the test signs its ID tokens, and its discovery document, keys and token
endpoint answer the HTTP calls the app makes in place of the network. The broker checks what a real one checks
(the client's credentials, the PKCE verifier against the challenge, the redirect URI, a code used once), and the
app must check the ID token for real: a token that is wrong in any way leaves nothing stored and a Swedish message
on the page the citizen came from.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import secrets
import time
from urllib.parse import parse_qs, unquote, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from proposals import eid, services
from proposals.models import Proposal, Signature, Verification

from .conftest import make_proposal

ISSUER = "https://eid.example.se"
CLIENT_ID = "e-forslag-kommunen"
CLIENT_SECRET = "klient:hemlighet/1"
PERSON = "bc7f7d1e-5a4e-4f7b-9d7e-aaaaaaaaaaaa"
OTHER_PERSON = "bc7f7d1e-5a4e-4f7b-9d7e-bbbbbbbbbbbb"


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def other_rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _response(url: str, status: int, body) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.url = url
    response._content = json.dumps(body).encode() if not isinstance(body, bytes) else body
    response.headers["Content-Type"] = "application/json"
    return response


class Broker:
    """The municipality's e-legitimation broker, as far as the app can see it."""

    def __init__(self, key, kid: str = "nyckel-1", alg: str = "RS256") -> None:
        self.key = key
        self.kid = kid
        self.alg = alg
        self.issuer = ISSUER
        self.codes: dict[str, dict] = {}
        self.token_calls: list[dict] = []
        self.get_calls: list[str] = []
        self.claims: dict = {}  # overrides of the next ID tokens' claims (None removes one)
        self.header: dict = {}
        self.signing_key = None  # sign with another key than the published one
        self.down = False
        self.token_status = 200

    # The published documents.
    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": ISSUER + "/authorize",
            "token_endpoint": ISSUER + "/token",
            "jwks_uri": ISSUER + "/jwks",
        }

    def jwks(self) -> dict:
        algorithm = jwt.algorithms.RSAAlgorithm if self.alg == "RS256" else jwt.algorithms.ECAlgorithm
        jwk = json.loads(algorithm.to_jwk(self.key.public_key()))
        jwk.update(kid=self.kid, use="sig", alg=self.alg)
        return {"keys": [jwk]}

    # What the citizen does at the broker: identify as `sub`; the broker sends them back with a code.
    def authorize(self, url: str, sub: str) -> dict:
        parts = urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == ISSUER + "/authorize"
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert params["response_type"] == "code"
        assert params["client_id"] == CLIENT_ID
        assert params["scope"] == "openid"
        assert params["code_challenge_method"] == "S256"
        assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "sub": sub,
            "nonce": params["nonce"],
            "challenge": params["code_challenge"],
            "redirect_uri": params["redirect_uri"],
        }
        return {"code": code, "state": params["state"]}

    def id_token(self, grant: dict) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": grant["sub"], "aud": CLIENT_ID, "iat": now, "exp": now + 300}
        claims["nonce"] = grant["nonce"]
        claims.update(self.claims)
        claims = {k: v for k, v in claims.items() if v is not None}
        headers = {"kid": self.kid, **self.header}
        return jwt.encode(claims, self.signing_key or self.key, algorithm=self.alg, headers=headers)

    # The HTTP calls the app makes.
    def get(self, url, **kwargs):
        assert kwargs.get("verify") is True and kwargs.get("timeout")
        self.get_calls.append(url)
        if self.down:
            raise requests.ConnectionError("no route to host")
        if url == ISSUER + "/.well-known/openid-configuration":
            return _response(url, 200, self.discovery())
        if url == ISSUER + "/jwks":
            return _response(url, 200, self.jwks())
        return _response(url, 404, {})

    def post(self, url, data=None, auth=None, **kwargs):
        assert url == ISSUER + "/token"
        assert kwargs.get("verify") is True and kwargs.get("timeout")
        self.token_calls.append(data)
        if self.down:
            raise requests.ConnectionError("no route to host")
        # client_secret_basic, each part form-encoded first (RFC 6749 §2.3.1).
        if auth is None or tuple(unquote(part) for part in auth) != (CLIENT_ID, CLIENT_SECRET):
            return _response(url, 401, {"error": "invalid_client"})
        grant = self.codes.pop(data.get("code"), None)
        if grant is None or data.get("grant_type") != "authorization_code":
            return _response(url, 400, {"error": "invalid_grant"})
        verifier = data.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant["challenge"] or data.get("redirect_uri") != grant["redirect_uri"]:
            return _response(url, 400, {"error": "invalid_grant"})
        if self.token_status != 200:
            return _response(url, self.token_status, {"error": "server_error"})
        return _response(
            url, 200, {"access_token": "at", "token_type": "Bearer", "id_token": self.id_token(grant)}
        )


@pytest.fixture
def broker(settings, monkeypatch, rsa_key):
    settings.PROPOSALS_OIDC_ISSUER = ISSUER
    settings.PROPOSALS_OIDC_CLIENT_ID = CLIENT_ID
    settings.PROPOSALS_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.PROPOSALS_OIDC_DISCOVERY_URL = ""
    settings.PROPOSALS_OIDC_SCOPES = "openid"
    settings.PROPOSALS_OIDC_TOKEN_AUTH = "client_secret_basic"
    the_broker = Broker(rsa_key)
    monkeypatch.setattr(requests, "get", the_broker.get)
    monkeypatch.setattr(requests, "post", the_broker.post)
    return the_broker


def start_signing(client, proposal) -> str:
    """Press "Signera med e-legitimation": the page that sends the browser on to the broker."""
    response = client.post(reverse("proposals:proposal-sign-eid", args=[proposal.code]))
    assert response.status_code == 200
    url = response["Refresh"].split("url=", 1)[1]
    assert url in response.content.decode().replace("&amp;", "&")
    return url


def come_back(client, params: dict):
    return client.get(reverse("proposals:eid-callback"), params, follow=True)


def sign_as(client, broker, proposal, sub: str = PERSON):
    return come_back(client, broker.authorize(start_signing(client, proposal), sub))


def page_text(response) -> str:
    return response.content.decode()


# --- signing -------------------------------------------------------------------------------------------------


def test_a_citizen_signs_with_e_legitimation_once(world, client, broker):
    proposal = make_proposal(world)
    page = client.get(reverse("proposals:proposal-detail", args=[proposal.code]))
    assert "Signera med e-legitimation" in page_text(page)

    response = sign_as(client, broker, proposal)

    assert response.redirect_chain[-1][0] == reverse("proposals:proposal-detail", args=[proposal.code])
    assert "Tack! Din underskrift är räknad." in page_text(response)
    assert "1 av 3 underskrifter" in page_text(response)
    signature = Signature.objects.get(proposal=proposal)
    assert signature.verified_at is not None and signature.verification == Verification.EID
    assert signature.email is None and signature.name == ""
    assert signature.eid_hash == eid.identity_hash(PERSON, str(proposal.code))
    assert PERSON not in signature.eid_hash and len(signature.eid_hash) == 64
    # The code went back to the broker with the verifier of the challenge (checked by the broker above).
    assert len(broker.token_calls) == 1
    call = broker.token_calls[0]
    assert call["code_verifier"] and call["redirect_uri"] == "http://testserver" + reverse(
        "proposals:eid-callback"
    )
    assert "client_secret" not in call
    # The flow is gone from the session: nothing about the person stays there.
    assert not client.session.get(eid.SESSION_KEY)


def test_the_same_person_signing_again_is_told_they_have_signed(world, client, broker):
    proposal = make_proposal(world)
    sign_as(client, broker, proposal)
    response = sign_as(client, broker, proposal)
    assert "Du har redan skrivit under det här förslaget." in page_text(response)
    assert Signature.objects.filter(proposal=proposal).count() == 1
    # Also from another browser: the person, not the session, counts.
    client.cookies.clear()
    sign_as(client, broker, proposal)
    assert Signature.objects.filter(proposal=proposal).count() == 1


def test_another_person_signs_too_and_the_threshold_is_reached(world, client, broker):
    proposal = make_proposal(world, threshold=2)
    sign_as(client, broker, proposal, PERSON)
    response = sign_as(client, broker, proposal, OTHER_PERSON)
    assert "Tack! Din underskrift är räknad." in page_text(response)
    assert Signature.objects.filter(proposal=proposal, verified_at__isnull=False).count() == 2
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.THRESHOLD


def test_an_e_legitimation_signature_counts_beside_e_mail_signatures(world, client, broker, mailoutbox):
    proposal = make_proposal(world)
    client.post(
        reverse("proposals:proposal-sign", args=[proposal.code]), {"name": "Anna", "email": "anna@example.se"}
    )
    confirm = mailoutbox[0].body.split("http://testserver", 1)[1].split()[0]
    client.post(confirm)
    sign_as(client, broker, proposal)
    assert Proposal.objects.with_signature_count().get(pk=proposal.pk).signature_count == 2


def test_one_person_on_two_proposals_leaves_two_unrelated_hashes(world, client, broker):
    first, second = make_proposal(world), make_proposal(world)
    sign_as(client, broker, first)
    sign_as(client, broker, second)
    hashes = set(Signature.objects.values_list("eid_hash", flat=True))
    assert len(hashes) == 2


REFUSED_TOKENS = {
    "wrong nonce": {"claims": {"nonce": "någon-annans-nonce"}},
    "no nonce": {"claims": {"nonce": None}},
    "wrong audience": {"claims": {"aud": "en-annan-klient"}},
    "several audiences without azp": {"claims": {"aud": [CLIENT_ID, "en-annan-klient"]}},
    "wrong issuer": {"claims": {"iss": "https://falsk.example.se"}},
    "expired": {"claims": {"exp": int(time.time()) - 600, "iat": int(time.time()) - 900}},
    "issued in the future": {"claims": {"iat": int(time.time()) + 3600, "exp": int(time.time()) + 4000}},
    "issued before the flow": {"claims": {"iat": int(time.time()) - 3600}},
    "no sub": {"claims": {"sub": None}},
    "no exp": {"claims": {"exp": None}},
    "unknown key": {"header": {"kid": "okand-nyckel"}},
}


@pytest.mark.parametrize("case", REFUSED_TOKENS, ids=list(REFUSED_TOKENS))
def test_a_wrong_id_token_signs_nothing(world, client, broker, case):
    proposal = make_proposal(world)
    broker.claims = REFUSED_TOKENS[case].get("claims", {})
    broker.header = REFUSED_TOKENS[case].get("header", {})
    response = sign_as(client, broker, proposal)
    assert response.redirect_chain[-1][0] == reverse("proposals:proposal-detail", args=[proposal.code])
    assert "E-legitimationen lyckades inte. Ingenting sparades" in page_text(response)
    assert not Signature.objects.exists()


def test_a_token_signed_with_another_key_signs_nothing(world, client, broker, other_rsa_key):
    proposal = make_proposal(world)
    broker.signing_key = other_rsa_key  # same kid, but not the published key
    response = sign_as(client, broker, proposal)
    assert "E-legitimationen lyckades inte" in page_text(response)
    assert not Signature.objects.exists()


def _forged(broker, grant: dict, alg: str, key) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "sub": grant["sub"], "aud": CLIENT_ID, "iat": now, "exp": now + 300}
    claims["nonce"] = grant["nonce"]
    return jwt.encode(claims, key, algorithm=alg, headers={"kid": broker.kid})


@pytest.mark.parametrize("alg", ["none", "HS256"])
def test_an_unsigned_or_secret_signed_token_signs_nothing(world, client, broker, monkeypatch, alg):
    proposal = make_proposal(world)
    # "none", or HS256 keyed with what an attacker might guess the verifier uses (the client secret, the
    # published key): both must be refused before any key is tried.
    public_pem = broker.jwks()["keys"][0]
    key = None if alg == "none" else CLIENT_SECRET + json.dumps(public_pem)
    monkeypatch.setattr(broker, "id_token", lambda grant: _forged(broker, grant, alg, key))
    response = sign_as(client, broker, proposal)
    assert "E-legitimationen lyckades inte" in page_text(response)
    assert not Signature.objects.exists()


def test_es256_tokens_are_accepted(world, client, broker):
    broker.key = ec.generate_private_key(ec.SECP256R1())
    broker.alg = "ES256"
    proposal = make_proposal(world)
    sign_as(client, broker, proposal)
    assert Signature.objects.filter(proposal=proposal, verification=Verification.EID).count() == 1


def test_a_rotated_key_is_fetched_again(world, client, broker, other_rsa_key):
    first, second = make_proposal(world), make_proposal(world)
    sign_as(client, broker, first)
    broker.key, broker.kid = other_rsa_key, "nyckel-2"
    sign_as(client, broker, second)
    assert Signature.objects.count() == 2
    assert broker.get_calls.count(ISSUER + "/jwks") == 2


def test_an_unknown_or_missing_state_signs_nothing(world, client, broker):
    proposal = make_proposal(world)
    params = broker.authorize(start_signing(client, proposal), PERSON)
    response = come_back(client, {**params, "state": "en-annan-state"})
    assert response.redirect_chain[-1][0] == reverse("proposals:proposal-detail", args=[proposal.code])
    assert "Svaret från e-legitimationen hörde inte till den här webbläsaren" in page_text(response)
    # The pending flow was dropped: the right state no longer works either.
    response = come_back(client, params)
    assert "hörde inte till den här webbläsaren" in page_text(response)
    assert not Signature.objects.exists()
    assert broker.token_calls == []
    # Without any flow in the session, the citizen lands on the list.
    response = come_back(client, {"code": "x"})
    assert response.redirect_chain[-1][0] == reverse("proposals:proposal-list")


def test_an_answer_is_used_once(world, client, broker):
    proposal = make_proposal(world)
    params = broker.authorize(start_signing(client, proposal), PERSON)
    come_back(client, params)
    response = come_back(client, params)
    assert "hörde inte till den här webbläsaren" in page_text(response)
    assert Signature.objects.count() == 1


def test_answers_from_another_browser_are_refused(world, client, broker):
    from django.test import Client

    proposal = make_proposal(world)
    params = broker.authorize(start_signing(client, proposal), PERSON)
    other = Client()
    response = other.get(reverse("proposals:eid-callback"), params, follow=True)
    assert response.redirect_chain[-1][0] == reverse("proposals:proposal-list")
    assert not Signature.objects.exists()


def test_cancelling_at_the_broker_signs_nothing(world, client, broker):
    proposal = make_proposal(world)
    state = broker.authorize(start_signing(client, proposal), PERSON)["state"]
    response = come_back(client, {"state": state, "error": "access_denied"})
    assert "Du avbröt e-legitimeringen. Ingenting sparades." in page_text(response)
    assert not Signature.objects.exists() and broker.token_calls == []


def test_a_broker_error_signs_nothing(world, client, broker):
    proposal = make_proposal(world)
    state = broker.authorize(start_signing(client, proposal), PERSON)["state"]
    response = come_back(client, {"state": state, "error": "server_error"})
    assert "E-legitimationen lyckades inte" in page_text(response)
    assert not Signature.objects.exists()


def test_a_flow_that_took_too_long_signs_nothing(world, client, broker):
    proposal = make_proposal(world)
    params = broker.authorize(start_signing(client, proposal), PERSON)
    session = client.session
    flows = session[eid.SESSION_KEY]
    flows[params["state"]]["created"] -= eid.FLOW_SECONDS + 1
    session[eid.SESSION_KEY] = flows
    session.save()
    response = come_back(client, params)
    assert "E-legitimeringen tog för lång tid" in page_text(response)
    assert not Signature.objects.exists() and broker.token_calls == []


def test_a_refused_code_signs_nothing(world, client, broker):
    proposal = make_proposal(world)
    broker.token_status = 500
    response = sign_as(client, broker, proposal)
    assert "E-legitimationen lyckades inte" in page_text(response)
    assert not Signature.objects.exists()


def test_an_unreachable_broker_gives_a_message_not_an_error(world, client, broker):
    proposal = make_proposal(world)
    params = broker.authorize(start_signing(client, proposal), PERSON)
    broker.down = True
    response = come_back(client, params)
    assert response.status_code == 200
    assert "Tjänsten för e-legitimation går inte att nå just nu" in page_text(response)
    assert not Signature.objects.exists()

    # Down before the citizen even leaves: the proposal page says so.
    from django.core.cache import cache

    cache.clear()
    response = client.post(reverse("proposals:proposal-sign-eid", args=[proposal.code]))
    assert response.status_code == 503
    assert "Tjänsten för e-legitimation går inte att nå just nu" in page_text(response)
    assert not client.session.get(eid.SESSION_KEY)


def test_a_discovery_document_of_another_issuer_is_refused(world, client, broker):
    broker.issuer = "https://annan.example.se"
    proposal = make_proposal(world)
    response = client.post(reverse("proposals:proposal-sign-eid", args=[proposal.code]))
    assert response.status_code == 503
    assert "går inte att nå just nu" in page_text(response)


def test_explicit_endpoints_need_no_discovery(world, client, broker, settings):
    settings.PROPOSALS_OIDC_AUTHORIZATION_ENDPOINT = ISSUER + "/authorize"
    settings.PROPOSALS_OIDC_TOKEN_ENDPOINT = ISSUER + "/token"
    settings.PROPOSALS_OIDC_JWKS_ENDPOINT = ISSUER + "/jwks"
    proposal = make_proposal(world)
    sign_as(client, broker, proposal)
    assert Signature.objects.count() == 1
    assert ISSUER + "/.well-known/openid-configuration" not in broker.get_calls


def test_the_client_secret_in_the_body_when_so_configured(world, client, broker, settings, monkeypatch):
    settings.PROPOSALS_OIDC_TOKEN_AUTH = "client_secret_post"
    basic_post = broker.post

    def post(url, data=None, auth=None, **kwargs):
        assert auth is None and data.pop("client_secret") == CLIENT_SECRET
        return basic_post(url, data=data, auth=(CLIENT_ID, CLIENT_SECRET), **kwargs)

    monkeypatch.setattr(requests, "post", post)
    sign_as(client, broker, make_proposal(world))
    assert Signature.objects.count() == 1


def test_signing_that_closed_meanwhile_signs_nothing(world, client, broker):
    proposal = make_proposal(world)
    params = broker.authorize(start_signing(client, proposal), PERSON)
    Proposal.objects.filter(pk=proposal.pk).update(
        signing_ends=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = come_back(client, params)
    assert "Förslaget samlar inte längre in underskrifter" in page_text(response)
    assert not Signature.objects.exists()


def test_two_requests_of_the_same_person_store_one_signature(world, broker):
    proposal = make_proposal(world)
    identity = eid.identity_hash(PERSON, str(proposal.code))
    services.sign_verified(proposal, identity)
    with pytest.raises(services.AlreadySigned):
        services.sign_verified(proposal, identity)
    assert Signature.objects.count() == 1


# --- submitting ----------------------------------------------------------------------------------------------

PROPOSAL = {
    "title": "Belysning längs cykelvägen",
    "text": "Cykelvägen till skolan är mörk på vintern.",
    "topic": "traffic",
    "name": "En invånare",
    "email": "invanare@example.se",
}


def test_a_citizen_submits_a_proposal_with_e_legitimation(world, client, broker, mailoutbox):
    form = client.get(reverse("proposals:proposal-create"))
    assert "Lämna förslag med e-legitimation" in page_text(form)
    data = {**PROPOSAL, "board": world.units["bun"].pk}
    response = client.post(reverse("proposals:proposal-create-eid"), data)
    assert response.status_code == 200
    assert not Proposal.objects.exists()  # nothing stored before the person is known
    url = response["Refresh"].split("url=", 1)[1]

    response = come_back(client, broker.authorize(url, PERSON))

    assert response.redirect_chain[-1][0] == reverse("proposals:sent") + "?e-legitimation=1"
    assert "Ditt förslag är skickat" in page_text(response)
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.PENDING and proposal.verified_at is not None
    assert proposal.verification == Verification.EID
    assert proposal.title == PROPOSAL["title"] and proposal.board == world.units["bun"]
    assert proposal.submitter_email == "invanare@example.se" and proposal.token_hash == ""
    assert mailoutbox == []  # no confirmation link needed
    # The moderator sees it at once.
    client.force_login(world.users["secretary"])
    assert PROPOSAL["title"] in page_text(client.get(reverse("proposals:moderation-list")))
    detail = page_text(client.get(reverse("proposals:moderation-detail", args=[proposal.code])))
    assert "E-legitimation (e-postadressen har inte bekräftats)" in detail


def test_a_proposal_form_with_errors_does_not_leave_for_the_broker(world, client, broker):
    response = client.post(reverse("proposals:proposal-create-eid"), {**PROPOSAL, "board": ""})
    assert response.status_code == 200
    assert "Refresh" not in response
    assert PROPOSAL["title"] in page_text(response)  # what was typed stays
    assert not client.session.get(eid.SESSION_KEY)


def test_a_cancelled_submission_stores_nothing_and_gives_the_text_back(world, client, broker):
    data = {**PROPOSAL, "board": world.units["bun"].pk}
    response = client.post(reverse("proposals:proposal-create-eid"), data)
    url = response["Refresh"].split("url=", 1)[1]
    state = broker.authorize(url, PERSON)["state"]
    response = come_back(client, {"state": state, "error": "access_denied"})
    assert response.redirect_chain[-1][0] == reverse("proposals:proposal-create")
    text = page_text(response)
    assert "Du avbröt e-legitimeringen" in text
    assert PROPOSAL["title"] in text and PROPOSAL["text"] in text
    assert not Proposal.objects.exists()


def test_a_submission_with_a_bad_token_stores_nothing(world, client, broker):
    broker.claims = {"aud": "en-annan-klient"}
    data = {**PROPOSAL, "board": world.units["bun"].pk}
    response = client.post(reverse("proposals:proposal-create-eid"), data)
    url = response["Refresh"].split("url=", 1)[1]
    response = come_back(client, broker.authorize(url, PERSON))
    assert "E-legitimationen lyckades inte" in page_text(response)
    assert not Proposal.objects.exists()


# --- not configured ------------------------------------------------------------------------------------------


def test_without_a_broker_there_is_no_button_and_no_endpoint(world, client, settings):
    settings.PROPOSALS_OIDC_ISSUER = ""
    settings.PROPOSALS_OIDC_CLIENT_ID = ""
    proposal = make_proposal(world)
    detail = page_text(client.get(reverse("proposals:proposal-detail", args=[proposal.code])))
    assert "e-legitimation" not in detail.lower()
    form = page_text(client.get(reverse("proposals:proposal-create")))
    assert "e-legitimation" not in form.lower()
    assert client.post(reverse("proposals:proposal-sign-eid", args=[proposal.code])).status_code == 404
    assert client.post(reverse("proposals:proposal-create-eid"), PROPOSAL).status_code == 404
    assert client.get(reverse("proposals:eid-callback"), {"state": "s", "code": "c"}).status_code == 404


# --- retention -----------------------------------------------------------------------------------------------


def test_the_hashes_go_with_the_other_personal_data_and_the_count_stays(world, client, broker, settings):
    from proposals import tasks

    settings.PROPOSALS_RETENTION_DAYS = 30
    proposal = make_proposal(world)
    sign_as(client, broker, proposal, PERSON)
    sign_as(client, broker, proposal, OTHER_PERSON)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Proposal.Status.CLOSED, closed_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert tasks.daily()["erased"] == 1
    assert Signature.objects.filter(proposal=proposal).count() == 2
    assert not Signature.objects.filter(eid_hash__isnull=False).exists()
    assert Proposal.objects.with_signature_count().get(pk=proposal.pk).signature_count == 2


# --- hostile answers -----------------------------------------------------------------------------------------


@hsettings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    real_state=st.booleans(),
    state=st.text(max_size=80),
    code=st.text(max_size=200),
    error=st.one_of(st.just(""), st.text(max_size=200)),
)
def test_made_up_answers_never_give_a_server_error(
    world, client, broker, settings, real_state, state, code, error
):
    settings.PROPOSALS_RATE_LIMIT = 0
    proposal = Proposal.objects.first() or make_proposal(world)
    if real_state:
        state = broker.authorize(start_signing(client, proposal), PERSON)["state"]
    params = {"state": state, "code": code}
    if error:
        params["error"] = error
    params = {k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for k, v in params.items()}
    response = come_back(client, params)
    assert response.status_code == 200
    assert not Signature.objects.exists()
