"""Who gets what from the dialogue, persona by persona: comments and files follow their object's own rule
(employee commitments and their dialogue are personal data: the employee, the managers above, administrators);
notifications are their recipient's alone; search shows only what one may see; the medarbetarsamtal page is for
the employee, the managers above and administrators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dialogue.models import Attachment, Comment, Notification
from dialogue.search import search

from .conftest import upload

PERSONAS = [
    "admin",
    "council",
    "board_member",
    "secretary",
    "manager",
    "employee",
    "controller",
    "ic_officer",
    "outsider",
    "other_board_member",
]
# Who sees the employee's commitment (and so its comments, files and the medarbetarsamtal page).
PERSONAL = {"admin", "manager", "employee"}
# Who sees the unit commitment of Skola A: everyone in line with the unit.
UNIT = {"admin", "council", "board_member", "secretary", "manager", "employee", "controller", "ic_officer"}
# Who reads BUN's report and its internal control.
BOARD = {"admin", "council", "board_member", "secretary", "manager", "employee", "controller", "ic_officer"}


@pytest.fixture
def objects(dworld):
    personal_comment = Comment.objects.create(
        commitment=dworld.personal, author=dworld.users["manager"], text="p"
    )
    Attachment.objects.create(
        status_report=dworld.status,
        name="a.pdf",
        content_type="application/pdf",
        size=1,
        uploaded_by=dworld.users["employee"],
        file="dialogue/missing.pdf",
    )
    notification = Notification.objects.create(
        recipient=dworld.users["employee"],
        kind="comment",
        text="t",
        url="/",
        key="k",
        comment=personal_comment,
    )
    return dworld, notification


@pytest.mark.parametrize("persona", PERSONAS)
def test_threads(client, objects, persona) -> None:
    w, _notification = objects
    client.force_login(w.users[persona])
    expected = {
        reverse("dialogue:thread", args=["atagande", w.personal.code]): persona in PERSONAL,
        reverse("dialogue:thread", args=["statusrapport", w.status.code]): persona in PERSONAL,
        reverse("dialogue:thread", args=["atagande", w.unit_c.code]): persona in UNIT,
        reverse("dialogue:thread", args=["rapport", w.report.code]): persona in BOARD,
        reverse("dialogue:thread", args=["kontroll", w.control.code]): persona in BOARD,
        reverse("dialogue:thread", args=["kontrollresultat", w.result.code]): persona in BOARD,
        reverse("dialogue:thread-assessment", args=["bedomning", w.goal.code, w.periods["t2"].code]): persona
        in BOARD,
    }
    for url, sees in expected.items():
        assert client.get(url).status_code == (200 if sees else 404), (persona, url)


@pytest.mark.parametrize("persona", PERSONAS)
def test_comments_and_files_on_personal_data(client, objects, persona) -> None:
    w, _notification = objects
    client.force_login(w.users[persona])
    attachment = Attachment.objects.get()
    # The file row exists but its file is gone: those who may see get 404 from the storage, which says nothing;
    # those who may not see never reach it. The comment form answers 302 (saved) or 404.
    response = client.post(
        reverse("dialogue:comment-create", args=["atagande", w.personal.code]), {"text": "hej"}
    )
    assert response.status_code == (302 if persona in PERSONAL else 404), persona
    response = client.post(
        reverse("dialogue:attachment-create", args=["statusrapport", w.status.code]), {"file": upload()}
    )
    can_report = {"manager", "employee"}
    expected = 302 if persona in can_report else (403 if persona in PERSONAL else 404)
    assert response.status_code == expected, persona
    assert client.post(reverse("dialogue:attachment-delete", args=[attachment.code])).status_code in (
        (302,) if persona in can_report else (403,) if persona in PERSONAL else (404,)
    ), persona


@pytest.mark.parametrize("persona", PERSONAS)
def test_notifications_are_their_recipients(client, objects, persona) -> None:
    w, notification = objects
    client.force_login(w.users[persona])
    status = client.post(reverse("dialogue:notification-open", args=[notification.code])).status_code
    assert status == (302 if persona == "employee" else 404)
    assert client.get(reverse("dialogue:notification-list")).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_search_and_the_development_talk(client, objects, persona) -> None:
    w, _notification = objects
    user = w.users[persona]
    hits = {g.key: [h.title for h in g.hits] for g in search(user, "läsgrupper")}
    assert ("Läsgrupper i åk 2" in hits.get("commitments", [])) == (persona in PERSONAL), persona
    client.force_login(user)
    url = reverse("dialogue:development-talk", args=[w.users["employee"].code]) + "?ar=2026"
    assert client.get(url).status_code == (200 if persona in PERSONAL else 404), persona


def test_anonymous_visitors_are_sent_to_login(client, objects) -> None:
    w, notification = objects
    for url in [
        reverse("dialogue:search"),
        reverse("dialogue:notification-list"),
        reverse("dialogue:thread", args=["atagande", w.unit_c.code]),
        reverse("dialogue:attachment-download", args=[Attachment.objects.get().code]),
        reverse("dialogue:development-talk", args=[w.users["employee"].code]),
    ]:
        assert client.get(url).status_code == 302
