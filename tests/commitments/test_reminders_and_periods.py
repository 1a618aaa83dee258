"""Reminders before each deadline (once per person, period and threshold) and the locking of periods."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from commitments import services, tasks
from commitments.models import ReminderLog, Status
from styrmodell import access
from styrmodell import services as core_services
from styrmodell import tasks as core_tasks
from styrmodell.models import Period, PeriodReopening, Reporting, Step

from .conftest import make_report

SEVEN_DAYS_BEFORE_T2 = datetime.date(2026, 8, 25)
UNTIL = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


def test_it_reminds_reporters_and_managers_once(cworld, mailoutbox):
    sent = services.send_reminders(SEVEN_DAYS_BEFORE_T2)
    assert sent == 3
    by_recipient = {(m.to[0], "enheter" in m.subject) for m in mailoutbox}
    assert by_recipient == {
        ("manager@example.se", False),
        ("employee@example.se", False),
        ("manager@example.se", True),
    }
    employee_mail = next(m for m in mailoutbox if m.to == ["employee@example.se"])
    assert "Läsgrupper i åk 2" in employee_mail.body and "1 september 2026" in employee_mail.body
    summary = next(m for m in mailoutbox if "enheter" in m.subject)
    assert "Skola A: 2" in summary.body
    assert services.send_reminders(SEVEN_DAYS_BEFORE_T2) == 0
    assert len(mailoutbox) == 3
    assert ReminderLog.objects.filter(days_before=7).count() == 3


def test_it_sends_each_threshold_once_and_nothing_too_early(cworld, mailoutbox, settings):
    settings.REMINDER_DAYS = [14, 7]
    assert services.send_reminders(datetime.date(2026, 8, 10)) == 0
    assert services.send_reminders(datetime.date(2026, 8, 18)) == 3
    assert services.send_reminders(datetime.date(2026, 8, 20)) == 0
    assert services.send_reminders(SEVEN_DAYS_BEFORE_T2) == 3
    assert sorted(set(ReminderLog.objects.values_list("days_before", flat=True))) == [7, 14]


def test_it_does_not_remind_about_reported_or_finished_commitments(cworld, mailoutbox):
    make_report(cworld.personal, cworld.periods["t2"], Status.ON_TRACK)
    make_report(cworld.unit_c, cworld.periods["t1"], Status.DONE)
    services.send_reminders(SEVEN_DAYS_BEFORE_T2)
    assert [m.to[0] for m in mailoutbox] == []


def test_it_sends_reminders_from_the_command_and_the_task(cworld, mailoutbox):
    out = StringIO()
    call_command("send_reminders", "--date", "2026-08-25", stdout=out)
    assert "3" in out.getvalue() and len(mailoutbox) == 3
    assert tasks.send_reminders.delay().get() >= 0


def test_it_closes_the_staff_step_at_its_deadline_and_logs_it(cworld):
    t2 = cworld.periods["t2"]
    closed = core_services.close_due_steps(timezone.make_aware(datetime.datetime(2026, 9, 2, 8)))
    assert closed == [(t2, Step.STAFF)]
    t2.refresh_from_db()
    assert t2.staff_closed and t2.staff_closed_at is not None and not t2.is_closed
    assert t2.history.first().history_change_reason == "Stängd automatiskt vid sista rapportdag"


def test_it_closes_due_steps_from_the_scheduled_task(cworld, settings):
    assert "core-close-due-steps" in settings.CELERY_BEAT_SCHEDULE
    ye = cworld.periods["ye"]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Period.objects.filter(pk=ye.pk).update(deadline=yesterday, board_deadline=yesterday)
    assert [ye.pk, "board"] in core_tasks.close_due_steps.delay().get()
    ye.refresh_from_db()
    assert ye.is_closed and ye.staff_closed


def test_it_lets_an_admin_reopen_a_period_for_one_unit(client, cworld):
    t1, unit = cworld.periods["t1"], cworld.units["school_a"]
    client.force_login(cworld.users["admin"])
    response = client.post(
        reverse("reopening-create", args=[unit.code]),
        {
            "period": t1.pk,
            "step": "staff",
            "reason": "Rapporten kom bort",
            "until": UNTIL,
            "next": "/ataganden/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/ataganden/"
    reopening = PeriodReopening.objects.get()
    assert (reopening.unit, reopening.period, reopening.reason, reopening.reopened_by) == (
        unit,
        t1,
        "Rapporten kom bort",
        cworld.users["admin"],
    )
    assert reopening.history.count() == 1
    assert access.reporting_is_open(Period.objects.get(pk=t1.pk), unit, Reporting.STATUS)
    assert not access.reporting_is_open(
        Period.objects.get(pk=t1.pk), cworld.unit("school_b"), Reporting.STATUS
    )


def test_it_lets_the_board_secretary_reopen_and_close_again(client, cworld):
    t1, unit = cworld.periods["t1"], cworld.units["school_a"]
    client.force_login(cworld.users["secretary"])
    client.post(
        reverse("reopening-create", args=[unit.code]),
        {"period": t1.pk, "step": "staff", "reason": "Rättelse", "until": UNTIL},
    )
    reopening = PeriodReopening.objects.get()
    response = client.post(reverse("reopening-close", args=[reopening.code]))
    assert response.status_code == 302
    reopening.refresh_from_db()
    assert reopening.revoked_at is not None
    assert not access.reporting_is_open(Period.objects.get(pk=t1.pk), unit, Reporting.STATUS)


def test_it_refuses_reopening_to_managers_and_outsiders(client, cworld):
    t1, unit = cworld.periods["t1"], cworld.units["school_a"]
    url = reverse("reopening-create", args=[unit.code])
    data = {"period": t1.pk, "step": "staff", "reason": "x", "until": UNTIL}
    client.force_login(cworld.users["manager"])
    assert client.post(url, data).status_code == 403
    # The organisation is visible to every signed-in person, so refusing tells nothing new: 403.
    client.force_login(cworld.users["outsider"])
    assert client.post(url, data).status_code == 403
    assert not PeriodReopening.objects.exists()
