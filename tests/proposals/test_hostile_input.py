"""Hostile input on every public form: never a server error, and nothing half-saved (a proposal or signature is
stored whole or not at all)."""

from __future__ import annotations

from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from proposals.models import Proposal, Signature

from .conftest import make_proposal

NASTY = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "=cmd|' /C calc'!A0",
            "a" * 5000,
            "😀" * 200,
            "../../etc/passwd",
            "\ud800",
            "%00",
            "a@b",
            "x@example.se",
        ]
    ),
)
FUZZ = hsettings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _complete(proposal: Proposal) -> bool:
    return all(
        [
            proposal.title.strip(),
            proposal.text.strip(),
            proposal.topic,
            proposal.board_id,
            proposal.submitter_name.strip(),
            "@" in proposal.submitter_email,
            proposal.token_hash,
        ]
    )


@FUZZ
@given(
    title=NASTY,
    text=NASTY,
    topic=NASTY,
    board=NASTY,
    name=NASTY,
    email=NASTY,
    honeypot=st.sampled_from(["", "x"]),
)
def test_the_submit_form(world, client, settings, title, text, topic, board, name, email, honeypot):
    settings.PROPOSALS_RATE_LIMIT = 0
    before = Proposal.objects.count()
    data = {
        "title": title,
        "text": text,
        "topic": topic,
        "board": board,
        "name": name,
        "email": email,
        "webbplats": honeypot,
    }
    response = client.post(
        reverse("proposals:proposal-create"), {k: v.replace("\ud800", "?") for k, v in data.items()}
    )
    assert response.status_code < 500
    after = Proposal.objects.count()
    assert after - before in (0, 1)
    assert all(_complete(p) for p in Proposal.objects.all())
    assert all("\x00" not in p.title + p.text + p.submitter_name for p in Proposal.objects.all())


@FUZZ
@given(name=NASTY, email=NASTY, extra=st.dictionaries(st.text(max_size=10), st.text(max_size=20), max_size=3))
def test_the_sign_form(world, client, settings, name, email, extra):
    settings.PROPOSALS_RATE_LIMIT = 0
    proposal = Proposal.objects.filter(title="Fuzz").first() or make_proposal(world, title="Fuzz")
    data = {
        **{k.replace("\x00", ""): v.replace("\ud800", "?") for k, v in extra.items()},
        "name": name.replace("\ud800", "?"),
        "email": email.replace("\ud800", "?"),
    }
    response = client.post(reverse("proposals:proposal-sign", args=[proposal.code]), data)
    assert response.status_code < 500
    for signature in Signature.objects.all():
        assert signature.name.strip() and "@" in (signature.email or "") and signature.token_hash
        assert signature.verified_at is None


@FUZZ
@given(
    token=st.text(min_size=1, max_size=200).filter(
        lambda t: "/" not in t and "\ud800" not in t and "\x00" not in t
    )
)
def test_the_confirmation_links(world, client, settings, token):
    settings.PROPOSALS_RATE_LIMIT = 0
    from urllib.parse import quote

    for prefix in ("/e-forslag/bekrafta/", "/e-forslag/underskrift/"):
        url = prefix + quote(token, safe="") + "/"
        assert client.get(url).status_code in (404, 410)
        assert client.post(url).status_code in (404, 410)
    assert not Proposal.objects.exclude(status=Proposal.Status.COLLECTING).exists()


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["lage", "namnd", "amne", "sida", "x"]), NASTY, max_size=4))
def test_the_public_list_filters(db, client, params):
    clean = {k: v.replace("\ud800", "?").replace("\x00", "") for k, v in params.items()}
    assert client.get(reverse("proposals:proposal-list"), clean).status_code == 200
