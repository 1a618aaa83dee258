"""Builders for the e-proposal tests: proposals in each state, on the `world` fixture's boards."""

from __future__ import annotations

import datetime
import itertools
import re

import pytest
from django.utils import timezone

from proposals.models import Proposal, Signature, Topic
from styrmodell.models import Role
from tests.conftest import grant, make_user

_SIGNER = itertools.count()
LINK = re.compile(r"https?://[^\s]+/e-forslag/(?:bekrafta|underskrift)/[^\s/]+/")


@pytest.fixture(autouse=True)
def _no_rate_limit_unless_asked(settings):
    """Every test starts with an empty cache (the rate limit's counts live there)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def link_in(message) -> str:
    """The confirmation link's path in an e-mail."""
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(0).split("testserver", 1)[-1]


def make_proposal(world, board: str = "bun", status: str = Proposal.Status.COLLECTING, **fields) -> Proposal:
    now = timezone.now()
    defaults = {
        "topic": Topic.SCHOOL,
        "title": "Fler cykelställ vid skolorna",
        "text": "Många elever cyklar, men cykelställen räcker inte.",
        "submitter_name": "Förslagsställare",
        "submitter_email": "forslag@example.se",
        "verified_at": now,
    }
    if status in Proposal.PUBLIC_STATUSES:
        defaults.update(
            published_at=now,
            signing_ends=timezone.localdate() + datetime.timedelta(days=90),
            threshold=3,
        )
    defaults.update(fields)
    return Proposal.objects.create(board=world.unit(board), status=status, **defaults)


def add_signatures(proposal: Proposal, count: int, verified: bool = True) -> list[Signature]:
    return [
        Signature.objects.create(
            proposal=proposal,
            name=f"Undertecknare {i}",
            email=f"signer{i}-{next(_SIGNER)}@example.se",
            verified_at=timezone.now() if verified else None,
        )
        for i in range(count)
    ]


@pytest.fixture
def other_secretary(world):
    user = make_user("sn_secretary")
    grant(user, Role.SECRETARY, world.units["sn"])
    return user
