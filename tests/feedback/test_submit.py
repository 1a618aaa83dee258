"""A citizen sends feedback without logging in; robots and floods are turned away; nothing is half-saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from feedback.models import Case, CaseEvent

from .conftest import PDF, form_data, png_bytes, upload

URL = "/synpunkter/"


def test_the_form_is_public_and_says_what_personal_data_is_kept(client, world) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dina personuppgifter" in html
    assert "365 dagar efter att ärendet har avslutats" in html
    # Units are grouped by their board; boards, the council and teams are not choices themselves.
    assert '<optgroup label="Barn- och utbildningsnämnden">' in html
    assert f'value="{world.units["school_a"].code}"' in html
    assert f'value="{world.units["bun"].code}"' not in html
    assert f'value="{world.units["team_a1"].code}"' not in html


def test_a_citizen_submits_and_gets_a_receipt_with_a_case_number(client, world) -> None:
    response = client.post(
        URL, form_data(world.units["school_a"], name="Anna", email="medborgare@example.se")
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert response.url == reverse("feedback:receipt", args=[case.citizen_token])
    assert case.unit == world.units["school_a"]
    assert (case.name, case.email, case.status) == ("Anna", "medborgare@example.se", Case.Status.RECEIVED)
    assert case.answer_by > case.acknowledge_by > case.received_on
    assert list(case.events.values_list("kind", flat=True)) == [CaseEvent.Kind.RECEIVED]
    receipt = client.get(response.url).content.decode()
    assert case.number in receipt
    assert reverse("feedback:citizen-case", args=[case.citizen_token]) in receipt


def test_the_case_reaches_only_the_units_inbox(client, world) -> None:
    client.post(URL, form_data(world.units["school_a"]))
    case = Case.objects.get()
    client.force_login(world.users["manager"])
    assert case.number in client.get("/synpunkter/inkorg/").content.decode()
    assert client.get(reverse("feedback:case-detail", args=[case.code])).status_code == 200
    for persona in ("outsider", "board_member", "admin", "secretary", "employee"):
        client.force_login(world.users[persona])
        assert client.get(reverse("feedback:case-detail", args=[case.code])).status_code == 404, persona
        inbox = client.get("/synpunkter/inkorg/")
        assert inbox.status_code in (200, 404)
        assert case.number not in inbox.content.decode()


def test_the_honeypot_stores_nothing(client, world) -> None:
    response = client.post(URL, form_data(world.units["school_a"], website="http://spam.example"))
    assert response.status_code == 200
    assert Case.objects.count() == 0


def test_the_rate_limit_answers_429_in_swedish(client, world, settings) -> None:
    settings.FEEDBACK_RATE_LIMIT = 3
    for _ in range(3):
        assert client.post(URL, form_data(world.units["school_a"])).status_code == 302
    response = client.post(URL, form_data(world.units["school_a"]))
    assert response.status_code == 429
    assert "Vänta några minuter" in response.content.decode()
    assert Case.objects.count() == 3
    # Another address is not affected.
    assert client.post(URL, form_data(world.units["school_a"]), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_rate_limit_uses_the_proxys_header_when_configured(client, world, settings) -> None:
    settings.FEEDBACK_RATE_LIMIT = 1
    settings.FEEDBACK_CLIENT_IP_HEADER = "X-Forwarded-For"
    assert (
        client.post(URL, form_data(world.units["school_a"]), HTTP_X_FORWARDED_FOR="1.2.3.4").status_code
        == 302
    )
    assert (
        client.post(URL, form_data(world.units["school_a"]), HTTP_X_FORWARDED_FOR="1.2.3.5").status_code
        == 302
    )
    assert (
        client.post(URL, form_data(world.units["school_a"]), HTTP_X_FORWARDED_FOR="1.2.3.5").status_code
        == 429
    )


def test_a_pdf_is_stored_under_an_unguessable_name(client, world) -> None:
    data = form_data(world.units["school_a"], attachment=upload(PDF, "min kvittens.pdf"))
    assert client.post(URL, data).status_code == 302
    case = Case.objects.get()
    assert case.attachment_type == "application/pdf"
    assert case.attachment.name.startswith("feedback/") and "kvittens" not in case.attachment.name
    assert len(case.attachment.name) > 40


def test_a_png_is_accepted(client, world) -> None:
    data = form_data(world.units["school_a"], attachment=upload(png_bytes(), "bild.png", "image/png"))
    assert client.post(URL, data).status_code == 302
    assert Case.objects.get().attachment_type == "image/png"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 this is a program", "faktura.pdf", "Endast PDF-, PNG- och JPEG-filer"),
        (b"<html><script>alert(1)</script>", "bild.png", "Endast PDF-, PNG- och JPEG-filer"),
        (b"\x89PNG\r\n\x1a\nnot really an image", "bild.png", "Endast PDF-, PNG- och JPEG-filer"),
        (b"%PDF-" + b"0" * (5 * 1024 * 1024), "stor.pdf", "högst"),
    ],
)
def test_a_file_is_judged_by_its_content_not_its_name(client, world, content, name, message) -> None:
    response = client.post(URL, form_data(world.units["school_a"], attachment=upload(content, name)))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Case.objects.count() == 0


def test_missing_fields_are_explained_beside_them(client, world) -> None:
    response = client.post(URL, {"category": "", "unit": "", "text": "", "website": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_text_error"' in html and 'id="id_unit_error"' in html
    assert Case.objects.count() == 0


def test_an_inactive_or_unknown_unit_is_refused(client, world) -> None:
    school_b = world.unit("school_b")
    school_b.is_active = False
    school_b.save(update_fields=["is_active"])
    for value in (str(school_b.code), str(world.units["bun"].code), "not-a-uuid", "1"):
        response = client.post(URL, {**form_data(world.units["school_a"]), "unit": value})
        assert response.status_code == 400, value
    assert Case.objects.count() == 0
