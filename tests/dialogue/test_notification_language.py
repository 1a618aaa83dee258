"""Notifications speak the recipient's language: the one chosen on their profile, else the municipality's."""

from __future__ import annotations

from accounts.models import Profile
from dialogue import services
from dialogue.models import Notification
from dialogue.targets import TARGETS


def test_a_notification_and_its_e_mail_use_the_recipients_language(
    dworld, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    employee, manager = dworld.users["employee"], dworld.users["manager"]
    Profile.objects.update_or_create(user=employee, defaults={"language": "en"})
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(
            TARGETS["commitment"],
            dworld.personal,
            author=manager,
            text="Bra jobbat @employee",
            mentioned=[employee],
        )
    notification = Notification.objects.get(recipient=employee)
    assert "mentioned you in a comment on" in notification.text
    (mail,) = [m for m in mailoutbox if m.to == [employee.email]]
    assert mail.body.startswith("Hello ") and "Open it here:" in mail.body


def test_without_a_choice_the_notification_is_in_swedish(
    dworld, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    employee, manager = dworld.users["employee"], dworld.users["manager"]
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(
            TARGETS["commitment"],
            dworld.personal,
            author=manager,
            text="Bra jobbat @employee",
            mentioned=[employee],
        )
    assert "nämnde dig i en kommentar" in Notification.objects.get(recipient=employee).text
    (mail,) = [m for m in mailoutbox if m.to == [employee.email]]
    assert mail.body.startswith("Hej ")
