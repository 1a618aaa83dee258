"""Moderation by the board's secretary: publish, refuse with a reason from the published rules (e-mailed to the
submitter), and who may do it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from proposals.models import Proposal

from .conftest import make_proposal


def test_the_secretary_refuses_with_a_reason_and_the_submitter_is_told(world, client, mailoutbox):
    proposal = make_proposal(world, status=Proposal.Status.PENDING, title="Köp min bil")
    client.force_login(world.users["secretary"])
    response = client.post(
        reverse("proposals:proposal-refuse", args=[proposal.code]),
        {"reason": "advertising", "comment": "Förslaget gör reklam för en privat försäljning."},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REFUSED
    assert proposal.refusal_reason == "advertising"
    assert proposal.closed_at is not None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["forslag@example.se"]
    assert "Reklam" in mailoutbox[0].body
    assert "privat försäljning" in mailoutbox[0].body
    # A refused proposal is not public.
    client.logout()
    assert client.get(reverse("proposals:proposal-detail", args=[proposal.code])).status_code == 404
    # The refusal is in the audit history with who did it.
    last = proposal.history.order_by("-history_date").first()
    assert last.status == "refused" and last.history_user == world.users["secretary"]


def test_a_refusal_needs_a_reason_from_the_rules_and_a_comment(world, client, mailoutbox):
    proposal = make_proposal(world, status=Proposal.Status.PENDING)
    client.force_login(world.users["secretary"])
    response = client.post(
        reverse("proposals:proposal-refuse", args=[proposal.code]),
        {"reason": "i-dont-like-it", "comment": ""},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_reason_error"' in body and 'id="id_comment_error"' in body
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING
    assert mailoutbox == []


def test_a_published_proposal_cannot_be_refused_or_published_again(world, client):
    proposal = make_proposal(world)
    client.force_login(world.users["secretary"])
    client.post(reverse("proposals:proposal-publish", args=[proposal.code]))
    client.post(
        reverse("proposals:proposal-refuse", args=[proposal.code]), {"reason": "offensive", "comment": "x"}
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.COLLECTING
    assert proposal.refusal_reason == ""


def test_the_answer_cannot_be_published_before_the_threshold(world, client):
    proposal = make_proposal(world)
    client.force_login(world.users["secretary"])
    response = client.post(
        reverse("proposals:answer-update", args=[proposal.code]),
        {"answer": "Svar", "decision_date": "2026-05-01", "decision_paragraph": "§ 1", "decision": "Beslut"},
    )
    assert response.status_code == 302
    client.post(reverse("proposals:answer-publish", args=[proposal.code]))
    proposal.refresh_from_db()
    assert proposal.answer == "" and proposal.status == Proposal.Status.COLLECTING


def test_the_rules_are_public(client, db):
    body = client.get(reverse("proposals:rules")).content.decode()
    for reason in ("Strider mot lag", "Kränkande", "Inte kommunens ansvar", "Redan behandlat", "Reklam"):
        assert reason in body


# --- permission matrix -----------------------------------------------------------------------------------------

STAFF_PAGES = ["detail", "publish", "refuse", "answer", "answer-publish"]


def _request(client, page: str, proposal: Proposal):
    code = [proposal.code]
    if page == "detail":
        return client.get(reverse("proposals:moderation-detail", args=code))
    if page == "publish":
        return client.post(reverse("proposals:proposal-publish", args=code))
    if page == "refuse":
        return client.post(
            reverse("proposals:proposal-refuse", args=code), {"reason": "offensive", "comment": "x"}
        )
    if page == "answer":
        return client.post(reverse("proposals:answer-update", args=code), {"answer": "x"})
    return client.post(reverse("proposals:answer-publish", args=code))


@pytest.mark.parametrize("page", STAFF_PAGES)
@pytest.mark.parametrize(
    "persona, expected",
    [
        ("secretary", {200, 302}),  # BUN's secretary: their board
        ("admin", {200, 302}),  # municipality-wide administrator
        ("sn_secretary", {404}),  # another board's secretary: nothing leaks
        ("board_member", {404}),
        ("manager", {404}),
        ("employee", {404}),
        ("outsider", {404}),
        ("anonymous", {302}),  # sent to the login page
    ],
)
def test_who_moderates_a_proposal_to_bun(world, client, other_secretary, page, persona, expected):
    proposal = make_proposal(world, status=Proposal.Status.PENDING)
    if persona == "sn_secretary":
        client.force_login(other_secretary)
    elif persona != "anonymous":
        client.force_login(world.users[persona])
    response = _request(client, page, proposal)
    assert response.status_code in expected
    if persona == "anonymous":
        assert response.url.startswith(reverse("login"))
    if expected == {404} or persona == "anonymous":
        proposal.refresh_from_db()
        assert proposal.status == Proposal.Status.PENDING


@pytest.mark.parametrize(
    "persona, status",
    [("secretary", 200), ("admin", 200), ("employee", 403), ("manager", 403), ("council", 403)],
)
def test_the_staff_list_is_for_moderators(world, client, persona, status):
    client.force_login(world.users[persona])
    assert client.get(reverse("proposals:moderation-list")).status_code == status


def test_the_staff_list_shows_only_the_secretarys_boards(world, client, other_secretary):
    make_proposal(world, board="bun", status=Proposal.Status.PENDING, title="Till BUN")
    make_proposal(world, board="sn", status=Proposal.Status.PENDING, title="Till SN")
    make_proposal(world, board="kf", status=Proposal.Status.PENDING, title="Till KF")
    client.force_login(world.users["secretary"])
    body = client.get(reverse("proposals:moderation-list")).content.decode()
    assert "Till BUN" in body and "Till SN" not in body and "Till KF" not in body
    client.force_login(other_secretary)
    body = client.get(reverse("proposals:moderation-list")).content.decode()
    assert "Till SN" in body and "Till BUN" not in body
    # Proposals to the council: the municipality-wide administrator.
    client.force_login(world.users["admin"])
    body = client.get(reverse("proposals:moderation-list")).content.decode()
    assert "Till BUN" in body and "Till SN" in body and "Till KF" in body


def test_the_staff_menu_shows_e_proposals_to_secretaries_only(world, client):
    client.force_login(world.users["secretary"])
    assert reverse("proposals:moderation-list") in client.get(reverse("unit-list")).content.decode()
    client.force_login(world.users["employee"])
    assert reverse("proposals:moderation-list") not in client.get(reverse("unit-list")).content.decode()


def test_an_unconfirmed_proposal_is_nobodys_to_moderate(world, client):
    proposal = make_proposal(world, status=Proposal.Status.UNVERIFIED, verified_at=None)
    client.force_login(world.users["secretary"])
    assert client.get(reverse("proposals:moderation-detail", args=[proposal.code])).status_code == 404


@pytest.mark.parametrize("rows", [1, 15])
def test_the_lists_query_count_does_not_grow(world, client, django_assert_max_num_queries, rows):
    for i in range(rows):
        make_proposal(world, status=Proposal.Status.PENDING, title=f"Förslag {i}")
        make_proposal(world, title=f"Publicerat {i}")
    client.force_login(world.users["secretary"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("proposals:moderation-list")).status_code == 200
    client.logout()
    with django_assert_max_num_queries(6):
        assert client.get(reverse("proposals:proposal-list")).status_code == 200
