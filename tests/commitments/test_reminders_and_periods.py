"""Reminders before each deadline (once per person, period and threshold) and the locking of periods."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from commitments import services, tasks
from commitments.models import PeriodReopening, ReminderLog, Status
from styrmodell.models import Period

from .conftest import make_report

SEVEN_DAYS_BEFORE_T2 = datetime.date(2026, 8, 25)


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


def test_it_closes_periods_at_their_deadline_and_logs_it(cworld):
    t2 = cworld.periods["t2"]
    closed = services.close_due_periods(timezone.make_aware(datetime.datetime(2026, 9, 2, 8)))
    assert closed == [t2]
    t2.refresh_from_db()
    assert t2.is_closed and t2.closed_at is not None
    assert t2.history.first().history_change_reason == "Stängd automatiskt vid sista rapportdag"


def test_it_closes_due_periods_from_the_scheduled_task(cworld, settings):
    assert "commitments-close-due-periods" in settings.CELERY_BEAT_SCHEDULE
    ye = cworld.periods["ye"]
    Period.objects.filter(pk=ye.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    assert ye.pk in tasks.close_due_periods.delay().get()
    ye.refresh_from_db()
    assert ye.is_closed


def test_it_lets_an_admin_reopen_a_period_for_one_unit(client, cworld):
    t1, unit = cworld.periods["t1"], cworld.units["school_a"]
    client.force_login(cworld.users["admin"])
    response = client.post(
        reverse("commitments:reopening-create", args=[unit.code]),
        {"period": t1.pk, "reason": "Rapporten kom bort", "until": "2026-12-01"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("commitments:unit-commitments", args=[unit.code])
    reopening = PeriodReopening.objects.get()
    assert (reopening.unit, reopening.period, reopening.reason, reopening.reopened_by) == (
        unit,
        t1,
        "Rapporten kom bort",
        cworld.users["admin"],
    )
    assert reopening.history.count() == 1
    assert services.period_is_open_for(t1, unit)
    assert not services.period_is_open_for(t1, cworld.unit("school_b"))


def test_it_lets_the_board_secretary_reopen_and_close_again(client, cworld):
    t1, unit = cworld.periods["t1"], cworld.units["school_a"]
    client.force_login(cworld.users["secretary"])
    client.post(
        reverse("commitments:reopening-create", args=[unit.code]), {"period": t1.pk, "reason": "Rättelse"}
    )
    reopening = PeriodReopening.objects.get()
    response = client.post(reverse("commitments:reopening-close", args=[reopening.code]))
    assert response.status_code == 302
    reopening.refresh_from_db()
    assert reopening.revoked_at is not None
    assert not services.period_is_open_for(t1, unit)


def test_it_refuses_reopening_to_managers_and_outsiders(client, cworld):
    t1, unit = cworld.periods["t1"], cworld.units["school_a"]
    url = reverse("commitments:reopening-create", args=[unit.code])
    client.force_login(cworld.users["manager"])
    assert client.post(url, {"period": t1.pk, "reason": "x"}).status_code == 403
    client.force_login(cworld.users["outsider"])
    assert client.post(url, {"period": t1.pk, "reason": "x"}).status_code == 404
    assert not PeriodReopening.objects.exists()
