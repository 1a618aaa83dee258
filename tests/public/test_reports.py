"""Archived reports on the public site: HTML and PDF of adopted, archived reports only."""

from __future__ import annotations

from django.urls import reverse

from reporting.models import ArchivedReport, Report

from .conftest import PDF, make_report


def test_it_shows_an_archived_report_as_html(client, site, world):
    archived = make_report(world, site.t1).archived
    response = client.get(reverse("public:report-detail", args=[archived.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Arkiverad text." in html
    assert html.count("<body") == 1  # the snapshot's own document wrapper is dropped
    assert archived.pdf_sha256 in html
    assert reverse("public:report-pdf", args=[archived.code]) in html


def test_it_serves_the_archived_pdf(client, site, world):
    archived = make_report(world, site.t1).archived
    response = client.get(reverse("public:report-pdf", args=[archived.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_it_lists_archived_reports_and_filters_them(client, site, world):
    archived = make_report(world, site.t1).archived
    sn = make_report(world, site.t1, unit="sn").archived
    url = reverse("public:report-list")
    html = client.get(url).content.decode()
    assert str(archived.code) in html and str(sn.code) in html
    html = client.get(url, {"namnd": str(world.units["sn"].code), "ar": "2026"}).content.decode()
    assert str(sn.code) in html and str(archived.code) not in html
    html = client.get(url, {"ar": "1999"}).content.decode()
    assert str(sn.code) in html  # an unknown year is ignored


def test_it_answers_404_for_a_report_that_is_not_archived(client, site, world):
    for status in (Report.Status.DRAFT, Report.Status.READY, Report.Status.ADOPTED):
        Report.objects.all().delete()
        report = make_report(world, site.t1, archived=False, status=status)
        assert client.get(reverse("public:report-detail", args=[report.code])).status_code == 404
        assert client.get(reverse("public:report-pdf", args=[report.code])).status_code == 404
        assert str(report.code) not in client.get(reverse("public:report-list")).content.decode()


def test_it_shows_the_latest_reports_on_the_start_page(client, site, world):
    archived = make_report(world, site.t1).archived
    assert (
        reverse("public:report-detail", args=[archived.code])
        in client.get(reverse("public:home")).content.decode()
    )


def test_it_keeps_one_h1_when_the_snapshot_has_its_own(client, site, world):
    archived = make_report(world, site.t1).archived
    ArchivedReport.objects.filter(pk=archived.pk).update(
        html="<!DOCTYPE html><html><head><title>x</title></head><body><h1>Omslag</h1><h2>Mål</h2></body></html>"
    )
    html = client.get(reverse("public:report-detail", args=[archived.code])).content.decode()
    assert html.count("<h1") == 1
    assert "<h2>Omslag</h2>" in html and "<h3>Mål</h3>" in html
    assert "<title>x</title>" not in html
