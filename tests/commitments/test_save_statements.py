"""What a report save sends to the database at the deadline rush (BENCHMARKS.md, benchmark 3): outside the test's
own transaction (a transactional test), as a server runs it.

The report view is not wrapped in a request-wide transaction: it reads outside one, and the report with its
history row is written in a transaction of its own (on PostgreSQL a single statement), so a save sends no
savepoint and a refused first report leaves nothing half-written behind."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Status, StatusReport

from .conftest import make_report

pytestmark = pytest.mark.django_db(transaction=True)


def _url(commitment, period):
    return reverse("commitments:report-update", args=[commitment.code, period.code])


def _data(commitment, status, version=0):
    prefix = f"c{commitment.pk}"
    return {f"{prefix}-status": status, f"{prefix}-comment": "", f"{prefix}-version": version}


def _statements(client, *args, **headers) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(*args, **headers)
    return response.status_code, [_Statement(q["sql"]) for q in captured.captured_queries]


class _Statement(str):
    """A statement compared by its first word (SELECT, INSERT, SAVEPOINT …), shown in full when a test fails."""

    def __eq__(self, other):
        return self.split()[0].upper() == other

    __hash__ = str.__hash__


def test_a_first_report_in_place_is_written_without_a_savepoint(client, cworld):
    t2 = cworld.periods["t2"]
    client.force_login(cworld.users["manager"])
    client.get(_url(cworld.unit_c, t2))  # the session is read (and cached) as a browser's would be
    status, sent = _statements(
        client, _url(cworld.unit_c, t2), _data(cworld.unit_c, Status.ON_TRACK), HTTP_HX_REQUEST="true"
    )
    assert status == 200
    assert "SAVEPOINT" not in sent
    # The reads before the write are the session (from the database without Redis), the person, the commitment,
    # the grants and the period.
    if connection.vendor == "postgresql":
        # The report and its history row are one statement, a transaction of its own (styrmodell/lib/recorded.py).
        assert [q for q in sent if q in ("INSERT", "WITH")] == ["WITH"]
        assert len(sent) <= 6, "\n".join(q[:120] for q in sent)
    else:
        # The report and its history row, in one transaction.
        assert sent.count("INSERT") == 2 and sent.count("COMMIT") <= 1
        work = [q for q in sent if q not in ("BEGIN", "COMMIT")]
        assert len(work) <= 7, "\n".join(q[:120] for q in work)
    report = StatusReport.objects.get(commitment=cworld.unit_c, period=t2)
    assert report.status == Status.ON_TRACK and report.history.count() == 1


def test_a_changed_report_is_saved_with_its_history_and_a_stale_one_refused(client, cworld):
    t2 = cworld.periods["t2"]
    make_report(cworld.unit_c, t2, Status.ON_TRACK, version=1)
    client.force_login(cworld.users["manager"])
    status, sent = _statements(
        client, _url(cworld.unit_c, t2), _data(cworld.unit_c, Status.DONE, version=1), HTTP_HX_REQUEST="true"
    )
    assert status == 200 and "SAVEPOINT" not in sent
    report = StatusReport.objects.get(commitment=cworld.unit_c, period=t2)
    assert (report.status, report.version) == (Status.DONE, 2)

    # A second save based on version 1 is refused, and nothing of it is kept.
    response = client.post(
        _url(cworld.unit_c, t2), _data(cworld.unit_c, Status.NOT_STARTED, version=1), HTTP_HX_REQUEST="true"
    )
    assert "Någon annan sparade rapporten medan du redigerade" in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.version) == (Status.DONE, 2)
    assert report.history.count() == 2  # the first report and the accepted change


def test_a_second_first_report_is_refused_and_the_first_kept(client, cworld):
    t2 = cworld.periods["t2"]
    make_report(cworld.unit_c, t2, Status.DONE, version=1)
    client.force_login(cworld.users["manager"])
    response = client.post(
        _url(cworld.unit_c, t2), _data(cworld.unit_c, Status.NOT_STARTED), HTTP_HX_REQUEST="true"
    )
    assert "Någon annan sparade rapporten medan du redigerade" in response.content.decode()
    stored = StatusReport.objects.get(commitment=cworld.unit_c, period=t2)
    assert (stored.status, stored.version) == (Status.DONE, 1)


def test_the_page_a_save_without_javascript_lands_on_reads_only_what_it_shows(client, cworld):
    t2 = cworld.periods["t2"]
    make_report(cworld.unit_c, cworld.periods["t1"], Status.ON_TRACK, version=1)
    client.force_login(cworld.users["manager"])
    client.get(_url(cworld.unit_c, t2))  # the session is read (and cached) as a browser's would be
    response = client.post(_url(cworld.unit_c, t2), _data(cworld.unit_c, Status.DONE))
    assert response.status_code == 302
    with CaptureQueriesContext(connection) as captured:
        landed = client.get(response["Location"])
    body = landed.content.decode()
    # The saved report, the message and a form to change it again, from version 1.
    assert (
        "sparades" in body
        and 'class="status status-done">Klart<' in body
        and f'name="c{cworld.unit_c.pk}-version" value="1"' in body
    )
    # The session (from the database without Redis), the person, the commitment, the grants, the period, the
    # commitment's reports of the year and the bell's count: one statement each.
    sent = [q["sql"] for q in captured.captured_queries]
    assert len(sent) <= 7, "\n".join(q[:120] for q in sent)
