"""proposals.privacy: what the app holds about an e-mail address, and erasing it."""

from __future__ import annotations

from proposals import privacy
from proposals.models import Proposal, Signature

from .conftest import make_proposal


def test_export_finds_proposals_and_signatures_by_address(world):
    mine = make_proposal(world, title="Mitt förslag", submitter_name="Jag", submitter_email="me@example.se")
    other = make_proposal(world, title="Annat", submitter_email="other@example.se")
    Signature.objects.create(proposal=other, name="Jag", email="me@example.se")
    data = privacy.export("  ME@example.se ")
    assert [p["title"] for p in data["proposals"]] == ["Mitt förslag"]
    assert data["proposals"][0]["email"] == "me@example.se"
    assert data["proposals"][0]["code"] == str(mine.code)
    assert [s["proposal_title"] for s in data["signatures"]] == ["Annat"]
    assert privacy.export("nobody@example.se") == {"proposals": [], "signatures": []}
    assert privacy.export("") == {"proposals": [], "signatures": []}


def test_erase_removes_name_and_address_and_keeps_counts(world):
    mine = make_proposal(world, submitter_name="Jag", submitter_email="me@example.se")
    other = make_proposal(world, submitter_email="other@example.se")
    from django.utils import timezone

    Signature.objects.create(proposal=other, name="Jag", email="me@example.se", verified_at=timezone.now())
    unconfirmed_on = make_proposal(world, title="Tredje")
    Signature.objects.create(proposal=unconfirmed_on, name="Jag", email="me@example.se")
    Signature.objects.create(
        proposal=other, name="Annan", email="annan@example.se", verified_at=timezone.now()
    )

    assert privacy.erase("Me@Example.se") == 3
    mine.refresh_from_db()
    assert mine.submitter_name == "" and mine.submitter_email == ""
    assert mine.status == Proposal.Status.COLLECTING  # the proposal itself stays
    assert Proposal.objects.with_signature_count().get(pk=other.pk).signature_count == 2
    assert not Signature.objects.filter(proposal=unconfirmed_on).exists()
    assert privacy.export("me@example.se") == {"proposals": [], "signatures": []}
    assert Signature.objects.filter(email="annan@example.se").exists()
    assert privacy.erase("me@example.se") == 0
