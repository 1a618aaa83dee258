"""The medarbetarsamtal page: one employee's year, for the employee, the managers above and administrators."""

from __future__ import annotations

from django.urls import reverse

from dialogue.models import Comment


def url(person) -> str:
    return reverse("dialogue:development-talk", args=[person.code]) + "?ar=2026"


def test_it_shows_the_employees_year(client, dworld) -> None:
    Comment.objects.create(
        commitment=dworld.personal, author=dworld.users["manager"], text="Fint arbete i vår"
    )
    Comment.objects.create(status_report=dworld.status, author=dworld.users["employee"], text="Tack!")
    client.force_login(dworld.users["manager"])
    response = client.get(url(dworld.users["employee"]))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "Läsgrupper i åk 2",
        "Två grupper i gång",
        "Fint arbete i vår",
        "Tack!",
        "Fler elever ska klara kunskapskraven",
    ):
        assert text in body
    assert "dialogue/dialogue.css" in body  # the print stylesheet


def test_who_may_see_it(client, dworld) -> None:
    employee = dworld.users["employee"]
    for persona, status in [
        ("employee", 200),
        ("manager", 200),
        ("admin", 200),
        ("board_member", 404),
        ("secretary", 404),
        ("council", 404),
        ("outsider", 404),
        ("controller", 404),
    ]:
        client.force_login(dworld.users[persona])
        assert client.get(url(employee)).status_code == status, persona


def test_the_list_offers_the_managers_staff(client, dworld) -> None:
    client.force_login(dworld.users["manager"])
    body = client.get(reverse("dialogue:development-talk-list") + "?ar=2026").content.decode()
    assert (
        url(dworld.users["employee"]).replace("&", "&amp;") in body
        or reverse("dialogue:development-talk", args=[dworld.users["employee"].code]) in body
    )


def test_an_unknown_year_is_404(client, dworld) -> None:
    client.force_login(dworld.users["employee"])
    assert (
        client.get(
            reverse("dialogue:development-talk", args=[dworld.users["employee"].code]) + "?ar=1990"
        ).status_code
        == 404
    )
