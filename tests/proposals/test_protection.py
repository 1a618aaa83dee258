"""Protection of the public forms: the rate limit per client address, the honeypot, single-use expiring links,
and one signature per address even when two requests race."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse

from proposals import services
from proposals.models import Proposal, Signature

from .conftest import make_proposal

MESSAGE = "Du har skickat formuläret för många gånger"


def _submit(client, world, **extra):
    data = {
        "title": "Förslag",
        "text": "Text",
        "topic": "other",
        "board": world.units["bun"].pk,
        "name": "Någon",
        "email": "someone@example.se",
    }
    data.update(extra)
    return client.post(reverse("proposals:proposal-create"), data, REMOTE_ADDR=extra.pop("ip", "10.0.0.1"))


def test_too_many_posts_from_one_address_get_429_with_a_swedish_message(world, client, settings):
    settings.PROPOSALS_RATE_LIMIT = 2
    assert _submit(client, world).status_code == 302
    assert _submit(client, world).status_code == 302
    response = _submit(client, world)
    assert response.status_code == 429
    assert MESSAGE in response.content.decode()
    assert Proposal.objects.count() == 2
    # Another address is not affected.
    response = client.post(
        reverse("proposals:proposal-create"),
        {
            "title": "Annat",
            "text": "Text",
            "topic": "other",
            "board": world.units["bun"].pk,
            "name": "A",
            "email": "a@example.se",
        },
        REMOTE_ADDR="10.0.0.2",
    )
    assert response.status_code == 302


def test_the_sign_form_is_rate_limited_too(world, client, settings):
    settings.PROPOSALS_RATE_LIMIT = 1
    proposal = make_proposal(world)
    url = reverse("proposals:proposal-sign", args=[proposal.code])
    assert client.post(url, {"name": "A", "email": "a@example.se"}).status_code == 302
    response = client.post(url, {"name": "B", "email": "b@example.se"})
    assert response.status_code == 429
    assert MESSAGE in response.content.decode()
    assert Signature.objects.count() == 1


def test_behind_a_proxy_the_configured_header_names_the_client(world, client, settings):
    settings.PROPOSALS_RATE_LIMIT = 1
    settings.PROPOSALS_CLIENT_IP_HEADER = "X-Forwarded-For"
    proposal = make_proposal(world)
    url = reverse("proposals:proposal-sign", args=[proposal.code])
    ok = client.post(url, {"name": "A", "email": "a@example.se"}, HTTP_X_FORWARDED_FOR="1.1.1.1, 10.0.0.5")
    assert ok.status_code == 302
    other = client.post(url, {"name": "B", "email": "b@example.se"}, HTTP_X_FORWARDED_FOR="10.0.0.6")
    assert other.status_code == 302
    # A client cannot dodge the limit by inventing addresses to the left of the proxy's.
    again = client.post(url, {"name": "C", "email": "c@example.se"}, HTTP_X_FORWARDED_FOR="9.9.9.9, 10.0.0.5")
    assert again.status_code == 429


def test_a_zero_limit_switches_it_off(world, client, settings):
    settings.PROPOSALS_RATE_LIMIT = 0
    for _ in range(15):
        assert _submit(client, world).status_code == 302


def test_a_filled_honeypot_is_thanked_and_nothing_is_saved(world, client, mailoutbox):
    response = _submit(client, world, webbplats="http://spam.example")
    assert response.status_code == 302
    assert Proposal.objects.count() == 0 and mailoutbox == []
    proposal = make_proposal(world)
    client.post(
        reverse("proposals:proposal-sign", args=[proposal.code]),
        {"name": "Bot", "email": "bot@example.se", "webbplats": "x"},
    )
    assert Signature.objects.count() == 0


def test_every_public_form_says_what_personal_data_is_kept(world, client):
    proposal = make_proposal(world)
    for url in (
        reverse("proposals:proposal-create"),
        reverse("proposals:proposal-detail", args=[proposal.code]),
    ):
        body = client.get(url).content.decode()
        assert "Dina personuppgifter" in body
        assert "365 dagar" in body
        assert 'name="webbplats"' in body


def test_a_signature_link_works_once(world, client, mailoutbox):
    proposal = make_proposal(world)
    client.post(
        reverse("proposals:proposal-sign", args=[proposal.code]), {"name": "A", "email": "a@example.se"}
    )
    from .conftest import link_in

    link = link_in(mailoutbox[0])
    assert client.post(link).status_code == 200
    assert client.post(link).status_code == 410
    assert Signature.objects.filter(verified_at__isnull=False).count() == 1


def test_a_signature_for_a_closed_proposal_does_not_count(world, client, mailoutbox):
    proposal = make_proposal(world)
    client.post(
        reverse("proposals:proposal-sign", args=[proposal.code]), {"name": "A", "email": "a@example.se"}
    )
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.CLOSED)
    from .conftest import link_in

    assert client.post(link_in(mailoutbox[0])).status_code == 410
    assert not Signature.objects.filter(verified_at__isnull=False).exists()


def test_the_same_address_racing_itself_stores_one_signature(world):
    """The second insert of an address meets the unique constraint; it becomes a new link, not a second row."""
    proposal = make_proposal(world)
    services.sign(proposal, name="A", email="a@example.se", link=lambda t: t)
    services.sign(proposal, name="A again", email="A@example.se", link=lambda t: t)
    assert Signature.objects.filter(proposal=proposal).count() == 1
    assert Signature.objects.get().name == "A again"


@pytest.mark.django_db(transaction=True)
def test_concurrent_signing_with_one_address_stores_one(world):
    """Real concurrency needs a server database; on SQLite the requests are serialised anyway."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    from django.db import close_old_connections, transaction

    proposal = make_proposal(world)
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def sign() -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                services.sign(proposal, name="Samma", email="same@example.se", link=lambda t: t)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=sign) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Signature.objects.filter(proposal=proposal).count() == 1
