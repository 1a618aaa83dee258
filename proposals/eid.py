"""E-legitimation for e-proposals: the citizen proves who they are at the municipality's broker over OpenID Connect.

Off unless PROPOSALS_OIDC_ISSUER and PROPOSALS_OIDC_CLIENT_ID are set (`configured()`); the e-mail route keeps
working beside it. The flow is the authorization code flow with PKCE (S256):

- `start()` keeps a random `state`, `nonce` and code verifier in the citizen's session, with what the citizen was
  doing (signing a proposal, or the proposal they wrote), and returns the broker's authorization URL.
- The broker sends the citizen back to the callback with `state` and a code. `take_flow()` finds (and removes, so
  an answer is used once) the flow the `state` belongs to; `identify()` exchanges the code at the token endpoint,
  server to server, and validates the ID token: its signature against the issuer's published keys (RS256 or
  ES256 only), `iss`, `aud` (and `azp` when there are several audiences), `exp` and `iat` with a small leeway,
  and the `nonce`. It returns the token's `sub`, the broker's identifier of the person.
- `identity_hash()` turns (issuer, sub, proposal) into the keyed hash that is stored: one signature per person
  and proposal can be enforced without keeping the identifier, and the same person's signatures on two proposals
  cannot be linked.

The session and staff sign-in of styrmodell/oidc.py (mozilla-django-oidc) logs a Django user in and leaves the
audience and issuer unchecked; citizens get no account, so only the library's PKCE challenge is reused here.
Every failure raises `EidError` carrying a message for the citizen.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.utils import generate_code_challenge

logger = logging.getLogger(__name__)

# The citizen has this long from pressing the button to coming back from the broker.
FLOW_SECONDS = 600
# Clock difference tolerated between the broker and us when checking `exp` and `iat`.
LEEWAY_SECONDS = 60
# Asymmetric algorithms only: a token signed with the client secret (HS*) or not at all ("none") is refused.
ALGORITHMS = {"RS256": "RSA", "ES256": "EC"}
# Flows a session keeps at once (several tabs); the oldest goes first.
MAX_FLOWS = 5
# The discovery document and the broker's keys are kept this long (a token with an unknown key fetches them again).
CACHE_SECONDS = 3600
SESSION_KEY = "proposals_eid_flows"
DRAFT_SESSION_KEY = "proposals_eid_draft"

SIGN = "sign"
SUBMIT = "submit"

CANCELLED = _("You cancelled the e-legitimation. Nothing was saved.")
FAILED = _("The e-legitimation did not succeed. Nothing was saved; please try again.")
EXPIRED = _("The e-legitimation took too long. Nothing was saved; please start again.")
NO_FLOW = _(
    "The answer from the e-legitimation did not belong to this browser or had already been used. Nothing was "
    "saved; please start again."
)
UNREACHABLE = _(
    "The e-legitimation service cannot be reached just now. Nothing was saved; please try again later or use "
    "your e-mail address."
)


class EidError(Exception):
    """The e-legitimation gave no person; `message` tells the citizen why."""

    def __init__(self, message, reason: str = "") -> None:
        super().__init__(reason or str(message))
        self.message = message


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


def configured() -> bool:
    return bool(settings.PROPOSALS_OIDC_ISSUER and settings.PROPOSALS_OIDC_CLIENT_ID)


def _timeout() -> float:
    return max(1, settings.PROPOSALS_OIDC_TIMEOUT_SECONDS)


def _get_json(url: str) -> dict:
    try:
        response = requests.get(
            url,
            timeout=_timeout(),
            verify=True,
            allow_redirects=False,
            headers={"Accept": "application/json"},
        )
    except requests.RequestException as error:
        raise EidError(UNREACHABLE, f"GET {url}: {error.__class__.__name__}") from error
    if response.status_code != 200:
        raise EidError(UNREACHABLE, f"GET {url}: HTTP {response.status_code}")
    try:
        data = response.json()
    except ValueError as error:
        raise EidError(UNREACHABLE, f"GET {url}: not JSON") from error
    if not isinstance(data, dict):
        raise EidError(UNREACHABLE, f"GET {url}: not a JSON object")
    return data


def provider() -> Provider:
    """The broker's endpoints: from the settings when all three are given, else from its discovery document."""
    issuer = settings.PROPOSALS_OIDC_ISSUER
    explicit = (
        settings.PROPOSALS_OIDC_AUTHORIZATION_ENDPOINT,
        settings.PROPOSALS_OIDC_TOKEN_ENDPOINT,
        settings.PROPOSALS_OIDC_JWKS_ENDPOINT,
    )
    if all(explicit):
        return Provider(issuer, *explicit)
    url = settings.PROPOSALS_OIDC_DISCOVERY_URL or issuer.rstrip("/") + "/.well-known/openid-configuration"
    key = "proposals:eid:discovery:" + url
    document = cache.get(key)
    if document is None:
        document = _get_json(url)
        # OpenID Connect Discovery 1.0 §4.3: the document must name the very issuer it was fetched for.
        if document.get("issuer") != issuer:
            raise EidError(UNREACHABLE, f"discovery names issuer {document.get('issuer')!r}")
        cache.set(key, document, CACHE_SECONDS)
    endpoints = [
        given or document.get(name)
        for given, name in zip(
            explicit, ("authorization_endpoint", "token_endpoint", "jwks_uri"), strict=True
        )
    ]
    if not all(
        isinstance(e, str) and e.startswith(("https://", "http://")) and not any(c.isspace() for c in e)
        for e in endpoints
    ):
        raise EidError(UNREACHABLE, "discovery lacks an endpoint")
    return Provider(issuer, *endpoints)


def redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("proposals:eid-callback"))


# --- the flow in the session ---------------------------------------------------------------------------------


def _flows(request: HttpRequest) -> dict:
    flows = request.session.get(SESSION_KEY)
    return flows if isinstance(flows, dict) else {}


def start(request: HttpRequest, purpose: str, *, proposal_code: str = "", draft: dict | None = None) -> str:
    """Remember a new flow in the session and return the broker's authorization URL to send the citizen to."""
    broker = provider()
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)  # 86 characters of the unreserved set (RFC 7636 §4.1: 43 to 128)
    now = time.time()
    flows = {s: f for s, f in _flows(request).items() if now - f.get("created", 0) <= FLOW_SECONDS}
    for old in sorted(flows, key=lambda s: flows[s]["created"])[: max(0, len(flows) - MAX_FLOWS + 1)]:
        del flows[old]
    flows[state] = {
        "nonce": nonce,
        "verifier": verifier,
        "created": now,
        "purpose": purpose,
        "proposal": proposal_code,
        "draft": draft,
    }
    request.session[SESSION_KEY] = flows
    params = {
        "response_type": "code",
        "client_id": settings.PROPOSALS_OIDC_CLIENT_ID,
        "redirect_uri": redirect_uri(request),
        "scope": settings.PROPOSALS_OIDC_SCOPES,
        "state": state,
        "nonce": nonce,
        "code_challenge": generate_code_challenge(verifier, "S256"),
        "code_challenge_method": "S256",
    }
    separator = "&" if "?" in broker.authorization_endpoint else "?"
    return broker.authorization_endpoint + separator + urlencode(params)


def take_flow(request: HttpRequest) -> tuple[dict | None, dict | None]:
    """(the flow the callback's `state` belongs to, None), the flow removed from the session so an answer is used
    once. When the state is missing or unknown: (None, the newest pending flow), and every pending flow of the
    session is dropped; the newest tells where the citizen came from."""
    flows = _flows(request)
    state = request.GET.get("state", "")
    flow = flows.pop(state, None) if state else None
    if flow is None:
        request.session.pop(SESSION_KEY, None)
        return None, max(flows.values(), key=lambda f: f.get("created", 0), default=None)
    request.session[SESSION_KEY] = flows
    return flow, None


# --- the broker's answer -------------------------------------------------------------------------------------


def identify(request: HttpRequest, flow: dict) -> str:
    """The person's subject identifier (`sub`) from the broker's answer to this flow, or EidError."""
    if time.time() - flow["created"] > FLOW_SECONDS:
        raise EidError(EXPIRED, "flow expired")
    error = request.GET.get("error", "")
    if error:
        # RFC 6749 §4.1.2.1; "access_denied" is what brokers answer when the person cancels.
        raise EidError(CANCELLED if error == "access_denied" else FAILED, f"broker answered {error[:64]!r}")
    code = request.GET.get("code", "")
    if not code:
        raise EidError(FAILED, "no code")
    broker = provider()
    tokens = _exchange(broker, code, flow["verifier"], redirect_uri(request))
    id_token = tokens.get("id_token")
    if not isinstance(id_token, str) or not id_token:
        raise EidError(FAILED, "no id_token")
    claims = validate_id_token(id_token, broker, nonce=flow["nonce"], not_before=flow["created"])
    return claims["sub"]


