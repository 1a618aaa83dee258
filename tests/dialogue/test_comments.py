"""Comments with mentions on commitments, status reports, goal assessments and reports."""

from __future__ import annotations

from django.urls import reverse

from dialogue.models import Comment, Notification


def comment_url(slug: str, *args) -> str:
    name = "dialogue:comment-create-assessment" if len(args) == 2 else "dialogue:comment-create"
    return reverse(name, args=[slug, *args])


def test_it_shows_the_thread_on_the_commitment_page(client, dworld) -> None:
    Comment.objects.create(
        commitment=dworld.personal, author=dworld.users["manager"], text="Hur går läsgrupperna?"
    )
    client.force_login(dworld.users["employee"])
    response = client.get(reverse("commitments:commitment-detail", args=[dworld.personal.code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hur går läsgrupperna?" in body
    assert "Publicera kommentar" in body


def test_a_manager_mentions_the_employee_who_is_notified_and_answers(
    client, dworld, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    manager, employee = dworld.users["manager"], dworld.users["employee"]
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            comment_url("atagande", dworld.personal.code),
            {"text": "Bra jobbat @employee! Kan du visa underlaget?"},
        )
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("commitments:commitment-detail", args=[dworld.personal.code])
    )
    comment = Comment.objects.get()
    assert comment.commitment_id == dworld.personal.pk
    assert list(comment.mentions.all()) == [employee]
    notification = Notification.objects.get(recipient=employee)
    assert notification.kind == Notification.Kind.MENTION
    assert f"#comment-{comment.code}" in notification.url
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [employee.email]
    assert notification.url in mailoutbox[0].body

    client.force_login(employee)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            comment_url("atagande", dworld.personal.code), {"text": "Ja, jag laddar upp det i morgon."}
        )
    answer = Notification.objects.get(recipient=manager)
    assert answer.kind == Notification.Kind.COMMENT
    assert Comment.objects.count() == 2


def test_it_refuses_to_mention_someone_who_may_not_see_the_commitment(client, dworld) -> None:
    client.force_login(dworld.users["manager"])
    response = client.post(comment_url("atagande", dworld.personal.code), {"text": "Se detta @board_member"})
    assert response.status_code == 200
    assert "@board_member" in response.content.decode()
    assert "Bara personer som får se" in response.content.decode()
    assert not Comment.objects.exists()
    assert not Notification.objects.exists()


def test_the_picker_offers_only_people_who_may_see_the_object(client, dworld) -> None:
    client.force_login(dworld.users["manager"])
    body = client.get(reverse("commitments:commitment-detail", args=[dworld.personal.code])).content.decode()
    assert "@employee" in body
    assert "@board_member" not in body and "@secretary" not in body


def test_a_picked_person_is_notified(client, dworld) -> None:
    client.force_login(dworld.users["employee"])
    manager = dworld.users["manager"]
    client.post(comment_url("atagande", dworld.unit_c.code), {"text": "Fråga", "notify": [manager.pk]})
    assert Notification.objects.filter(recipient=manager, kind=Notification.Kind.MENTION).exists()


def test_comments_on_a_status_report_an_assessment_and_a_report(client, dworld) -> None:
    client.force_login(dworld.users["manager"])
    client.post(comment_url("statusrapport", dworld.status.code), {"text": "Om statusen"})
    client.force_login(dworld.users["board_member"])
    client.post(
        comment_url("bedomning", dworld.goal.code, dworld.periods["t2"].code), {"text": "Om bedömningen"}
    )
    client.post(comment_url("rapport", dworld.report.code), {"text": "Om rapporten"})
    assert Comment.objects.filter(status_report=dworld.status).count() == 1
    assert Comment.objects.filter(assessment=dworld.assessment).count() == 1
    assert Comment.objects.filter(report=dworld.report).count() == 1
    # The secretary who assessed the goal follows its thread.
    assert Notification.objects.filter(recipient=dworld.users["secretary"], kind="comment").count() == 1
    page = client.get(
        reverse("dialogue:thread-assessment", args=["bedomning", dworld.goal.code, dworld.periods["t2"].code])
    )
    assert "Om bedömningen" in page.content.decode()


def test_an_outsider_gets_404_and_nothing_is_saved(client, dworld) -> None:
    client.force_login(dworld.users["outsider"])
    assert client.post(comment_url("atagande", dworld.unit_c.code), {"text": "Hej"}).status_code == 404
    client.force_login(dworld.users["board_member"])
    # A personal commitment is not the board's business: 404 even for the board.
    assert client.post(comment_url("atagande", dworld.personal.code), {"text": "Hej"}).status_code == 404
    assert client.get(reverse("dialogue:thread", args=["atagande", dworld.personal.code])).status_code == 404
    assert not Comment.objects.exists()


def test_a_closed_year_is_read_only(client, dworld) -> None:
    dworld.year.is_closed = True
    dworld.year.save(update_fields=["is_closed"])
    client.force_login(dworld.users["manager"])
    assert client.post(comment_url("atagande", dworld.personal.code), {"text": "Sent"}).status_code == 403
    assert not Comment.objects.exists()


def test_get_never_changes_state(client, dworld) -> None:
    client.force_login(dworld.users["manager"])
    assert client.get(comment_url("atagande", dworld.personal.code)).status_code == 405


def test_comments_keep_a_history(client, dworld) -> None:
    client.force_login(dworld.users["manager"])
    client.post(comment_url("atagande", dworld.personal.code), {"text": "Historik"})
    assert Comment.history.count() == 1
