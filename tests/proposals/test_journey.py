"""The whole path of an e-proposal: a citizen submits and confirms, the board's secretary publishes, citizens sign
(one address counts once), the threshold is reached, the secretary records the answer and publishes it."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from proposals.models import Proposal, Signature

from .conftest import link_in


def sign(client, proposal, name, email):
    return client.post(
        reverse("proposals:proposal-sign", args=[proposal.code]), {"name": name, "email": email}
    )


def test_a_proposal_goes_from_submission_to_a_published_answer(world, client, settings, mailoutbox):
    settings.PROPOSALS_THRESHOLD = 2
    settings.PROPOSALS_SIGNING_DAYS = 30

    # Submit: stored unconfirmed, nothing public yet, a confirmation link by e-mail.
    response = client.post(
        reverse("proposals:proposal-create"),
        {
            "title": "Längre öppettider på biblioteket",
            "text": "Biblioteket borde vara öppet på söndagar.",
            "topic": "culture",
            "board": world.units["bun"].pk,
            "name": "En invånare",
            "email": " Invanare@Example.se ",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.UNVERIFIED
    assert proposal.submitter_email == "invanare@example.se"
    assert client.get(reverse("proposals:proposal-detail", args=[proposal.code])).status_code == 404
    assert len(mailoutbox) == 1
    confirm = link_in(mailoutbox[0])

    # Opening the link changes nothing; the button does, once.
    assert client.get(confirm).status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.UNVERIFIED
    response = client.post(confirm)
    assert response.status_code == 200
    assert "Tack" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING
    assert client.post(confirm).status_code == 410  # single use

    # The secretary of BUN publishes it: threshold and signing time fixed on the proposal.
    client.force_login(world.users["secretary"])
    response = client.get(reverse("proposals:moderation-list"))
    assert proposal.title in response.content.decode()
    response = client.post(reverse("proposals:proposal-publish", args=[proposal.code]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.COLLECTING
    assert proposal.threshold == 2
    # The signing time counts in the municipality's days: between midnight in Sweden and midnight UTC the UTC
    # date of publication is still the day before.
    published_on = timezone.localdate(proposal.published_at)
    assert proposal.signing_ends - published_on <= datetime.timedelta(days=30)
    settings.PROPOSALS_THRESHOLD = (
        500  # a later change of the setting does not move this proposal's threshold
    )
    client.logout()

    page = client.get(reverse("proposals:proposal-detail", args=[proposal.code]))
    assert page.status_code == 200
    assert "0 av 2 underskrifter" in page.content.decode()

    # A citizen signs twice with the same address (spelled differently): one signature.
    mailoutbox.clear()
    assert sign(client, proposal, "Första", "first@example.se").status_code == 302
    assert sign(client, proposal, "Första", "FIRST@example.se ").status_code == 302
    assert Signature.objects.filter(proposal=proposal).count() == 1
    for message in mailoutbox:
        client.post(link_in(message))
    assert Signature.objects.filter(proposal=proposal, verified_at__isnull=False).count() == 1
    # Signing again once confirmed stores nothing new and says so by e-mail only.
    mailoutbox.clear()
    sign(client, proposal, "Första", "first@example.se")
    assert Signature.objects.filter(proposal=proposal).count() == 1
    assert "redan" in mailoutbox[0].body
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.COLLECTING

    # A second person: the threshold is reached.
    mailoutbox.clear()
    sign(client, proposal, "Andra", "second@example.se")
    client.post(link_in(mailoutbox[0]))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.THRESHOLD
    page = client.get(reverse("proposals:proposal-detail", args=[proposal.code])).content.decode()
    assert "2 av 2 underskrifter" in page
    assert "Första" not in page and "first@example.se" not in page

    # The secretary records the answer and the decision, then publishes them.
    client.force_login(world.users["secretary"])
    listing = client.get(reverse("proposals:moderation-list") + "?visa=besvara").content.decode()
    assert proposal.title in listing
    response = client.post(
        reverse("proposals:answer-update", args=[proposal.code]),
        {
            "answer": "Nämnden ser positivt på förslaget.",
            "decision_date": "2026-05-12",
            "decision_paragraph": "§ 42",
            "decision": "Biblioteket öppnar på söndagar från hösten.",
        },
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(reverse("proposals:proposal-detail", args=[proposal.code])).content.decode()
    assert "Nämnden ser positivt" not in page  # not public until published

    client.force_login(world.users["secretary"])
    response = client.post(reverse("proposals:answer-publish", args=[proposal.code]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ANSWERED
    assert proposal.closed_at is not None
    client.logout()
    page = client.get(reverse("proposals:proposal-detail", args=[proposal.code])).content.decode()
    assert "Nämnden ser positivt" in page
    assert "§ 42" in page
    # Signing has stopped.
    assert sign(client, proposal, "Tredje", "third@example.se").status_code == 409

    # Every step is in the audit history, without the submitter's name or address.
    history = list(proposal.history.order_by("history_date").values_list("status", flat=True))
    assert history[0] == "unverified" and history[-1] == "answered"
    assert "threshold" in history
    assert not hasattr(proposal.history.first(), "submitter_email")


def test_an_expired_link_confirms_nothing(world, client, settings, mailoutbox, freezer=None):
    from django.utils import timezone

    client.post(
        reverse("proposals:proposal-create"),
        {
            "title": "Förslag",
            "text": "Text",
            "topic": "other",
            "board": world.units["sn"].pk,
            "name": "Någon",
            "email": "someone@example.se",
        },
    )
    proposal = Proposal.objects.get()
    Proposal.objects.filter(pk=proposal.pk).update(
        token_expires=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.post(link_in(mailoutbox[0])).status_code == 410
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.UNVERIFIED
    assert client.get("/e-forslag/bekrafta/not-a-token/").status_code == 410


def test_the_form_shows_errors_beside_the_fields_and_saves_nothing(world, client):
    response = client.post(reverse("proposals:proposal-create"), {"title": "   ", "email": "not-an-address"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_email_error"' in body and 'id="id_title_error"' in body
    assert "Obligatoriskt fält" in body or "Detta fält är obligatoriskt" in body
    assert Proposal.objects.count() == 0
