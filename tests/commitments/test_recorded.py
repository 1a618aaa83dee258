"""A new row with its history row (styrmodell/lib/recorded.py): the same history row simple-history writes, one
statement on PostgreSQL, nothing half-written when the row is refused, and the ORM wherever a receiver listens."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from commitments.models import Status, StatusReport
from styrmodell.lib import recorded
from styrmodell.lib.recorded import create_recorded

pytestmark = pytest.mark.django_db

HISTORY_COLUMNS = ["id", "code", "status", "comment", "reported_at", "version", "commitment_id", "period_id"]


def _history_row(report: StatusReport) -> dict:
    (row,) = StatusReport.history.filter(id=report.pk).values()
    return row


def test_the_row_and_its_history_are_what_the_orm_and_simple_history_write(cworld):
    manager, t2 = cworld.users["manager"], cworld.periods["t2"]
    when = timezone.now() - datetime.timedelta(minutes=5)
    made = create_recorded(
        StatusReport, by=manager, commitment=cworld.unit_c, period=t2, status=Status.AT_RISK,
        comment="Vikarier saknas", reported_by=manager, reported_at=when,
    )  # fmt: skip
    stored = StatusReport.objects.get(commitment=cworld.unit_c, period=t2)
    assert made.pk == stored.pk and not made._state.adding
    assert (stored.status, stored.comment, stored.reported_by_id, stored.reported_at, stored.version) == (
        Status.AT_RISK, "Vikarier saknas", manager.pk, when, 1,
    )  # fmt: skip
    assert stored.code == made.code

    # The same report written through the ORM, with simple-history's own receiver writing its history row.
    orm = StatusReport(
        commitment=cworld.other_c, period=t2, status=Status.AT_RISK, comment="Vikarier saknas",
        reported_by=manager, reported_at=when,
    )  # fmt: skip
    orm._history_user = manager
    orm.save()
    ours, theirs = _history_row(made), _history_row(orm)
    assert ours.keys() == theirs.keys()
    assert (ours["history_type"], ours["history_user_id"], ours["history_change_reason"]) == (
        "+",
        manager.pk,
        None,
    )
    assert (theirs["history_type"], theirs["history_user_id"], theirs["history_change_reason"]) == (
        "+", manager.pk, None,
    )  # fmt: skip
    for column in HISTORY_COLUMNS:
        assert ours[column] == getattr(stored, column)
    assert abs(ours["history_date"] - timezone.now()) < datetime.timedelta(minutes=1)


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_report_and_its_history_are_one_statement(cworld):
    if connection.vendor != "postgresql":
        pytest.skip("the single statement is PostgreSQL's; elsewhere the ORM writes (the test above)")
    with CaptureQueriesContext(connection) as captured:
        create_recorded(
            StatusReport, by=cworld.users["manager"], commitment=cworld.unit_c, period=cworld.periods["t2"],
            status=Status.DONE,
        )  # fmt: skip
    assert [q["sql"].split()[0] for q in captured.captured_queries] == ["WITH"]
    assert connection.get_autocommit() and not connection.in_atomic_block
    assert StatusReport.history.filter(commitment_id=cworld.unit_c.pk).count() == 1


def test_a_refused_row_leaves_nothing_and_the_callers_transaction_usable(cworld):
    t2 = cworld.periods["t2"]
    first = create_recorded(StatusReport, by=None, commitment=cworld.unit_c, period=t2, status=Status.DONE)
    with transaction.atomic():
        with pytest.raises(IntegrityError):
            create_recorded(StatusReport, by=None, commitment=cworld.unit_c, period=t2, status=Status.DELAYED)
        # Still usable: a savepoint took the refused statement back.
        assert StatusReport.objects.filter(commitment=cworld.unit_c).count() == 1
    assert StatusReport.objects.get(commitment=cworld.unit_c, period=t2).status == Status.DONE
    assert list(StatusReport.history.filter(commitment_id=cworld.unit_c.pk).values_list("id", flat=True)) == [
        first.pk
    ]


def test_with_another_receiver_listening_the_orm_writes_and_the_receiver_hears_it(cworld):
    heard = []

    def listener(sender, instance, created, **kwargs):
        heard.append((instance.pk, created))

    post_save.connect(listener, sender=StatusReport)
    try:
        made = create_recorded(
            StatusReport, by=cworld.users["manager"], commitment=cworld.unit_c, period=cworld.periods["t2"],
            status=Status.DONE,
        )  # fmt: skip
    finally:
        post_save.disconnect(listener, sender=StatusReport)
    assert heard == [(made.pk, True)]
    assert _history_row(made)["history_user_id"] == cworld.users["manager"].pk


def test_with_history_turned_off_no_history_row_is_written(cworld):
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        made = create_recorded(
            StatusReport, by=None, commitment=cworld.unit_c, period=cworld.periods["t2"], status=Status.DONE
        )
    assert StatusReport.objects.filter(pk=made.pk).exists()
    assert not StatusReport.history.filter(id=made.pk).exists()


def test_the_statement_is_built_for_the_status_report_on_postgresql_only(cworld):
    statement = recorded._statement(StatusReport, "default")
    if connection.vendor == "postgresql":
        assert statement.startswith('WITH new_row AS (INSERT INTO "commitments_statusreport"')
        assert '"history_user_id"' in statement and "'+'" in statement
    else:
        assert statement is None