def _exchange(broker: Provider, code: str, verifier: str, callback: str) -> dict:
    client_id = settings.PROPOSALS_OIDC_CLIENT_ID
    secret = settings.PROPOSALS_OIDC_CLIENT_SECRET
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": callback,
        "code_verifier": verifier,
        "client_id": client_id,
    }
    auth = None
    if secret and settings.PROPOSALS_OIDC_TOKEN_AUTH == "client_secret_post":
        data["client_secret"] = secret
    elif secret:
        # RFC 6749 §2.3.1: both parts form-encoded before they go into the Basic header.
        auth = (quote(client_id, safe=""), quote(secret, safe=""))
    try:
        response = requests.post(
            broker.token_endpoint,
            data=data,
            auth=auth,
            timeout=_timeout(),
            verify=True,
            allow_redirects=False,
            headers={"Accept": "application/json"},
        )
    except requests.RequestException as error:
        raise EidError(UNREACHABLE, f"token endpoint: {error.__class__.__name__}") from error
    if response.status_code != 200:
        raise EidError(FAILED, f"token endpoint: HTTP {response.status_code}")
    try:
        tokens = response.json()
    except ValueError as error:
        raise EidError(FAILED, "token endpoint: not JSON") from error
    if not isinstance(tokens, dict):
        raise EidError(FAILED, "token endpoint: not a JSON object")
    return tokens


def _jwks(uri: str, refresh: bool = False) -> list[dict]:
    key = "proposals:eid:jwks:" + uri
    keys = None if refresh else cache.get(key)
    if keys is None:
        keys = _get_json(uri).get("keys")
        if not isinstance(keys, list):
            raise EidError(UNREACHABLE, "JWKS without keys")
        keys = [k for k in keys if isinstance(k, dict)]
        cache.set(key, keys, CACHE_SECONDS)
    return keys


def _matching_key(keys: list[dict], kid: str | None, alg: str) -> dict | None:
    candidates = [
        k
        for k in keys
        if k.get("kty") == ALGORITHMS[alg]
        and k.get("use", "sig") == "sig"
        and k.get("alg", alg) == alg
        and (ALGORITHMS[alg] != "EC" or k.get("crv") == "P-256")
    ]
    if kid is not None:
        candidates = [k for k in candidates if k.get("kid") == kid]
    # Without a kid the key must be unambiguous.
    return candidates[0] if len(candidates) == 1 else None


def _signing_key(broker: Provider, kid: str | None, alg: str):
    jwk = _matching_key(_jwks(broker.jwks_uri), kid, alg)
    if jwk is None:  # the broker may have rotated its keys since they were cached
        jwk = _matching_key(_jwks(broker.jwks_uri, refresh=True), kid, alg)
    if jwk is None:
        raise EidError(FAILED, f"no published key for kid {kid!r} and {alg}")
    try:
        return jwt.PyJWK(jwk, algorithm=alg).key
    except jwt.PyJWTError as error:
        raise EidError(FAILED, f"unusable key: {error}") from error


def validate_id_token(token: str, broker: Provider, *, nonce: str, not_before: float) -> dict:
    """The ID token's claims once its signature, issuer, audience, times and nonce are right; else EidError."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise EidError(FAILED, "ID token unreadable") from error
    alg = header.get("alg")
    if alg not in ALGORITHMS:
        raise EidError(FAILED, f"ID token algorithm {alg!r} not accepted")
    kid = header.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise EidError(FAILED, "ID token kid not a string")
    key = _signing_key(broker, kid, alg)
    client_id = settings.PROPOSALS_OIDC_CLIENT_ID
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[alg],
            audience=client_id,
            issuer=broker.issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except jwt.PyJWTError as error:
        raise EidError(FAILED, f"ID token refused: {error.__class__.__name__}") from error
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:  # OpenID Connect Core §3.1.3.7, item 5
        raise EidError(FAILED, "ID token for several audiences without our azp")
    token_nonce = claims.get("nonce")
    if not isinstance(token_nonce, str) or not hmac.compare_digest(
        token_nonce.encode("utf-8", "surrogatepass"), nonce.encode()
    ):
        raise EidError(FAILED, "ID token nonce does not match")
    if not isinstance(claims["iat"], int | float) or claims["iat"] < not_before - LEEWAY_SECONDS:
        raise EidError(FAILED, "ID token issued before the flow started")
    sub = claims["sub"]
    if not isinstance(sub, str) or not sub or len(sub) > 255:
        raise EidError(FAILED, "ID token without a usable sub")
    return claims


def identity_hash(sub: str, proposal_code: str) -> str:
    """What is stored of a person who signed with e-legitimation: an HMAC (SHA-256) of the issuer, the broker's
    subject identifier and the proposal, keyed with PROPOSALS_OIDC_HASH_KEY or SECRET_KEY."""
    value = "\n".join((settings.PROPOSALS_OIDC_ISSUER, sub, str(proposal_code)))
    secret = settings.PROPOSALS_OIDC_HASH_KEY or settings.SECRET_KEY
    return salted_hmac("proposals.eid.signature", value, secret=secret, algorithm="sha256").hexdigest()


def log_failure(error: EidError) -> None:
    """The technical reason, for the administrators; never a token, a code or an identifier."""
    logger.warning("E-legitimation failed: %s", error)
