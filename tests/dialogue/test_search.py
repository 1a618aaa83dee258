"""Search over goals, indicators, commitments, risks, controls, reports and people, filtered by what the searcher
may see in the same query."""

from __future__ import annotations

from django.urls import reverse

from dialogue.search import search


def titles(user, text: str) -> dict[str, list[str]]:
    return {g.key: [h.title for h in g.hits] for g in search(user, text)}


def test_it_finds_what_the_searcher_may_see(client, dworld) -> None:
    client.force_login(dworld.users["manager"])
    response = client.get(reverse("dialogue:search"), {"q": "läsgrupper"})
    assert response.status_code == 200
    assert "Läsgrupper i åk 2" in response.content.decode()


def test_employee_commitments_stay_personal(dworld) -> None:
    assert "commitments" in titles(dworld.users["employee"], "läsgrupper")
    assert "commitments" in titles(dworld.users["admin"], "läsgrupper")
    for persona in ("board_member", "secretary", "outsider", "council"):
        assert "commitments" not in titles(dworld.users[persona], "läsgrupper"), persona


def test_goals_risks_controls_are_read_within_scope(dworld) -> None:
    board_member, outsider = dworld.users["board_member"], dworld.users["outsider"]
    assert titles(board_member, "kunskapskraven")["goals"] == ["Fler elever ska klara kunskapskraven"]
    assert "goals" not in titles(outsider, "kunskapskraven")
    assert "risks" in titles(board_member, "avtal")
    assert "controls" in titles(board_member, "fakturor")
    assert titles(outsider, "fakturor") == {}


def test_people_only_for_administrators(dworld) -> None:
    assert "people" in titles(dworld.users["admin"], "employee")
    assert "people" not in titles(dworld.users["manager"], "employee")


def test_nothing_for_an_empty_query_or_a_stranger(client, dworld) -> None:
    assert search(dworld.users["admin"], "   ") == []
    client.force_login(dworld.users["outsider"])
    body = client.get(reverse("dialogue:search"), {"q": "kunskapskraven"}).content.decode()
    assert "Inget som du får se" in body


def test_the_query_count_does_not_grow_with_hits(dworld, django_assert_max_num_queries) -> None:
    from commitments.models import Commitment

    for i in range(30):
        Commitment.objects.create(
            unit=dworld.unit("school_a"),
            year=dworld.year,
            title=f"Läsning {i}",
            starts=dworld.unit_c.starts,
            ends=dworld.unit_c.ends,
        )
    manager = dworld.users["manager"]
    with django_assert_max_num_queries(10):
        found = titles(manager, "läsning")
    assert len(found["commitments"]) == 20
