"""The demo municipality holds a conversation: a comment with a mention on an employee commitment, and the answer."""

from __future__ import annotations

import io

from django.core.management import call_command

from dialogue.models import Comment, Notification


def test_the_demo_has_a_conversation_with_a_mention_once(db, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    comments = list(Comment.objects.order_by("created").select_related("author", "commitment__owner"))
    assert [c.author.username for c in comments] == ["chef-aspen", "medarbetare-aspen"]
    assert comments[0].commitment.owner.username == "medarbetare-aspen"
    assert [m.username for m in comments[0].mentions.all()] == ["medarbetare-aspen"]
    mention = Notification.objects.get(kind=Notification.Kind.MENTION)
    assert mention.recipient.username == "medarbetare-aspen" and mention.emailed_at is not None
    assert Notification.objects.filter(
        recipient__username="chef-aspen", kind=Notification.Kind.COMMENT
    ).exists()
    call_command("load_demo", stdout=io.StringIO())
    assert Comment.objects.count() == 2
