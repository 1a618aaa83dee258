"""Getting in: an invited person chooses a password and reports; forgot password; an administrator's
authenticator app. Every page is checked with axe and for reflow at 320 CSS px."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from commitments.models import Status, StatusReport
from styrmodell.models import Period, Role, User
from tests.commitments.conftest import make_commitment, make_employee_commitment, make_goal
from tests.conftest import grant

pytestmark = pytest.mark.browser


def _link(pattern: str) -> str:
    return re.search(pattern, mail.outbox[-1].body).group(0)


def test_an_invited_person_sets_a_password_and_reports(world, journey):
    journey.reflow = True
    page = journey.page
    journey.log_in("admin")
    page.goto(journey.base_url + "/personer/ny/")
    journey.check_page("person-new")
    page.get_by_label("Användarnamn").fill("ny.pedagog")
    page.get_by_label("Förnamn").fill("Ny")
    page.get_by_label("Efternamn").fill("Pedagog")
    page.get_by_label("E-postadress").fill("ny.pedagog@example.se")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_text(
        "En inbjudan att välja lösenord skickades till ny.pedagog@example.se."
    ).is_visible()
    journey.check_page("person-added")
    person = User.objects.get(username="ny.pedagog")
    grant(person, Role.EMPLOYEE, world.units["team_a1"])
    goal = make_goal(world.units["bun"], world.year)
    unit_c = make_commitment(
        world.units["school_a"], world.year, responsible=world.users["manager"], goals=[goal]
    )
    make_employee_commitment(unit_c, person, "Högläsning varje dag")
    link = _link(r"http://\S+/konto/inbjudan/\S+/")
    page.get_by_role("button", name="Logga ut").click()

    page.goto(link)
    assert page.get_by_role("heading", name="Välj ditt lösenord").is_visible()
    journey.check_page("invitation")
    page.get_by_label(re.compile("^Nytt lösenord")).fill("ett-eget-losenord-26")
    page.get_by_label("Bekräfta nytt lösenord").fill("ett-eget-losenord-26")
    page.get_by_role("button", name="Spara och logga in").click()
    page.wait_for_url(journey.base_url + "/")
    assert page.get_by_text("Välkommen! Ditt lösenord är valt och du är inloggad.").is_visible()
    journey.check_page("welcome")

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mina åtaganden").click()
    journey.check_page("my-commitments")
    card = page.locator("article").filter(has_text="Högläsning varje dag")
    card.get_by_label("Status").select_option(label="Enligt plan")
    card.get_by_role("button", name="Spara rapporten").click()
    saved = page.locator("article").filter(has_text="Högläsning varje dag").get_by_role("status")
    assert saved.inner_text() == "Din rapport sparades."
    # Focus lands on the saved card's message, not at the top of the page.
    for _ in range(50):  # the page's CSP forbids wait_for_function's eval; poll instead
        if page.evaluate("document.activeElement.getAttribute('role')") == "status":
            break
        page.wait_for_timeout(50)
    assert page.evaluate("document.activeElement.getAttribute('role')") == "status"
    journey.check_page("reported")
    report = StatusReport.objects.get(commitment__owner=person, period=Period.current())
    assert report.status == Status.ON_TRACK and report.reported_by == person


def test_forgot_password(world, journey):
    journey.reflow = True
    page = journey.page
    journey.open_start_page()
    page.get_by_role("link", name="Glömt lösenordet?").click()
    journey.check_page("forgot")
    page.get_by_label("E-postadress").fill("manager@example.se")
    page.get_by_role("button", name="Skicka länken").click()
    assert page.get_by_role("heading", name="Titta i din e-post").is_visible()
    journey.check_page("sent")
    page.goto(_link(r"http://\S+/konto/nytt-losenord/\S+/"))
    journey.check_page("new-password")
    page.get_by_label(re.compile("^Nytt lösenord")).fill("nytt-losenord-2026")
    page.get_by_label("Bekräfta nytt lösenord").fill("nytt-losenord-2026")
    page.get_by_role("button", name="Spara lösenordet").click()
    assert page.get_by_role("heading", name="Ditt lösenord är ändrat").is_visible()
    journey.check_page("changed")
    journey.log_in("manager", "nytt-losenord-2026")


def test_an_admin_sets_up_an_authenticator_app(world, journey):
    journey.reflow = True
    page = journey.page
    journey.log_in("admin")
    page.get_by_role("link", name="Mitt konto").click()
    journey.check_page("account")
    page.get_by_role("link", name="Koppla en autentiseringsapp").click()
    journey.check_page("enrol")
    assert page.get_by_role("img", name=re.compile("QR-kod")).is_visible()
    key = page.locator(".secret-key").inner_text().replace(" ", "")
    totp = TOTP(__import__("base64").b32decode(key))
    totp.time = time.time()
    page.get_by_label("Kod från appen").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Bekräfta och slå på").click()
    assert page.get_by_text("Autentiseringsappen är kopplad.").is_visible()
    assert TOTPDevice.objects.filter(user=world.users["admin"], confirmed=True).exists()
    # The next login asks for a code.
    page.get_by_role("button", name="Logga ut").click()
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill("test-password-1")
    page.get_by_role("button", name="Logga in").click()
    assert page.get_by_role("heading", name="Kod från din autentiseringsapp").is_visible()
    journey.check_page("verify")
