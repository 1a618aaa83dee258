"""The ideas: versions with their decisions, drafts never public, who keeps which idea."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from goals.models import BoardProfile
from plans.models import Idea, IdeaVersion

from .conftest import adopt_board_idea

pytestmark = pytest.mark.django_db


def _board_idea_url(w) -> str:
    return reverse("plans:board-idea", args=[w.units["bun"].code])


def test_the_three_municipal_ideas_exist_from_the_migration(world) -> None:
    kinds = set(Idea.objects.filter(board__isnull=True).values_list("kind", flat=True))
    assert kinds == {"mission", "leadership", "employee"}


def test_it_copies_the_board_profiles_into_adopted_versions(world) -> None:
    BoardProfile.objects.create(
        board=world.units["sn"], mission_statement="Socialnämnden ger stöd och omsorg."
    )
    migration = importlib.import_module("plans.migrations.0002_ideas_from_board_profiles")
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # twice changes nothing
    versions = IdeaVersion.objects.filter(idea__board=world.units["sn"])
    assert [(v.text, v.status) for v in versions] == [("Socialnämnden ger stöd och omsorg.", "adopted")]


def test_a_secretary_drafts_and_the_draft_is_never_public(client, world) -> None:
    adopt_board_idea(world.units["bun"], "Vi lär för livet.")
    client.force_login(world.users["secretary"])
    response = client.post(
        _board_idea_url(world),
        {"text": "Vi lär för livet, på båda sidor om gränsen.", "change_note": "Gränssamarbetet lyfts fram."},
    )
    assert response.status_code == 302
    draft = IdeaVersion.objects.get(status=IdeaVersion.Status.DRAFT)
    assert draft.created_by == world.users["secretary"]
    assert draft.decision_date is None

    page = client.get(_board_idea_url(world)).content.decode()
    assert "Gränssamarbetet lyfts fram." in page
    assert "Anta utkastet" in page

    client.logout()
    public = client.get(reverse("plans_public:idea-list")).content.decode()
    assert "Vi lär för livet." in public
    assert "båda sidor om gränsen" not in public
    goals_page = client.get(reverse("public:goal-list")).content.decode()
    assert "båda sidor om gränsen" not in goals_page


def test_adopting_the_draft_makes_it_the_idea_in_force(client, world) -> None:
    adopt_board_idea(world.units["bun"], "Vi lär för livet.")
    client.force_login(world.users["board_member"])
    client.post(_board_idea_url(world), {"text": "Ny lydelse.", "change_note": "Kortare."})
    draft = IdeaVersion.objects.get(status=IdeaVersion.Status.DRAFT)
    response = client.post(
        reverse("plans:version-adopt", args=[draft.code]),
        {"adopt-decision_date": "2026-05-20", "adopt-decision_paragraph": "§ 33"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_adopted and draft.decision_date == datetime.date(2026, 5, 20)
    assert draft.decision_paragraph == "§ 33"
    # The goals app's profile carries the text in force (board page, open data).
    assert BoardProfile.objects.get(board=world.units["bun"]).mission_statement == "Ny lydelse."
    client.logout()
    public = client.get(reverse("plans_public:idea-list")).content.decode()
    assert "Ny lydelse." in public and "20 maj 2026, § 33" in public


def test_versions_are_listed_newest_first_with_what_changed(client, world) -> None:
    adopt_board_idea(world.units["bun"], "Första lydelsen.", "§ 1", datetime.date(2024, 2, 1))
    idea = Idea.objects.get(board=world.units["bun"])
    IdeaVersion.objects.create(
        idea=idea,
        text="Andra lydelsen.",
        change_note="Barnens perspektiv lades till.",
        status="adopted",
        decision_date=datetime.date(2026, 2, 1),
        decision_paragraph="§ 9",
    )
    client.force_login(world.users["manager"])
    page = client.get(_board_idea_url(world)).content.decode()
    assert page.index("Andra lydelsen.") < page.index("Första lydelsen.")
    assert "Barnens perspektiv lades till." in page
    assert "Gäller" in page
    assert "Spara versionen" not in page  # a manager reads, never writes


def test_a_decision_date_without_paragraph_is_refused_beside_the_field(client, world) -> None:
    client.force_login(world.users["secretary"])
    response = client.post(_board_idea_url(world), {"text": "Text.", "decision_date": "2026-03-01"})
    assert response.status_code == 400
    assert "Ange beslutets paragraf" in response.content.decode()
    assert not IdeaVersion.objects.filter(idea__board=world.units["bun"]).exists()


def test_a_council_member_adopts_the_common_mission_statement(client, world) -> None:
    client.force_login(world.users["council"])
    response = client.post(
        reverse("plans:idea-detail", args=["mission"]),
        {
            "text": "Vi finns till för medborgarna.",
            "change_note": "",
            "decision_date": "2026-01-30",
            "decision_paragraph": "§ 5",
        },
    )
    assert response.status_code == 302
    version = IdeaVersion.objects.get(idea__kind="mission")
    assert version.is_adopted and version.decision_paragraph == "§ 5"
    client.logout()
    assert "Vi finns till för medborgarna." in client.get(reverse("plans_public:idea-list")).content.decode()


BOARD_IDEA_WRITERS = {"board_member", "secretary"}


@pytest.mark.parametrize(
    "persona",
    [
        "admin",
        "council",
        "board_member",
        "secretary",
        "manager",
        "employee",
        "controller",
        "ic_officer",
        "outsider",
        "other_board_member",
    ],
)
def test_permission_matrix_of_the_board_idea(client, world, persona) -> None:
    client.force_login(world.users[persona])
    outside = persona in ("outsider", "other_board_member")
    assert client.get(_board_idea_url(world)).status_code == (404 if outside else 200)
    response = client.post(_board_idea_url(world), {"text": "Försök."})
    assert response.status_code == (302 if persona in BOARD_IDEA_WRITERS else 404 if outside else 403)
    assert IdeaVersion.objects.exists() == (persona in BOARD_IDEA_WRITERS)


@pytest.mark.parametrize("persona", ["admin", "council", "secretary", "manager", "outsider"])
def test_permission_matrix_of_the_municipal_ideas(client, world, persona) -> None:
    client.force_login(world.users[persona])
    url = reverse("plans:idea-detail", args=["leadership"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Försök."})
    assert response.status_code == (302 if persona == "council" else 403)


def test_a_board_outside_the_tree_or_a_draft_of_another_board_is_not_shown(client, world) -> None:
    adopt_board_idea(world.units["bun"], "Vi lär för livet.")
    services_draft = IdeaVersion.objects.create(
        idea=Idea.objects.get(board=world.units["bun"]), text="Hemligt utkast.", change_note=""
    )
    client.force_login(world.users["outsider"])
    assert client.get(_board_idea_url(world)).status_code == 404
    response = client.post(
        reverse("plans:version-adopt", args=[services_draft.code]),
        {"adopt-decision_date": "2026-05-20", "adopt-decision_paragraph": "§ 33"},
    )
    assert response.status_code == 404
    assert (
        client.get(reverse("plans:board-idea", args=["00000000-0000-0000-0000-000000000000"])).status_code
        == 404
    )


def test_the_board_page_shows_the_decision_and_the_links(client, world) -> None:
    adopt_board_idea(world.units["bun"], "Vi lär för livet.")
    BoardProfile.objects.filter(board=world.units["bun"]).update(mission_statement="Vi lär för livet.")
    client.force_login(world.users["secretary"])
    page = client.get(reverse("goals:board-detail", args=[world.units["bun"].code])).content.decode()
    assert "Antagen den 12 februari 2026, § 14." in page
    assert reverse("plans:board-idea", args=[world.units["bun"].code]) in page
    assert reverse("plans:board-plan", args=[world.units["bun"].code]) in page
