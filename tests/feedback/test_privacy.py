"""Personal data: the retention job, export and erasure of one person's data, attachments only for the unit."""

from __future__ import annotations

import datetime
import json

from django.urls import reverse
from django.utils import timezone

from feedback import services
from feedback.models import Case, Cause

from .conftest import PDF, backdate, make_case, upload


def _closed_case(world, days_ago: int, **fields) -> Case:
    case = make_case(world.units["school_a"], name="Medborgare", email="medborgare@example.se", **fields)
    closed = timezone.localdate() - datetime.timedelta(days=days_ago)
    return backdate(
        case, closed - datetime.timedelta(days=5), answered=closed, closed=closed, cause=Cause.QUALITY
    )


def test_retention_removes_names_addresses_and_attachments_and_keeps_the_counts(world, settings) -> None:
    settings.FEEDBACK_RETENTION_DAYS = 30
    old = _closed_case(world, 40, attachment=upload(PDF), attachment_type="application/pdf")
    recent = _closed_case(world, 10)
    stored = old.attachment.path
    open_case = make_case(world.units["school_a"], email="annan@example.se")
    assert services.apply_retention() == 1
    old.refresh_from_db()
    assert (old.name, old.email, old.attachment.name) == ("", "", "")
    assert old.personal_data_removed_at is not None
    assert not __import__("os").path.exists(stored)
    # Nothing of it is left in the audit history either.
    assert not old.history.exclude(email="").exists() and not old.history.exclude(name="").exists()
    recent.refresh_from_db()
    open_case.refresh_from_db()
    assert recent.email == "medborgare@example.se" and open_case.email == "annan@example.se"
    # The statistics still count it, with its cause.
    figures = services.figures_for(world.units["bun"], old.received_on, timezone.localdate())
    assert figures.received == 3 and figures.by_cause["quality"] == 2
    # Running it again does nothing.
    assert services.apply_retention() == 0


def test_an_administrator_exports_one_persons_data(client, world) -> None:
    case = make_case(world.units["school_a"], name="Medborgare", email="Medborgare@Example.se")
    make_case(world.units["school_a"], email="annan@example.se")
    client.force_login(world.users["admin"])
    page = client.get("/personuppgifter/")
    assert page.status_code == 200 and "feedback" in page.content.decode()
    response = client.post("/personuppgifter/", {"email": "medborgare@example.se", "action": "export"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    cases = data["data"]["feedback"]["cases"]
    assert [c["number"] for c in cases] == [case.number]
    assert cases[0]["name"] == "Medborgare"


def test_an_administrator_erases_one_persons_data(client, world) -> None:
    case = make_case(world.units["school_a"], name="Medborgare", email="medborgare@example.se")
    other = make_case(world.units["school_a"], name="Annan", email="annan@example.se")
    client.force_login(world.users["admin"])
    response = client.post(
        "/personuppgifter/", {"email": "medborgare@example.se", "action": "erase"}, follow=True
    )
    assert response.status_code == 200
    case.refresh_from_db()
    other.refresh_from_db()
    assert (case.name, case.email) == ("", "")
    assert other.email == "annan@example.se"
    assert Case.objects.count() == 2
    assert "feedback 1" in response.content.decode()


def test_the_personal_data_page_is_for_system_administrators_only(client, world) -> None:
    for persona in ("manager", "board_member", "secretary", "controller"):
        client.force_login(world.users[persona])
        assert client.get("/personuppgifter/").status_code == 404, persona
        assert (
            client.post("/personuppgifter/", {"email": "a@example.se", "action": "erase"}).status_code == 404
        )
    client.logout()
    assert client.get("/personuppgifter/").status_code == 302


def test_every_installed_privacy_module_is_found(world) -> None:
    labels = [label for label, _module in services.privacy_modules()]
    assert "feedback" in labels


def test_the_attachment_is_served_only_to_the_units_people(client, world) -> None:
    case = make_case(world.units["school_a"], attachment=upload(PDF), attachment_type="application/pdf")
    url = reverse("feedback:case-attachment", args=[case.code])
    client.force_login(world.users["manager"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    response.close()
    for persona in ("outsider", "board_member", "admin"):
        client.force_login(world.users[persona])
        assert client.get(url).status_code == 404, persona
    client.logout()
    assert client.get(url).status_code == 302
    # The stored file is not reachable under MEDIA_URL by its name either: it is not linked anywhere public,
    # and its name is random.
    assert "feedback/" in case.attachment.name and len(case.attachment.name.split("/")[-1]) > 40


def test_a_case_without_attachment_answers_404(client, world) -> None:
    case = make_case(world.units["school_a"])
    client.force_login(world.users["manager"])
    assert client.get(reverse("feedback:case-attachment", args=[case.code])).status_code == 404
