"""An administrator finds people on "Personer": a labelled search over name, username and e-mail (a plain GET
form), and the list paged 50 at a time by keyset."""

from __future__ import annotations

import re
from html import unescape

from django.urls import reverse

from styrmodell.models import User


def _people(n: int) -> None:
    User.objects.bulk_create(
        User(
            username=f"person{i:03}",
            first_name="Person",
            last_name=f"{i:03}",
            email=f"p{i:03}@kommun.example.se",
        )
        for i in range(n)
    )


def test_it_pages_everyone_fifty_at_a_time_each_once(client, world, django_assert_max_num_queries):
    _people(120)
    client.force_login(world.users["admin"])
    url = reverse("person-list")
    seen, path, pages = [], url, 0
    while path:
        with django_assert_max_num_queries(12):
            response = client.get(path)
        body = response.content.decode()
        seen += [p.pk for p in response.context["people"]]
        pages += 1
        match = re.search(r'<a href="([^"]*)" rel="next">Nästa sida</a>', body)
        path = url + unescape(match.group(1)) if match else None
    assert len(seen) == len(set(seen)) == User.objects.count() > 120
    assert pages == response.context["pager"].num_pages == 3
    assert "Föregående sida" in body and "Sidor med personer" in body


def test_it_searches_name_username_and_email_with_a_labelled_field(client, world):
    _people(60)
    client.force_login(world.users["admin"])
    url = reverse("person-list")
    body = client.get(url).content.decode()
    assert '<label for="q">Sök personer</label>' in body and "Namn, användarnamn eller e-postadress" in body
    assert [p.username for p in client.get(url, {"q": "p007@kommun"}).context["people"]] == ["person007"]
    assert [p.username for p in client.get(url, {"q": "person 042"}).context["people"]] == ["person042"]
    assert [p.username for p in client.get(url, {"q": "person012"}).context["people"]] == ["person012"]
    response = client.get(url, {"q": "ingen-sådan"})
    assert "Ingen matchar." in response.content.decode()
    assert response.context["pager"].total == 0
