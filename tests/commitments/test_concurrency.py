"""Two people save the same commitment or report: the second save, based on the version both opened, is refused
with what the first person saved, and nothing is overwritten.

On PostgreSQL the two editors are two threads with their own connections and overlapping transactions: the second
reads, the first saves and commits, then the second tries to save inside its still-open transaction. On SQLite
(one writer at a time) the same optimistic-locking path runs in the same order without threads.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse

from commitments import services
from commitments.models import Commitment, Status, StatusReport

from .conftest import make_report


def _save_report(world, version, status, comment, user):
    commitment = Commitment.objects.select_related("unit", "year").get(pk=world.unit_c.pk)
    return services.save_report(
        commitment, world.periods["t2"], status=status, comment=comment, version=version, by=user
    )


def _save_commitment(world, version, title, user):
    commitment = Commitment.objects.get(pk=world.unit_c.pk)
    return services.save_commitment(commitment, version=version, fields={"title": title})


def _two_editors(first_save, second_save, read_version):
    """Run the second editor's read, then the first editor's save and commit, then the second's save; return
    (first result, second result or exception)."""
    outcome: dict[str, object] = {}
    if connection.vendor != "postgresql":
        opened = read_version()
        outcome["first"] = first_save()
        try:
            outcome["second"] = second_save(opened)
        except services.Conflict as conflict:
            outcome["second"] = conflict
        return outcome["first"], outcome["second"]

    second_has_read = threading.Event()
    first_committed = threading.Event()

    def second() -> None:
        try:
            with transaction.atomic():
                opened = read_version()
                second_has_read.set()
                first_committed.wait(30)
                try:
                    outcome["second"] = second_save(opened)
                except services.Conflict as conflict:
                    outcome["second"] = conflict
        finally:
            connection.close()

    def first() -> None:
        try:
            second_has_read.wait(30)
            with transaction.atomic():
                outcome["first"] = first_save()
        finally:
            first_committed.set()
            connection.close()

    threads = [threading.Thread(target=second), threading.Thread(target=first)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcome.get("first"), outcome.get("second")


@pytest.mark.django_db(transaction=True)
def test_it_refuses_the_second_of_two_concurrent_report_saves(cworld):
    make_report(cworld.unit_c, cworld.periods["t2"], Status.NOT_STARTED)
    manager, employee = cworld.users["manager"], cworld.users["employee"]

    def read_version() -> int:
        return StatusReport.objects.get(commitment=cworld.unit_c).version

    first, second = _two_editors(
        lambda: _save_report(cworld, 1, Status.AT_RISK, "Två lärare sjukskrivna", manager),
        lambda opened: _save_report(cworld, opened, Status.ON_TRACK, "Allt väl", employee),
        read_version,
    )
    assert isinstance(first, StatusReport)
    assert isinstance(second, services.Conflict)
    assert (second.current.status, second.current.comment) == (Status.AT_RISK, "Två lärare sjukskrivna")
    saved = StatusReport.objects.get(commitment=cworld.unit_c)
    assert (saved.status, saved.comment, saved.version, saved.reported_by) == (
        Status.AT_RISK,
        "Två lärare sjukskrivna",
        2,
        manager,
    )
    assert saved.history.count() == 2


@pytest.mark.django_db(transaction=True)
def test_it_refuses_the_second_of_two_concurrent_first_reports(cworld):
    manager, employee = cworld.users["manager"], cworld.users["employee"]
    first, second = _two_editors(
        lambda: _save_report(cworld, 0, Status.DELAYED, "Materialet kom inte", manager),
        lambda opened: _save_report(cworld, opened, Status.DONE, "", employee),
        lambda: 0,
    )
    assert isinstance(first, StatusReport)
    assert isinstance(second, services.Conflict)
    assert second.current.status == Status.DELAYED
    assert StatusReport.objects.get(commitment=cworld.unit_c).status == Status.DELAYED


@pytest.mark.django_db(transaction=True)
def test_it_refuses_the_second_of_two_concurrent_commitment_edits(cworld):
    def read_version() -> int:
        return Commitment.objects.get(pk=cworld.unit_c.pk).version

    first, second = _two_editors(
        lambda: _save_commitment(cworld, 1, "Läsfrämjande insatser i alla klasser", cworld.users["manager"]),
        lambda opened: _save_commitment(cworld, opened, "Läsa mer", cworld.users["manager"]),
        read_version,
    )
    assert isinstance(first, Commitment)
    assert isinstance(second, services.Conflict)
    assert second.current.title == "Läsfrämjande insatser i alla klasser"
    saved = Commitment.objects.get(pk=cworld.unit_c.pk)
    assert (saved.title, saved.version) == ("Läsfrämjande insatser i alla klasser", 2)


def test_it_shows_what_the_other_person_saved_when_a_report_form_is_stale(client, cworld):
    t2 = cworld.periods["t2"]
    report = make_report(cworld.unit_c, t2, Status.AT_RISK, comment="Lokalerna är inte klara", version=3)
    report.reported_by = cworld.users["employee"]
    report.save(update_fields=["reported_by"])
    client.force_login(cworld.users["manager"])
    prefix = f"c{cworld.unit_c.pk}"
    response = client.post(
        reverse("commitments:report-update", args=[cworld.unit_c.code, t2.code]),
        {f"{prefix}-status": Status.DONE, f"{prefix}-comment": "", f"{prefix}-version": 2},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Någon annan sparade rapporten" in body
    assert "Lokalerna är inte klara" in body and "I riskzonen" in body
    report.refresh_from_db()
    assert (report.status, report.version) == (Status.AT_RISK, 3)


def test_it_shows_what_the_other_person_saved_when_a_commitment_form_is_stale(client, cworld):
    Commitment.objects.filter(pk=cworld.unit_c.pk).update(version=5, title="Ny rubrik från kollegan")
    client.force_login(cworld.users["manager"])
    response = client.post(
        reverse("commitments:commitment-update", args=[cworld.unit_c.code]),
        {
            "title": "Min rubrik",
            "description": "",
            "starts": "2026-01-01",
            "ends": "2026-12-31",
            "version": 4,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Någon annan sparade åtagandet" in body and "Ny rubrik från kollegan" in body
    cworld.unit_c.refresh_from_db()
    assert (cworld.unit_c.title, cworld.unit_c.version) == ("Ny rubrik från kollegan", 5)
