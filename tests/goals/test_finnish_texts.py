"""Finnish texts beside the Swedish ones: shown to Finnish readers where written, the Swedish text marked lang="sv"
where not; the forms take them (optional); a goal's revision carries them; a shared vision names its partner in both
languages."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from goals.models import BoardProfile, Goal, GoalRevision, Vision

from .test_versions import _adopt_revision, _confirm_smart, _goal_post

FI_TITLE = "Lukion päättötodistuksen saaneiden osuus vähintään 85 %"


@pytest.fixture(autouse=True)
def _finnish_offered(settings) -> None:
    settings.LANGUAGES = [("sv", "Svenska"), ("fi", "Suomi"), ("en", "English")]


def _read_in(client, user, language: str) -> None:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


def test_a_finnish_reader_gets_the_finnish_text_and_the_swedish_one_marked_where_none(client, goal_world):
    w = goal_world
    Goal.objects.filter(pk=w.goal.pk).update(title_fi=FI_TITLE, description_fi="Tavoite koskee lukiota.")
    _read_in(client, w.users["employee"], "fi")
    page = client.get(reverse("goals:goal-detail", args=[w.goal.code])).content.decode()
    assert f"<h1>{FI_TITLE}</h1>" in page
    assert "Tavoite koskee lukiota." in page
    # The indicator has no Finnish name: its Swedish name, marked as Swedish, with a note in Finnish.
    assert f'<span lang="sv">{w.indicator.name}</span> <span class="kind">(ruotsiksi)</span>' in page
    assert f'<span lang="sv">{w.direction.title}</span>' in page


def test_a_swedish_reader_gets_the_swedish_text_unmarked(client, goal_world):
    w = goal_world
    Goal.objects.filter(pk=w.goal.pk).update(title_fi=FI_TITLE)
    _read_in(client, w.users["employee"], "sv")
    page = client.get(reverse("goals:goal-detail", args=[w.goal.code])).content.decode()
    assert f"<h1>{w.goal.title}</h1>" in page
    assert FI_TITLE not in page
    assert "(ruotsiksi)" not in page and "(in Swedish)" not in page


def test_the_goal_tree_and_board_page_read_in_finnish(client, goal_world):
    w = goal_world
    Goal.objects.filter(pk=w.goal.pk).update(title_fi=FI_TITLE)
    Vision.objects.filter(pk=w.vision.pk).update(
        title_fi="Visio 2020", partner="Tornio", partner_fi="Tornion"
    )
    BoardProfile.objects.create(board=w.units["bun"], mission_statement="Vi lär för livet.")
    _read_in(client, w.users["employee"], "fi")
    tree = client.get(reverse("goals:goal-tree") + "?ar=2026&period=t1").content.decode()
    assert "Visio 2020" in tree and FI_TITLE in tree
    assert '<span lang="sv">Gemensam vision med Tornio</span>' in tree
    assert '<span lang="fi">Yhteinen visio Tornion kanssa</span>' in tree
    board = client.get(
        reverse("goals:board-detail", args=[w.units["bun"].code]) + "?ar=2026"
    ).content.decode()
    assert '<div lang="sv"><p>Vi lär för livet.</p></div> <span class="kind">(ruotsiksi)</span>' in board
    BoardProfile.objects.filter(board=w.units["bun"]).update(mission_statement_fi="Opimme koko elämän.")
    board = client.get(
        reverse("goals:board-detail", args=[w.units["bun"].code]) + "?ar=2026"
    ).content.decode()
    assert "Opimme koko elämän." in board and "Vi lär för livet." not in board


def test_the_forms_take_the_finnish_texts_and_leave_them_optional(client, goal_world):
    w = goal_world
    client.force_login(w.users["council"])
    data = {
        "title": "Vision 2040",
        "partner": "Tornio",
        "valid_from": 2026,
        "valid_to": 2040,
        "is_active": "on",
    }
    assert client.post(reverse("goals:vision-create"), data).status_code == 302
    fi = {**data, "title": "Vision 2041", "title_fi": "Visio 2041", "partner_fi": "Tornion"}
    assert client.post(reverse("goals:vision-create"), fi).status_code == 302
    assert Vision.objects.get(title="Vision 2040").title_fi == ""
    vision = Vision.objects.get(title="Vision 2041")
    assert (vision.title_fi, vision.partner_fi) == ("Visio 2041", "Tornion")
    form = client.get(reverse("goals:vision-update", args=[vision.code])).content.decode()
    assert 'lang="fi"' in form and 'name="title_fi"' in form

    client.force_login(w.users["secretary"])
    response = client.post(
        reverse("goals:board-profile-update", args=[w.units["bun"].code]),
        {"mission_statement": "Vi lär för livet.", "mission_statement_fi": "Opimme koko elämän."},
    )
    assert response.status_code == 302
    assert BoardProfile.objects.get(board=w.units["bun"]).mission_statement_fi == "Opimme koko elämän."


def test_a_revision_of_an_adopted_goal_carries_the_finnish_text(client, goal_world):
    w = goal_world
    _confirm_smart(w.goal)
    w.goal.status = Goal.Status.ADOPTED
    w.goal.decision_date, w.goal.decision_paragraph = datetime.date(2026, 2, 10), "§ 12"
    w.goal.save()
    client.force_login(w.users["board_member"])
    response = client.post(reverse("goals:goal-update", args=[w.goal.code]), _goal_post(w, title_fi=FI_TITLE))
    assert response.status_code == 302
    revision = GoalRevision.objects.get(goal=w.goal, status=GoalRevision.Status.DRAFT)
    assert revision.goal_changes == {"title_fi": FI_TITLE}
    w.goal.refresh_from_db()
    assert w.goal.title_fi == ""  # the adopted version stays until the board decides
    assert _adopt_revision(client, w).status_code == 302
    w.goal.refresh_from_db()
    assert w.goal.title_fi == FI_TITLE
    assert (
        GoalRevision.objects.get(goal=w.goal, status=GoalRevision.Status.ADOPTED).snapshot["title_fi"]
        == FI_TITLE
    )
