from django.urls import reverse


def test_it_shows_my_overview_with_my_roles(client, world):
    client.force_login(world.users["manager"])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Skola A" in response.content.decode()


def test_it_sends_anonymous_visitors_to_login(client, world):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
