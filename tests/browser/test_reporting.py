"""A board secretary builds the interim report, watches the progress bar and downloads the PDF."""

import re

import pytest

from reporting import tasks
from reporting.models import Report
from styrmodell.jobs import run_job
from styrmodell.models import Job
from tests.reporting.conftest import make_commitment, make_economy, make_goal

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


def test_a_secretary_builds_the_interim_report_and_downloads_the_pdf(
    world, journey, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_goal(world)
    make_commitment(world)
    make_economy(world)
    # The build is queued, not run: the test plays the worker once the waiting page is on screen, so the page is
    # seen waiting and then updating itself (htmx polls the job every second).
    queued: list[int] = []
    monkeypatch.setattr(tasks.build_report, "delay", lambda job_id: queued.append(job_id))

    journey.log_in("secretary")
    page = journey.page
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Rapporter").click()
    journey.check_page("reports")
    page.get_by_role("link", name="Barn- och utbildningsnämnden (BUN)").click()
    journey.check_page("board-reports")
    row = page.get_by_role("row").filter(has_text="Delår")
    row.get_by_role("button", name=re.compile("^Starta rapporten")).click()
    progress = page.get_by_role("progressbar")
    assert progress.is_visible()
    assert page.get_by_text("Väntar på att starta").is_visible()
    journey.check_page("job-waiting")

    assert len(queued) == 1
    run_job(queued[0], tasks.build_report.work)
    assert Job.objects.get(pk=queued[0]).state == Job.State.DONE
    # The poll sees the job done and, with no file to fetch from the job itself, goes on to the report.
    page.wait_for_url(re.compile(r"/rapporter/rapport/[0-9a-f-]+/$"))
    journey.check_page("report")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ned PDF").click()
    download = download_info.value
    path = SCREENSHOTS.parent / "downloads" / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    report = Report.objects.get(unit=world.unit("bun"), period=world.periods["t2"])
    assert report.pdf
