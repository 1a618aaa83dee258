"""Draft → ready → adopted: adoption archives an immutable, dated snapshot."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.urls import reverse

from goals.models import Goal
from reporting import services
from reporting.models import ArchivedReport, ImmutableError, Report

from .conftest import make_goal, make_report


def _ready(world) -> Report:
    make_goal(world)
    report = make_report(world)
    services.mark_ready(report)
    return report


def test_secretary_marks_a_built_report_ready(client, world) -> None:
    make_goal(world)
    report = make_report(world)
    client.force_login(world.users["secretary"])
    response = client.post(reverse("reporting:report-ready", kwargs={"code": report.code}))
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:report-detail", kwargs={"code": report.code})
    report.refresh_from_db()
    assert report.status == Report.Status.READY


def test_an_unbuilt_report_cannot_be_marked_ready(client, world) -> None:
    report = make_report(world, built=False)
    client.force_login(world.users["secretary"])
    client.post(reverse("reporting:report-ready", kwargs={"code": report.code}))
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_rebuilding_a_ready_report_returns_it_to_draft(world) -> None:
    report = _ready(world)
    report = services.build_report(report.pk)
    assert report.status == Report.Status.DRAFT


def test_secretary_adopts_and_archives(client, world) -> None:
    report = _ready(world)
    client.force_login(world.users["secretary"])
    response = client.post(
        reverse("reporting:report-adopt", kwargs={"code": report.code}),
        {"decision_date": "2026-09-20", "decision_paragraph": "§ 45"},
    )
    archived = ArchivedReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:archived-detail", kwargs={"code": archived.code})
    report.refresh_from_db()
    assert report.status == Report.Status.ADOPTED
    assert report.decision_date == datetime.date(2026, 9, 20)
    assert report.decision_paragraph == "§ 45"
    assert archived.decision_paragraph == "§ 45"
    with archived.pdf.open("rb") as file:
        data = file.read()
    assert data.startswith(b"%PDF")
    assert archived.pdf_sha256 == hashlib.sha256(data).hexdigest()
    assert archived.pdf_size == len(data)
    assert archived.html.startswith("<!DOCTYPE html>")
    assert archived.verify()


def test_later_changes_do_not_alter_the_archive(client, world) -> None:
    report = _ready(world)
    archived = services.adopt(report, decision_date=datetime.date(2026, 9, 20), paragraph="§ 45", user=None)
    html_before = archived.html
    Goal.objects.update(title="Ändrad måltext efter beslutet")
    # Rebuilding an adopted report is refused; the archive keeps what was adopted.
    with pytest.raises(services.ReportAdopted):
        services.build_report(report.pk)
    archived = ArchivedReport.objects.get(pk=archived.pk)
    assert archived.html == html_before
    assert "Ändrad måltext" not in archived.html
    assert "Andelen med slutbetyg" in archived.html
    assert archived.verify()
    client.force_login(world.users["board_member"])
    page = client.get(reverse("reporting:archived-html", kwargs={"code": archived.code}))
    assert page.content.decode() == html_before
    download = client.get(reverse("reporting:archived-pdf", kwargs={"code": archived.code}))
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == archived.pdf_sha256


def test_an_archived_report_cannot_be_changed_or_deleted(world) -> None:
    report = _ready(world)
    archived = services.adopt(report, decision_date=datetime.date(2026, 9, 20), paragraph="§ 45", user=None)
    archived.title = "Annat"
    with pytest.raises(ImmutableError):
        archived.save()
    with pytest.raises(ImmutableError):
        archived.delete()


def test_a_tampered_pdf_fails_verification(world) -> None:
    report = _ready(world)
    archived = services.adopt(report, decision_date=datetime.date(2026, 9, 20), paragraph="§ 45", user=None)
    with open(archived.pdf.path, "ab") as file:
        file.write(b"tampered")
    assert not archived.verify()


def test_adoption_needs_a_date_and_paragraph(client, world) -> None:
    report = _ready(world)
    client.force_login(world.users["secretary"])
    response = client.post(
        reverse("reporting:report-adopt", kwargs={"code": report.code}), {"decision_date": ""}
    )
    assert response.status_code == 200
    assert ArchivedReport.objects.count() == 0
    assert 'id="id_decision_date_error"' in response.content.decode()


def test_a_draft_report_cannot_be_adopted(client, world) -> None:
    make_goal(world)
    report = make_report(world)
    client.force_login(world.users["secretary"])
    response = client.post(
        reverse("reporting:report-adopt", kwargs={"code": report.code}),
        {"decision_date": "2026-09-20", "decision_paragraph": "§ 45"},
    )
    assert response.status_code == 403


def test_the_board_lists_its_archived_reports(client, world) -> None:
    report = _ready(world)
    archived = services.adopt(report, decision_date=datetime.date(2026, 9, 20), paragraph="§ 45", user=None)
    client.force_login(world.users["manager"])
    page = client.get(
        reverse("reporting:board-reports", kwargs={"code": world.unit("bun").code}) + "?ar=2026"
    )
    assert reverse("reporting:archived-detail", kwargs={"code": archived.code}) in page.content.decode()
