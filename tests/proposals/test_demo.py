from __future__ import annotations

import io

from proposals import demo
from proposals.models import Proposal, Signature
from styrmodell import demo as core_demo
from styrmodell.demo import DemoContext


def test_the_demo_has_one_proposal_in_each_shown_state_and_loads_twice_unchanged(db):
    ctx = DemoContext(stdout=io.StringIO())
    core_demo.load(ctx)
    demo.load(ctx)
    counts = (Proposal.objects.count(), Signature.objects.count())
    demo.load(ctx)
    assert (Proposal.objects.count(), Signature.objects.count()) == counts
    by_status = {p.status: p for p in Proposal.objects.with_signature_count()}
    assert set(by_status) == {Proposal.Status.COLLECTING, Proposal.Status.ANSWERED, Proposal.Status.REFUSED}
    answered = by_status[Proposal.Status.ANSWERED]
    assert answered.board.short_name == "BUN"
    assert answered.signature_count >= answered.threshold
    assert (
        by_status[Proposal.Status.COLLECTING].signature_count
        < by_status[Proposal.Status.COLLECTING].threshold
    )
    assert by_status[Proposal.Status.REFUSED].refusal_reason == "advertising"
