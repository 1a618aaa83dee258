"""Bad input on a section: a Swedish message beside the field, and what was typed is kept."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from authoring.models import ReportSection

from .conftest import school_section

TEXT = "Skolan har arbetat med trygghet och studiero under hela perioden."


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def _post(client, section, **data):
    fields = {"text": TEXT, "table_caption": "", "table_data": "", "figure_alt": "", **data}
    return client.post(reverse("authoring:section-write", kwargs={"code": section.code}), fields)


def test_a_table_with_ragged_rows_is_refused_keeping_the_text_and_the_table(world, client) -> None:
    section = school_section(world)
    client.force_login(world.users["manager"])
    table = "Enhet\tElever\tLärare\nSkola A\t210\t18\nSkola B\t190"
    response = _post(client, section, table_data=table)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rad 3 har 2 celler men första raden har 3." in html
    assert TEXT in html and "Skola B\t190" in html
    assert 'aria-describedby="id_table_data_helptext id_table_data_error"' in html
    section.refresh_from_db()
    assert section.text == "" and section.state == ReportSection.State.NOT_STARTED


def test_a_pasted_excel_table_becomes_an_accessible_table(world, client) -> None:
    section = school_section(world)
    client.force_login(world.users["manager"])
    _post(
        client,
        section,
        table_caption="Elever och lärare",
        table_data="Enhet;Elever\nSkola A;210\nSkola B;190",
    )
    page = client.get(reverse("authoring:section-detail", kwargs={"code": section.code}))
    # The writer sees the form; the controller sees the table.
    client.force_login(world.users["controller"])
    html = client.get(reverse("authoring:section-detail", kwargs={"code": section.code})).content.decode()
    assert page.status_code == 200
    assert "<caption>Elever och lärare</caption>" in html
    assert '<th scope="col">Elever</th>' in html and '<th scope="row">Skola A</th>' in html
    assert '<td class="num">210</td>' in html


def test_a_figure_without_alt_text_is_refused(world, client) -> None:
    section = school_section(world)
    client.force_login(world.users["manager"])
    upload = SimpleUploadedFile("diagram.png", _png(), content_type="image/png")
    response = _post(client, section, figure=upload)
    assert response.status_code == 400
    html = response.content.decode()
    assert "en figur behöver ett textalternativ" in html and TEXT in html
    section.refresh_from_db()
    assert not section.figure


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(world, client) -> None:
    section = school_section(world)
    client.force_login(world.users["manager"])
    upload = SimpleUploadedFile("diagram.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = _post(client, section, figure=upload, figure_alt="Stapeldiagram över elever")
    assert response.status_code == 400
    html = response.content.decode()
    assert "En figur måste vara en PNG- eller JPEG-bild." in html and TEXT in html
    assert "Stapeldiagram över elever" in html


def test_a_figure_with_alt_text_is_kept_and_shown(world, client) -> None:
    section = school_section(world)
    client.force_login(world.users["manager"])
    upload = SimpleUploadedFile("diagram.png", _png(), content_type="image/png")
    assert _post(client, section, figure=upload, figure_alt="Elever per skola 2026").status_code == 302
    section.refresh_from_db()
    assert section.figure and section.figure_type == "image/png"
    response = client.get(reverse("authoring:section-figure", kwargs={"code": section.code}))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")
    client.force_login(world.users["outsider"])
    assert client.get(reverse("authoring:section-figure", kwargs={"code": section.code})).status_code == 404
