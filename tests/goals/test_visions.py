from __future__ import annotations

from django.urls import reverse

from goals.models import Direction, Vision


def test_it_lets_a_council_member_create_a_vision(client, world):
    client.force_login(world.users["council"])
    response = client.post(
        reverse("goals:vision-create"),
        {
            "title": "Vision 2030",
            "description": "Gränsstaden",
            "partner": "Tornio",
            "valid_from": 2026,
            "valid_to": 2030,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("goals:vision-list")
    vision = Vision.objects.get()
    assert (vision.title, vision.partner, vision.valid_to) == ("Vision 2030", "Tornio", 2030)


def test_it_keeps_directions_to_one_to_three_years(client, goal_world):
    w = goal_world
    client.force_login(w.users["council"])
    data = {
        "vision": w.vision.pk,
        "title": "Trygghet",
        "description": "",
        "valid_from": 2026,
        "valid_to": 2029,
        "position": 2,
    }
    refused = client.post(reverse("goals:direction-create"), data)
    assert refused.status_code == 200
    assert "ett till tre år" in refused.content.decode()
    response = client.post(reverse("goals:direction-create"), {**data, "valid_to": 2028})
    assert response.status_code == 302
    assert Direction.objects.get(title="Trygghet").valid_to == 2028


def test_it_lets_a_council_member_edit_a_direction(client, goal_world):
    w = goal_world
    client.force_login(w.users["council"])
    response = client.post(
        reverse("goals:direction-update", args=[w.direction.code]),
        {
            "vision": w.vision.pk,
            "title": "Lärande hela livet",
            "description": "",
            "valid_from": 2025,
            "valid_to": 2027,
            "position": 1,
        },
    )
    assert response.status_code == 302
    w.direction.refresh_from_db()
    assert w.direction.title == "Lärande hela livet"


def test_it_refuses_visions_and_directions_to_everyone_but_the_council(client, goal_world):
    w = goal_world
    for persona in ["board_member", "secretary", "manager", "admin", "outsider"]:
        client.force_login(w.users[persona])
        assert (
            client.post(reverse("goals:vision-update", args=[w.vision.code]), {"title": "X"}).status_code
            == 403
        )
        assert client.post(reverse("goals:direction-create"), {"title": "X"}).status_code == 403
    w.vision.refresh_from_db()
    assert w.vision.title == "Vision 2020"
    assert Direction.objects.count() == 1
