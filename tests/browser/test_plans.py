"""The ideas and the plans in a browser: a board secretary adopts a new version of the board's mission statement,
builds the board's operational plan as a PDF, and a citizen reads the mission statement on the public site. axe
checks every page."""

import re

import pytest

from plans import tasks
from plans.models import IdeaVersion
from styrmodell.jobs import run_job
from styrmodell.models import Job
from tests.plans.conftest import plan_world  # noqa: F401 - the fixture is used by name

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


def test_a_secretary_updates_the_mission_statement_builds_the_plan_and_a_citizen_reads_it(
    plan_world,  # noqa: F811
    journey,
    monkeypatch,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = plan_world
    queued: list[int] = []
    monkeypatch.setattr(tasks.build_plan_pdf, "delay", lambda job_id: queued.append(job_id))
    page = journey.page

    journey.log_in("secretary")
    page.goto(f"{journey.base_url}/mal/namnd/{w.units['bun'].code}/?ar=2026")
    journey.check_page("board")
    page.get_by_role("link", name="Versioner och ny version av verksamhetsidén").click()
    journey.check_page("idea")
    page.get_by_label("Text").fill("Vi ger varje barn och elev en trygg miljö och ett livslångt lärande.")
    page.get_by_label("Vad som ändrats").fill("Livslångt lärande lyftes fram.")
    page.get_by_label("Beslutsdatum").fill("2026-03-18")
    page.get_by_label("Paragraf").fill("§ 21")
    page.get_by_role("button", name="Spara versionen").click()
    assert page.get_by_text("Den nya versionen sparades som antagen.").is_visible()
    journey.check_page("idea-adopted")
    version = IdeaVersion.objects.get(idea__board=w.units["bun"])
    assert version.is_adopted and version.decision_paragraph == "§ 21"

    page.get_by_role("link", name=w.units["bun"].name).click()
    page.get_by_role("link", name="Verksamhetsplan").click()
    journey.check_page("plan")
    assert page.get_by_role("heading", name=w.goal.title).is_visible()
    page.get_by_role("button", name="Skapa planen som PDF").click()
    journey.check_page("plan-waiting")
    assert len(queued) == 1
    run_job(queued[0], tasks.build_plan_pdf.work)
    assert Job.objects.get(pk=queued[0]).state == Job.State.DONE
    download_link = page.get_by_role("link", name=re.compile("verksamhetsplan-bun-2026.pdf"))
    download_link.wait_for()
    journey.check_page("plan-done")
    with page.expect_download() as download_info:
        download_link.click()
    path = SCREENSHOTS.parent / "downloads" / download_info.value.suggested_filename
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")

    page.get_by_role("button", name="Logga ut").click()
    page.goto(f"{journey.base_url}/resultat/")
    page.get_by_role("navigation", name="Resultatmeny").get_by_role("link", name="Idéerna").click()
    journey.check_page("public-ideas")
    assert page.get_by_text(
        "Vi ger varje barn och elev en trygg miljö och ett livslångt lärande."
    ).is_visible()
    assert page.get_by_text("Antagen den 18 mars 2026, § 21.").is_visible()
