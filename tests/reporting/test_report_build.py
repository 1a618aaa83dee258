"""Building a report: contents, PDF (tagged, page numbers, text) and the background job."""

from __future__ import annotations

import io
import re

import pypdf
from django.urls import reverse

from reporting import services
from reporting.models import Report
from styrmodell.models import Job

from .conftest import make_commitment, make_economy, make_goal, make_report


def _pdf_text(data: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_it_builds_a_board_interim_report_with_every_part(world) -> None:
    make_goal(world)
    make_commitment(world)
    make_economy(world)
    report = make_report(world)
    assert report.status == Report.Status.DRAFT
    assert report.built_at is not None
    body = report.body_html
    assert "Andelen med slutbetyg" in body
    assert "Delvis uppfyllt" in body or "Partly fulfilled" in body
    assert "Läsfrämjande insatser" in body and "Brist på lärare." in body
    assert "<svg" in body and 'role="img"' in body
    assert 'scope="col"' in body
    with report.pdf.open("rb") as file:
        data = file.read()
    assert data.startswith(b"%PDF")
    reader, text = _pdf_text(data)
    assert len(reader.pages) >= 3  # cover, contents, body
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.metadata.title == report.title
    assert "Barn- och utbildningsnämnden" in text
    assert "Andelen med slutbetyg" in text
    assert "253" in text  # the forecast
    assert "Underskott inom skolskjuts." in text
    # Page numbers "n (total)" on every page after the cover.
    total = len(reader.pages)
    assert f"2 ({total})" in reader.pages[1].extract_text()


def test_it_leaves_draft_goals_out(world) -> None:
    make_goal(world, title="Ett utkast som inte är antaget", adopted=False)
    report = make_report(world)
    assert "Ett utkast som inte är antaget" not in report.body_html


def test_user_text_in_a_report_never_fetches_anything(world, monkeypatch) -> None:
    from styrmodell.lib import pdf

    opened: list[str] = []
    monkeypatch.setattr(pdf.URLFetcher, "fetch", lambda self, url, headers=None: opened.append(url))
    make_goal(
        world,
        analysis='<img src="file:///etc/passwd"> se http://169.254.169.254/ <img src="http://evil.example/x.png">',
    )
    report = make_report(world)
    assert opened == []
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in report.body_html
    with report.pdf.open("rb") as file:
        assert "root:x:" not in _pdf_text(file.read())[1]


def test_the_compilation_has_every_board(world, council_secretary) -> None:
    make_goal(world, "bun", title="Mål för BUN")
    make_goal(world, "sn", title="Mål för SN")
    report = services.get_or_create_report(world.unit("kf"), world.periods["t2"], None)
    assert report.scope == Report.Scope.MUNICIPALITY
    report = services.build_report(report.pk)
    assert "Mål för BUN" in report.body_html and "Mål för SN" in report.body_html
    with report.pdf.open("rb") as file:
        text = _pdf_text(file.read())[1]
    assert "Socialnämnden" in text and "Barn- och utbildningsnämnden" in text


def test_the_compilation_summarises_deviations_that_the_board_report_lists(world) -> None:
    goal = make_goal(world, "bun", title="Mål för BUN")
    commitment = make_commitment(world, comment="Brist på lärare i åk 4.")
    commitment.goals.add(goal)
    period = world.periods["t2"]
    board_report = services.build_report(services.get_or_create_report(world.unit("bun"), period, None).pk)
    compilation = services.build_report(services.get_or_create_report(world.unit("kf"), period, None).pk)
    assert "Brist på lärare i åk 4." in board_report.body_html
    assert "<svg" in board_report.body_html  # the indicator's trend chart
    assert "Brist på lärare i åk 4." not in compilation.body_html
    assert "<svg" not in compilation.body_html
    assert "1 åtagande är i riskzonen eller försenat" in compilation.body_html
    assert "Mål för BUN" in compilation.body_html


def test_an_annual_report_for_the_year_end(world) -> None:
    report = services.get_or_create_report(world.unit("bun"), world.periods["ye"], None)
    assert report.kind == Report.Kind.ANNUAL


def test_secretary_starts_a_report_and_follows_its_progress(
    client, world, django_capture_on_commit_callbacks
) -> None:
    make_goal(world)
    client.force_login(world.users["secretary"])
    url = reverse("reporting:report-start", kwargs={"code": world.unit("bun").code})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"period": world.periods["t2"].code})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:job-detail", kwargs={"code": job.code})
    assert job.state == Job.State.DONE
    report = Report.objects.get()
    assert job.next_url == reverse("reporting:report-detail", kwargs={"code": report.code})
    assert report.is_built
    page = client.get(job.next_url)
    assert page.status_code == 200
    assert "Andelen med slutbetyg" in page.content.decode()
    pdf_response = client.get(reverse("reporting:report-pdf", kwargs={"code": report.code}))
    assert b"".join(pdf_response.streaming_content).startswith(b"%PDF")


def test_a_failed_build_is_recorded(client, world, monkeypatch, django_capture_on_commit_callbacks) -> None:
    def explode(*args, **kwargs):
        raise RuntimeError("pango saknas")

    monkeypatch.setattr(services.pdf, "html_to_pdf", explode)
    client.force_login(world.users["secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reporting:report-start", kwargs={"code": world.unit("bun").code}),
            {"period": world.periods["t2"].code},
        )
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    assert "pango saknas" in job.message
    assert not Report.objects.get().is_built


def test_the_build_is_idempotent(world) -> None:
    make_goal(world)
    report = make_report(world)
    again = services.build_report(report.pk)
    assert Report.objects.count() == 1
    # Chart element ids are random per render; everything else is the same.
    assert re.sub(r"chart-[0-9a-f]+", "", again.body_html) == re.sub(r"chart-[0-9a-f]+", "", report.body_html)
    with again.pdf.open("rb") as file:
        assert file.read().startswith(b"%PDF")


def test_the_council_secretary_builds_the_compilation(
    client, world, council_secretary, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    monkeypatch.setattr(services.pdf, "html_to_pdf", lambda html, fetcher=None: b"%PDF-1.7 compilation")
    make_goal(world, "sn", title="Mål för SN")
    client.force_login(council_secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:compilation-start"), {"period": world.periods["t2"].code})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.scope == Report.Scope.MUNICIPALITY
    assert report.unit == world.unit("kf")
    assert "Mål för SN" in report.body_html
    # Everyone in the municipality reads it; a board secretary cannot build it.
    client.force_login(world.users["outsider"])
    assert client.get(reverse("reporting:report-detail", kwargs={"code": report.code})).status_code == 200
    client.force_login(world.users["secretary"])
    assert client.post(reverse("reporting:report-build", kwargs={"code": report.code})).status_code == 403
