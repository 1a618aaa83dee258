"""The dialogue in a browser: a manager comments on an employee's commitment and mentions them, the employee sees
the notification and answers; the employee attaches a file to a status report and downloads it; a search. axe runs
on every page."""

from __future__ import annotations

import pytest

from tests.dialogue.conftest import dworld  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_comment_mention_notification_answer_attach_and_search(journey, dworld, tmp_path) -> None:  # noqa: F811
    page = journey.page
    journey.log_in("manager")
    page.goto(f"{journey.base_url}/ataganden/{dworld.personal.code}/")
    journey.check_page("commitment")
    page.get_by_label("Skriv en kommentar").fill("Bra start @employee! Hur går det med grupperna?")
    page.get_by_role("button", name="Publicera kommentar").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Bra start @employee!").is_visible()
    journey.check_page("commented")
    page.get_by_role("button", name="Logga ut").click()

    journey.log_in("employee")
    page.get_by_role("link", name="Aviseringar").first.click()
    journey.check_page("notifications")
    page.get_by_role("button", name="nämnde dig").click()
    page.wait_for_load_state("load")
    page.get_by_label("Skriv en kommentar").fill("Det går bra, jag bifogar protokollet.")
    page.get_by_role("button", name="Publicera kommentar").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Det går bra").is_visible()

    page.goto(f"{journey.base_url}/samtal/statusrapport/{dworld.status.code}/")
    journey.check_page("status-report-files")
    pdf = tmp_path / "protokoll.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.get_by_label("Fil").set_input_files(str(pdf))
    page.get_by_role("button", name="Bifoga fil").click()
    page.wait_for_load_state("load")
    with page.expect_download() as download:
        page.get_by_role("link", name="protokoll.pdf").click()
    assert download.value.suggested_filename == "protokoll.pdf"
    journey.check_page("attached")

    page.goto(f"{journey.base_url}/sok/?q=läsgrupper")
    assert page.get_by_role("link", name="Läsgrupper i åk 2").is_visible()
    journey.check_page("search")
