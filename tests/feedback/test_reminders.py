"""Daily reminders of overdue cases: to the person handling the case, else the unit's managers; once each."""

from __future__ import annotations

import datetime

from feedback import services

from .conftest import backdate, make_case


def test_overdue_cases_are_reminded_once(world, mailoutbox) -> None:
    today = datetime.date(2026, 6, 15)
    unassigned = backdate(make_case(world.units["school_a"]), today - datetime.timedelta(days=5))
    assert services.send_reminders(today) == 1
    assert mailoutbox[0].to == [world.users["manager"].email]
    assert unassigned.number in mailoutbox[0].subject
    assert services.send_reminders(today) == 0
    # Later it is overdue for its answer too: one more reminder, to the person now handling it.
    unassigned.assignee = world.users["manager"]
    unassigned.acknowledged_at = unassigned.received_at
    unassigned.status = unassigned.Status.ACKNOWLEDGED
    unassigned.save()
    later = today + datetime.timedelta(days=20)
    assert services.send_reminders(later) == 1
    assert services.send_reminders(later) == 0
    assert len(mailoutbox) == 2


def test_cases_within_their_deadlines_and_answered_cases_are_not_reminded(world, mailoutbox) -> None:
    today = datetime.date(2026, 6, 15)
    backdate(make_case(world.units["school_a"]), today)
    backdate(make_case(world.units["school_a"]), today - datetime.timedelta(days=30), answered=today)
    assert services.send_reminders(today) == 0
    assert mailoutbox == []
