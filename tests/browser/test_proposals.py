"""An e-proposal's journey: a citizen submits and confirms it, the board's secretary publishes it, citizens sign
until the threshold, and the secretary publishes the board's answer; axe checks every page on the way."""

import re

import pytest
from django.core import mail

from proposals.models import Proposal

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://[^\s]+/e-forslag/(?:bekrafta|underskrift)/[^\s/]+/")


def _last_link() -> str:
    match = LINK.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0)


def test_a_proposal_is_submitted_published_signed_and_answered(world, journey, settings):
    settings.PROPOSALS_RATE_LIMIT = 0
    settings.PROPOSALS_THRESHOLD = 1
    page = journey.page

    # A citizen finds e-proposals from the public results site and submits one.
    page.goto(journey.base_url + "/resultat/")
    page.get_by_role("navigation", name="Resultatmeny").get_by_role("link", name="E-förslag").click()
    journey.check_page("proposals")
    page.get_by_role("link", name="Lämna ett förslag").first.click()
    journey.check_page("proposal-form")
    page.get_by_role("button", name="Skicka förslaget").click()
    assert page.get_by_text("Detta fält är obligatoriskt.").first.is_visible()
    journey.check_page("proposal-form-errors")
    page.get_by_label("Rubrik").fill("Fler bänkar i parken")
    page.get_by_label("Ditt förslag").fill("Äldre behöver kunna vila på promenaden genom parken.")
    page.get_by_label("Ämne").select_option(label="Kultur och fritid")
    page.get_by_label("Vem ska besluta").select_option(label="Barn- och utbildningsnämnden")
    page.get_by_label("Ditt namn").fill("En invånare")
    page.get_by_label("Din e-postadress").fill("invanare@example.se")
    page.get_by_role("button", name="Skicka förslaget").click()
    assert page.get_by_role("heading", name="Titta i din e-post").is_visible()
    journey.check_page("sent")
    page.goto(_last_link())
    journey.check_page("confirm")
    page.get_by_role("button", name="Bekräfta och skicka till granskning").click()
    assert page.get_by_role("heading", name="Tack, ditt förslag är skickat").is_visible()
    journey.check_page("confirmed")

    # The secretary of BUN publishes it.
    journey.log_in("secretary")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="E-förslag").click()
    journey.check_page("moderation-list")
    page.get_by_role("link", name="Fler bänkar i parken").click()
    journey.check_page("moderation-detail")
    page.get_by_role("button", name="Publicera", exact=True).click()
    assert page.get_by_text("Förslaget är publicerat").is_visible()
    page.context.clear_cookies()

    # A citizen signs and confirms: the threshold (1 here) is reached.
    proposal = Proposal.objects.get()
    page.goto(journey.base_url + f"/e-forslag/{proposal.code}/")
    journey.check_page("proposal")
    sign = page.get_by_role("region", name="Skriv under förslaget")
    sign.get_by_label("Ditt namn").fill("Undertecknare")
    sign.get_by_label("Din e-postadress").fill("signer@example.se")
    sign.get_by_role("button", name="Skriv under").click()
    journey.check_page("signature-sent")
    page.goto(_last_link())
    page.get_by_role("button", name="Bekräfta min underskrift").click()
    assert page.get_by_role("heading", name="Tack för din underskrift").is_visible()
    journey.check_page("signature-confirmed")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.THRESHOLD

    # The secretary records and publishes the answer.
    journey.log_in("secretary")
    page.goto(journey.base_url + f"/e-forslag/hantera/{proposal.code}/")
    answer = page.get_by_role("region", name="Nämndens svar")
    answer.get_by_label("Svar").fill("Nämnden ställer ut tio nya bänkar.")
    answer.get_by_label("Beslutsdatum").fill("2026-05-12")
    answer.get_by_label("Paragraf (§)").fill("§ 42")
    answer.locator("#id_decision").fill("Tio bänkar ställs ut under våren.")
    answer.get_by_role("button", name="Spara svaret").click()
    journey.check_page("answer-saved")
    page.get_by_role("button", name="Publicera svaret").click()
    assert page.get_by_text("Svaret och beslutet är publicerade").is_visible()
    page.context.clear_cookies()

    page.goto(journey.base_url + f"/e-forslag/{proposal.code}/")
    assert page.get_by_text("Nämnden ställer ut tio nya bänkar.").is_visible()
    assert page.get_by_text("Undertecknare").count() == 0
    journey.check_page("answered")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ANSWERED
