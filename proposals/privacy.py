"""The e-proposal app's part of a data subject's requests (GDPR art. 15 and 17), found by e-mail address.

`export(email)` returns everything stored about the address; `erase(email)` removes the name and address from
every proposal and signature and returns how many rows it changed. Proposals and confirmed signatures stay (as
anonymous text and counts): the public record of what was proposed and how many supported it is kept, and a
moderator no longer sees who submitted it. A signature given with e-legitimation holds no address or name, only a
keyed hash that cannot be found from the person's details (proposals/eid.py); it is removed with the retention rule.
"""

from __future__ import annotations

from django.db import transaction

from .models import Proposal, Signature, normalise_email


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export(email: str) -> dict:
    address = normalise_email(email)
    if not address:
        return {"proposals": [], "signatures": []}
    proposals = [
        {
            "code": str(p.code),
            "title": p.title,
            "text": p.text,
            "board": str(p.board),
            "topic": p.get_topic_display(),
            "status": p.get_status_display(),
            "name": p.submitter_name,
            "email": p.submitter_email,
            "submitted": _iso(p.created_at),
            "email_confirmed": _iso(p.verified_at),
            "published": _iso(p.published_at),
        }
        for p in Proposal.objects.filter(submitter_email=address)
        .select_related("board")
        .order_by("created_at")
    ]
    signatures = [
        {
            "proposal_code": str(s.proposal.code),
            "proposal_title": s.proposal.title,
            "name": s.name,
            "email": s.email,
            "signed": _iso(s.created_at),
            "email_confirmed": _iso(s.verified_at),
        }
        for s in Signature.objects.filter(email=address).select_related("proposal").order_by("created_at")
    ]
    return {"proposals": proposals, "signatures": signatures}


def erase(email: str) -> int:
    address = normalise_email(email)
    if not address:
        return 0
    with transaction.atomic():
        changed = Proposal.objects.filter(submitter_email=address).update(
            submitter_name="", submitter_email="", token_hash="", token_expires=None
        )
        # An unconfirmed signature never counted: it goes. A confirmed one stays as an anonymous count.
        changed += Signature.objects.filter(email=address, verified_at__isnull=True).delete()[0]
        changed += Signature.objects.filter(email=address).update(
            name="", email=None, token_hash="", token_expires=None
        )
    return changed
