from __future__ import annotations

import datetime

from django.urls import reverse

from goals.models import Goal


def _goal_post(direction, **extra):
    data = {
        "direction": direction.pk,
        "title": "Andelen behöriga lärare ska vara minst 90 %",
        "description": "",
        "target_year": 2027,
        "position": 1,
        "smart_specific": "on",
        "smart_specific_motivation": "Gäller grundskolan.",
    }
    data.update(extra)
    return data


def test_it_lets_a_board_member_create_a_draft_goal(client, goal_world):
    w = goal_world
    client.force_login(w.users["board_member"])
    response = client.post(
        reverse("goals:goal-create", args=[w.units["bun"].code, 2026]), _goal_post(w.direction)
    )
    goal = Goal.objects.get(title__startswith="Andelen behöriga")
    assert response.status_code == 302
    assert response["Location"] == reverse("goals:goal-detail", args=[goal.code])
    assert goal.board == w.units["bun"]
    assert goal.year == w.year
    assert goal.status == Goal.Status.DRAFT
    assert goal.target_year == 2027
    assert goal.smart_specific is True


def test_it_requires_a_motivation_for_a_confirmed_smart_criterion(client, goal_world):
    w = goal_world
    client.force_login(w.users["secretary"])
    data = _goal_post(w.direction, smart_accepted="on", smart_accepted_motivation="")
    response = client.post(reverse("goals:goal-create", args=[w.units["bun"].code, 2026]), data)
    assert response.status_code == 200
    assert "motivering" in response.content.decode()
    assert not Goal.objects.filter(title__startswith="Andelen behöriga").exists()


def test_it_lets_the_secretary_edit_a_draft(client, goal_world):
    w = goal_world
    client.force_login(w.users["secretary"])
    response = client.post(
        reverse("goals:goal-update", args=[w.goal.code]), _goal_post(w.direction, title="Ny text")
    )
    assert response.status_code == 302
    w.goal.refresh_from_db()
    assert w.goal.title == "Ny text"


def test_it_adopts_a_goal_with_decision_date_and_paragraph(client, goal_world):
    w = goal_world
    # A SMART goal is adopted at once; one that fails a criterion asks "Adopt anyway" first (test_versions.py).
    w.goal.smart_specific, w.goal.smart_specific_motivation = True, "Gäller gymnasieskolan."
    w.goal.smart_accepted, w.goal.smart_accepted_motivation = True, "Förankrat."
    w.goal.smart_realistic, w.goal.smart_realistic_motivation = True, "Nåddes 2024."
    w.goal.save()
    client.force_login(w.users["board_member"])
    response = client.post(
        reverse("goals:goal-adopt", args=[w.goal.code]),
        {"decision_date": "2026-02-10", "decision_paragraph": "§ 12"},
    )
    assert response.status_code == 302
    w.goal.refresh_from_db()
    assert w.goal.status == Goal.Status.ADOPTED
    assert w.goal.decision_date == datetime.date(2026, 2, 10)
    assert w.goal.decision_paragraph == "§ 12"


def test_it_refuses_adoption_without_a_decision(client, goal_world):
    w = goal_world
    client.force_login(w.users["board_member"])
    client.post(
        reverse("goals:goal-adopt", args=[w.goal.code]), {"decision_date": "", "decision_paragraph": ""}
    )
    w.goal.refresh_from_db()
    assert w.goal.status == Goal.Status.DRAFT


def test_it_keeps_changes_of_an_adopted_goal_in_its_history(client, goal_world):
    w = goal_world
    w.goal.status = Goal.Status.ADOPTED
    w.goal.save(update_fields=["status"])
    client.force_login(w.users["board_member"])
    url = reverse("goals:goal-update", args=[w.goal.code])

    refused = client.post(url, _goal_post(w.direction, title="Minst 87 %"))
    assert refused.status_code == 200
    w.goal.refresh_from_db()
    assert w.goal.title != "Minst 87 %"

    response = client.post(
        url, _goal_post(w.direction, title="Minst 87 %", change_reason="Ny nivå efter bokslut")
    )
    assert response.status_code == 302
    w.goal.refresh_from_db()
    assert w.goal.title != "Minst 87 %"  # a draft revision until the board adopts it
    client.post(
        reverse("goals:revision-adopt", args=[w.goal.code]),
        {
            "revision-decision_date": "2026-05-20",
            "revision-decision_paragraph": "§ 48",
            "revision-criteria": "accepted,realistic",
            "revision-adopt_anyway": "on",
        },
    )
    w.goal.refresh_from_db()
    assert w.goal.title == "Minst 87 %"
    latest = w.goal.history.order_by("-history_date").first()
    assert "Ny nivå efter bokslut" in latest.history_change_reason
    assert latest.history_user == w.users["board_member"]
    page = client.get(reverse("goals:goal-detail", args=[w.goal.code])).content.decode()
    assert "Ny nivå efter bokslut" in page
    assert "Andelen med slutbetyg" in page  # the old text stays visible in the history


def test_it_never_lets_operations_change_a_goal(client, goal_world):
    w = goal_world
    for persona in ["manager", "employee", "controller", "ic_officer", "admin", "council"]:
        client.force_login(w.users[persona])
        response = client.post(
            reverse("goals:goal-update", args=[w.goal.code]), _goal_post(w.direction, title="X")
        )
        assert response.status_code == 403, persona
    w.goal.refresh_from_db()
    assert w.goal.title != "X"


def test_it_hides_goals_from_outsiders(client, goal_world):
    w = goal_world
    client.force_login(w.users["outsider"])
    assert (
        client.post(reverse("goals:goal-update", args=[w.goal.code]), _goal_post(w.direction)).status_code
        == 404
    )
    assert client.get(reverse("goals:goal-detail", args=[w.goal.code])).status_code == 404
    tree = client.get(reverse("goals:goal-tree")).content.decode()
    assert w.goal.title not in tree


def test_it_makes_a_closed_year_read_only(client, goal_world):
    w = goal_world
    w.year.is_closed = True
    w.year.save(update_fields=["is_closed"])
    client.force_login(w.users["board_member"])
    assert client.get(reverse("goals:goal-update", args=[w.goal.code])).status_code == 403
    assert client.get(reverse("goals:goal-create", args=[w.units["bun"].code, 2026])).status_code == 403


def test_it_saves_the_mission_statement(client, goal_world):
    w = goal_world
    client.force_login(w.users["secretary"])
    response = client.post(
        reverse("goals:board-profile-update", args=[w.units["bun"].code]),
        {"mission_statement": "Vi lär för livet."},
    )
    assert response.status_code == 302
    page = client.get(reverse("goals:board-detail", args=[w.units["bun"].code])).content.decode()
    assert "Vi lär för livet." in page
    client.force_login(w.users["manager"])
    denied = client.post(
        reverse("goals:board-profile-update", args=[w.units["bun"].code]), {"mission_statement": "X"}
    )
    assert denied.status_code == 403
