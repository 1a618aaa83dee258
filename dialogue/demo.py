"""Demo data: a conversation on the employee commitment of Aspenskolan's teacher. The principal asks a question
and mentions the teacher, who answers; both are told (the bell), no e-mail is sent.

Idempotent: a comment is looked up by its commitment, author and text."""

from __future__ import annotations

from django.utils import timezone

from commitments.models import Commitment
from styrmodell.demo import DemoContext

from . import services
from .models import Comment, Notification
from .targets import TARGETS

COMMITMENT = "Högläsning varje dag i åk 1–3"
# (author, text, mentioned usernames)
THREAD = [
    (
        "chef-aspen",
        "Fint att rutinen är på plats! @medarbetare-aspen, vill du berätta om den på nästa arbetsplatsträff?",
        ["medarbetare-aspen"],
    ),
    ("medarbetare-aspen", "Gärna, jag tar med några av elevernas boktips.", []),
]


def load(ctx: DemoContext) -> None:
    year = ctx.years[timezone.localdate().year]
    commitment = Commitment.objects.filter(year=year, title=COMMITMENT).first()
    if commitment is None:
        return
    target = TARGETS["commitment"]
    for author_key, text, mentioned_keys in THREAD:
        author = ctx.users[author_key]
        if Comment.objects.filter(commitment=commitment, author=author, text=text).exists():
            continue
        comment = services.add_comment(
            target, commitment, author=author, text=text, mentioned=[ctx.users[k] for k in mentioned_keys]
        )
        # Demo people have made-up addresses: their notifications count as e-mailed already.
        Notification.objects.filter(comment=comment).update(emailed_at=timezone.now())
    ctx.stdout.write("Dialogue: a conversation on an employee commitment\n")
