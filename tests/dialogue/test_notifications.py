"""Notifications: the bell, the list that marks read, e-mail per kind (sent once), deadlines and reopenings."""

from __future__ import annotations

import datetime

from django.urls import reverse

from dialogue import services, tasks
from dialogue.models import Notification, NotificationPreference
from styrmodell.models import PeriodReopening


def make_notification(person, key: str = "k1", kind: str = Notification.Kind.COMMENT) -> Notification:
    return Notification.objects.create(
        recipient=person, kind=kind, text="Något hände", url="/ataganden/", key=key
    )


def test_the_bell_shows_the_unread_count(client, dworld) -> None:
    employee = dworld.users["employee"]
    make_notification(employee, "a")
    make_notification(employee, "b")
    client.force_login(employee)
    body = client.get(reverse("home")).content.decode()
    assert 'class="bell-count">2<' in body


def test_the_bell_adds_at_most_one_query(client, dworld, django_assert_num_queries, monkeypatch) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(dworld.users["manager"])
    url = reverse("commitments:commitment-detail", args=[dworld.unit_c.code])
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as with_bell:
        assert client.get(url).status_code == 200
    monkeypatch.setattr("dialogue.templatetags.dialogue.unread_count_for", lambda user: 0)
    with CaptureQueriesContext(connection) as without_bell:
        client.get(url)
    assert len(with_bell) - len(without_bell) == 1
    with django_assert_num_queries(len(without_bell)):
        client.get(url)


def test_opening_a_notification_marks_it_read_and_goes_to_it(client, dworld) -> None:
    employee = dworld.users["employee"]
    notification = make_notification(employee)
    client.force_login(employee)
    page = client.get(reverse("dialogue:notification-list"))
    assert "Något hände" in page.content.decode()
    response = client.post(reverse("dialogue:notification-open", args=[notification.code]))
    assert response.status_code == 302 and response["Location"] == "/ataganden/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read(client, dworld) -> None:
    employee = dworld.users["employee"]
    make_notification(employee, "a")
    make_notification(employee, "b")
    client.force_login(employee)
    client.post(reverse("dialogue:notification-read-all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_someone_elses_notification_is_404(client, dworld) -> None:
    notification = make_notification(dworld.users["employee"])
    client.force_login(dworld.users["manager"])
    assert client.post(reverse("dialogue:notification-open", args=[notification.code])).status_code == 404
    assert client.get(reverse("dialogue:notification-open", args=[notification.code])).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_each_person_chooses_e_mail_per_kind(
    client, dworld, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    employee = dworld.users["employee"]
    client.force_login(employee)
    assert client.get(reverse("dialogue:preferences")).status_code == 200
    response = client.post(reverse("dialogue:preferences"), {"deadline": "on", "comment": "on"})
    assert response.status_code == 302
    assert dict(NotificationPreference.objects.filter(user=employee).values_list("kind", "email")) == {
        "deadline": True,
        "comment": True,
        "mention": False,
        "reopening": False,
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(employee, Notification.Kind.MENTION, text="Nämnd", url="/", key="m")
        services.notify(employee, Notification.Kind.COMMENT, text="Kommentar", url="/", key="c")
    assert [m.subject for m in mailoutbox] == ["Kommentar"]


def test_an_e_mail_is_never_sent_twice(dworld, mailoutbox, django_capture_on_commit_callbacks) -> None:
    employee = dworld.users["employee"]
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(
            employee, Notification.Kind.COMMENT, text="En gång", url="/x/", key="once"
        )
        again = services.notify(employee, Notification.Kind.COMMENT, text="En gång", url="/x/", key="once")
    assert again is None
    assert tasks.send_notification_email(notification.pk) is False  # a second run of the task
    assert len(mailoutbox) == 1
    assert "http://127.0.0.1:8000/x/" in mailoutbox[0].body


def test_deadline_notifications_are_made_once(dworld) -> None:
    t2 = dworld.periods["t2"]
    day = t2.deadline - datetime.timedelta(days=5)
    made = services.deadline_notifications(day)
    assert made >= 1
    notification = Notification.objects.get(recipient=dworld.users["manager"], kind="deadline")
    assert str(t2) in notification.text
    assert services.deadline_notifications(day) == 0


def test_a_reopening_notifies_the_unit(dworld) -> None:
    reopening = PeriodReopening.objects.create(
        period=dworld.periods["t1"],
        unit=dworld.unit("school_a"),
        reason="Rättelse",
        until=datetime.date(2026, 12, 1),
        reopened_by=dworld.users["admin"],
    )
    recipients = set(
        Notification.objects.filter(kind="reopening").values_list("recipient__username", flat=True)
    )
    assert recipients == {"manager", "employee"}
    reopening.save()  # a change is no new reopening
    assert Notification.objects.filter(kind="reopening").count() == 2
