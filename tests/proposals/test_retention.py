"""The retention job: closes proposals whose signing time ran out and removes submitters' and signers' names and
addresses N days after closing, keeping the counts."""

from __future__ import annotations

import datetime

from django.utils import timezone

from proposals import tasks
from proposals.models import Proposal, Signature

from .conftest import add_signatures, make_proposal


def test_signing_time_running_out_closes_the_proposal(world):
    proposal = make_proposal(world, signing_ends=timezone.localdate() - datetime.timedelta(days=1))
    reached = make_proposal(
        world,
        status=Proposal.Status.THRESHOLD,
        signing_ends=timezone.localdate() - datetime.timedelta(days=1),
    )
    open_one = make_proposal(world)
    assert tasks.daily.delay().get() == {"closed": 1, "erased": 0}
    proposal.refresh_from_db()
    reached.refresh_from_db()
    open_one.refresh_from_db()
    assert proposal.status == Proposal.Status.CLOSED and proposal.closed_at is not None
    assert reached.status == Proposal.Status.THRESHOLD  # waits for the board's answer
    assert open_one.status == Proposal.Status.COLLECTING
    assert tasks.daily() == {"closed": 0, "erased": 0}  # idempotent


def test_personal_data_goes_after_the_retention_time_and_counts_stay(world, settings):
    settings.PROPOSALS_RETENTION_DAYS = 30
    old = make_proposal(
        world, status=Proposal.Status.CLOSED, closed_at=timezone.now() - datetime.timedelta(days=31)
    )
    add_signatures(old, 4)
    add_signatures(old, 1, verified=False)
    recent = make_proposal(
        world, status=Proposal.Status.CLOSED, closed_at=timezone.now() - datetime.timedelta(days=29)
    )
    add_signatures(recent, 2)
    still_open = make_proposal(world)
    add_signatures(still_open, 2)

    assert tasks.daily()["erased"] == 1
    old.refresh_from_db()
    assert old.submitter_name == "" and old.submitter_email == ""
    assert old.personal_data_erased_at is not None
    assert Signature.objects.filter(proposal=old).count() == 4  # the unconfirmed one went
    assert not Signature.objects.filter(proposal=old).exclude(name="").exists()
    assert not Signature.objects.filter(proposal=old, email__isnull=False).exists()
    assert Proposal.objects.with_signature_count().get(pk=old.pk).signature_count == 4
    recent.refresh_from_db()
    assert recent.submitter_email == "forslag@example.se"
    assert Signature.objects.filter(proposal=recent, email__isnull=False).count() == 2
    assert Signature.objects.filter(proposal=still_open, email__isnull=False).count() == 2
    assert tasks.daily()["erased"] == 0


def test_refused_and_answered_proposals_count_as_closed(world, settings):
    settings.PROPOSALS_RETENTION_DAYS = 0
    long_ago = timezone.now() - datetime.timedelta(days=1)
    refused = make_proposal(world, status=Proposal.Status.REFUSED, closed_at=long_ago)
    answered = make_proposal(world, status=Proposal.Status.ANSWERED, closed_at=long_ago)
    assert tasks.daily()["erased"] == 2
    for proposal in (refused, answered):
        proposal.refresh_from_db()
        assert proposal.submitter_email == ""


def test_unconfirmed_proposals_and_signatures_are_deleted_after_a_week(world):
    stale = timezone.now() - datetime.timedelta(days=10)
    make_proposal(world, status=Proposal.Status.UNVERIFIED, verified_at=None, created_at=stale)
    fresh = make_proposal(world, status=Proposal.Status.UNVERIFIED, verified_at=None)
    published = make_proposal(world)
    Signature.objects.create(proposal=published, name="N", email="n@example.se", created_at=stale)
    Signature.objects.create(proposal=published, name="M", email="m@example.se")
    tasks.daily()
    assert list(Proposal.objects.filter(status=Proposal.Status.UNVERIFIED)) == [fresh]
    assert list(Signature.objects.values_list("email", flat=True)) == ["m@example.se"]


def test_personal_data_never_enters_the_audit_history(world):
    proposal = make_proposal(world, submitter_name="Hemlig Person", submitter_email="hemlig@example.se")
    add_signatures(proposal, 1)
    history_fields = {f.name for f in Proposal.history.model._meta.fields}
    assert "submitter_email" not in history_fields and "submitter_name" not in history_fields
    signature_fields = {f.name for f in Signature.history.model._meta.fields}
    assert "email" not in signature_fields and "name" not in signature_fields
