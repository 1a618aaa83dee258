"""The public site in Finnish: Finnish texts where written, the Swedish text marked lang="sv" where not, the shared
vision named in both languages, and the Finnish texts in open data."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.conf import settings
from django.urls import reverse

from goals.models import Goal, Indicator, Vision

FI_TITLE = "Päättötodistuksen saaneiden osuus vähintään 85 %"


@pytest.fixture(autouse=True)
def _finnish_offered(settings) -> None:
    settings.LANGUAGES = [("sv", "Svenska"), ("fi", "Suomi"), ("en", "English")]


def _finnish(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"


def _share_with_tornio(site) -> None:
    Vision.objects.filter(pk=site.vision.pk).update(
        title_fi="Visio 2030", description_fi="Elävä kunta.", partner="Tornio", partner_fi="Tornion"
    )


def test_the_public_vision_reads_in_finnish_and_names_the_partner_in_both_languages(client, site):
    _share_with_tornio(site)
    _finnish(client)
    page = client.get(reverse("public:home")).content.decode()
    assert '<html lang="fi">' in page
    assert "Visio 2030" in page and "Elävä kunta." in page
    assert (
        '<span lang="sv">Gemensam vision med Tornio</span> / <span lang="fi">Yhteinen visio Tornion kanssa</span>'
        in page
    )
    # The direction has no Finnish title: Swedish, marked.
    assert f'<span lang="sv">{site.direction.title}</span> <span class="kind">(ruotsiksi)</span>' in page


def test_a_swedish_reader_sees_the_shared_vision_in_both_languages_too(client, site):
    _share_with_tornio(site)
    page = client.get(reverse("public:home")).content.decode()
    assert "Vision 2030" in page and "Visio 2030" not in page
    assert (
        '<span lang="sv">Gemensam vision med Tornio</span> / <span lang="fi">Yhteinen visio Tornion kanssa</span>'
        in page
    )
    assert "(ruotsiksi)" not in page


def test_public_goal_pages_read_in_finnish(client, site):
    Goal.objects.filter(pk=site.adopted.pk).update(title_fi=FI_TITLE)
    Indicator.objects.filter(pk=site.kolada_indicator.pk).update(name_fi="Päättötodistusten osuus")
    _finnish(client)
    listing = client.get(reverse("public:goal-list") + "?ar=2026").content.decode()
    assert FI_TITLE in listing
    page = client.get(reverse("public:goal-detail", args=[site.adopted.code])).content.decode()
    assert f"<title>{FI_TITLE} –" in page
    assert f"<h1>{FI_TITLE}</h1>" in page
    assert ">Päättötodistusten osuus</h3>" in page
    assert f'<span lang="sv">{site.direction.title}</span>' in page
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    swedish = client.get(reverse("public:goal-detail", args=[site.adopted.code])).content.decode()
    assert f"<h1>{site.adopted.title}</h1>" in swedish and FI_TITLE not in swedish


def test_open_data_carries_the_finnish_texts(client, site):
    _share_with_tornio(site)
    Goal.objects.filter(pk=site.adopted.pk).update(title_fi=FI_TITLE)
    Indicator.objects.filter(pk=site.kolada_indicator.pk).update(name_fi="Päättötodistusten osuus")
    goals = list(
        csv.DictReader(io.StringIO(client.get(reverse("public:dataset-csv", args=["mal"])).content.decode()))
    )
    assert [(g["title"], g["title_fi"]) for g in goals] == [(site.adopted.title, FI_TITLE)]
    visions = json.loads(client.get(reverse("public:dataset-json", args=["visioner"])).content)["records"]
    assert (visions[0]["title_fi"], visions[0]["shared_with"]) == ("Visio 2030", "Tornio")
    indicators = json.loads(client.get(reverse("public:dataset-json", args=["indikatorer"])).content)[
        "records"
    ]
    assert indicators[0]["name_fi"] == "Päättötodistusten osuus"
    directions = json.loads(client.get(reverse("public:dataset-json", args=["inriktningar"])).content)[
        "records"
    ]
    assert all(d["title_fi"] == "" for d in directions)
