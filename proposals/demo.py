"""Demo data: three e-proposals from citizens (named by their function, like every demo person): one collecting
signatures to SBN, one that reached its threshold and was answered by BUN, and one refused by SN's secretary.

Idempotent: each proposal is looked up by its board and title; signatures by their demo address."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from styrmodell.demo import DemoContext

from .models import Proposal, RefusalReason, Signature, Topic

COLLECTING = {
    "board": "sbn",
    "title": "Belysning längs gång- och cykelvägen vid Aspenskolan",
    "text": "Gång- och cykelvägen mellan bostadsområdet och Aspenskolan är helt mörk under vintern. "
    "Många barn går och cyklar där på morgonen. Kommunen bör sätta upp belysning längs hela sträckan.",
    "topic": Topic.TRAFFIC,
    "signatures": 12,
}
ANSWERED = {
    "board": "bun",
    "title": "Simundervisning för alla elever i årskurs 3",
    "text": "Alla barn borde kunna simma när de slutar lågstadiet. Vi föreslår att alla elever i årskurs 3 får "
    "simundervisning i simhallen under skoltid, med extra lektioner för dem som inte klarar simkunnigheten.",
    "topic": Topic.SCHOOL,
    "answer": "Barn- och utbildningsnämnden delar förslagsställarnas uppfattning att alla elever ska kunna simma. "
    "Simkunnighet ingår i kursplanen för idrott och hälsa, och i dag får elever i årskurs 4 simundervisning. "
    "Nämnden tidigarelägger undervisningen till årskurs 3 och erbjuder extra lektioner till elever som behöver det.",
    "decision": "Simundervisning ges i årskurs 3 från och med höstterminen. Förvaltningen får i uppdrag att "
    "följa upp simkunnigheten och redovisa resultatet för nämnden i bokslutet.",
    "paragraph": "§ 34",
}
REFUSED = {
    "board": "sn",
    "title": "Köp in vår nya trygghetslarmstjänst",
    "text": "Vårt företag erbjuder marknadens bästa trygghetslarm. Kontakta oss för ett erbjudande.",
    "topic": Topic.CARE,
    "reason": RefusalReason.ADVERTISING,
    "comment": "Förslaget marknadsför ett företags tjänst. Kommunen köper tjänster genom upphandling.",
}


def _proposal(ctx: DemoContext, spec: dict, **fields) -> tuple[Proposal, bool]:
    return Proposal.objects.get_or_create(
        board=ctx.units[spec["board"]],
        title=spec["title"],
        defaults={
            "text": spec["text"],
            "topic": spec["topic"],
            "submitter_name": "Förslagsställare (demo)",
            "submitter_email": f"forslag-{spec['board']}@example.se",
            **fields,
        },
    )


def _sign(proposal: Proposal, count: int, when: datetime.datetime) -> None:
    existing = set(Signature.objects.filter(proposal=proposal).values_list("email", flat=True))
    Signature.objects.bulk_create(
        [
            Signature(
                proposal=proposal,
                name=f"Invånare {i} (demo)",
                email=f"invanare-{i}@example.se",
                created_at=when,
                verified_at=when,
            )
            for i in range(1, count + 1)
            if f"invanare-{i}@example.se" not in existing
        ]
    )


def load(ctx: DemoContext) -> None:
    now = timezone.now()
    today = timezone.localdate()

    published = now - datetime.timedelta(days=20)
    collecting, _c = _proposal(
        ctx,
        COLLECTING,
        status=Proposal.Status.COLLECTING,
        created_at=published - datetime.timedelta(days=2),
        verified_at=published - datetime.timedelta(days=2),
        published_at=published,
        signing_ends=today + datetime.timedelta(days=settings.PROPOSALS_SIGNING_DAYS - 20),
        threshold=settings.PROPOSALS_THRESHOLD,
    )
    _sign(collecting, min(COLLECTING["signatures"], settings.PROPOSALS_THRESHOLD - 1), published)

    published = now - datetime.timedelta(days=120)
    reached = published + datetime.timedelta(days=40)
    answered_at = published + datetime.timedelta(days=100)
    answered, _c = _proposal(
        ctx,
        ANSWERED,
        status=Proposal.Status.ANSWERED,
        created_at=published - datetime.timedelta(days=3),
        verified_at=published - datetime.timedelta(days=3),
        published_at=published,
        signing_ends=published.date() + datetime.timedelta(days=settings.PROPOSALS_SIGNING_DAYS),
        threshold=settings.PROPOSALS_THRESHOLD,
        threshold_reached_at=reached,
        answer=ANSWERED["answer"],
        decision_date=(answered_at - datetime.timedelta(days=7)).date(),
        decision_paragraph=ANSWERED["paragraph"],
        decision=ANSWERED["decision"],
        answer_published_at=answered_at,
        closed_at=answered_at,
    )
    _sign(answered, answered.threshold + 8, reached)

    refused_at = now - datetime.timedelta(days=10)
    _proposal(
        ctx,
        REFUSED,
        status=Proposal.Status.REFUSED,
        created_at=refused_at - datetime.timedelta(days=2),
        verified_at=refused_at - datetime.timedelta(days=2),
        refusal_reason=REFUSED["reason"],
        refusal_comment=REFUSED["comment"],
        closed_at=refused_at,
    )
    ctx.stdout.write("E-proposals: 1 collecting, 1 answered, 1 refused\n")
