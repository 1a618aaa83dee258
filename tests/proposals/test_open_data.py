"""Open data of e-proposals: every public proposal, its count and its published answer, and no personal data."""

from __future__ import annotations

import csv
import io
import json

from django.urls import reverse
from django.utils import timezone

from proposals.models import Proposal

from .conftest import add_signatures, make_proposal


def _world_with_people(world):
    collecting = make_proposal(
        world, title="Samlar", submitter_name="Anna Förslag", submitter_email="anna@example.se"
    )
    add_signatures(collecting, 2)
    answered = make_proposal(
        world,
        status=Proposal.Status.ANSWERED,
        title="Besvarat",
        answer="Nämndens svar",
        decision_date=timezone.localdate(),
        decision_paragraph="§ 7",
        decision="Beslutet",
        answer_published_at=timezone.now(),
    )
    add_signatures(answered, 3)
    threshold = make_proposal(
        world, status=Proposal.Status.THRESHOLD, title="Gränsen", answer="Utkast till svar"
    )
    make_proposal(world, status=Proposal.Status.PENDING, title="Väntar")
    make_proposal(world, status=Proposal.Status.REFUSED, title="Avslaget", refusal_reason="offensive")
    return collecting, answered, threshold


def _personal(world) -> list[str]:
    from proposals.models import Signature

    values = list(Proposal.objects.values_list("submitter_name", "submitter_email"))
    values += list(Signature.objects.values_list("name", "email"))
    return [v for pair in values for v in pair if v]


def test_the_csv_has_public_proposals_and_no_personal_data(world, client):
    _world_with_people(world)
    response = client.get(reverse("proposals:open-data-csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["title"] for r in rows} == {"Samlar", "Besvarat", "Gränsen"}
    by_title = {r["title"]: r for r in rows}
    assert by_title["Samlar"]["signatures"] == "2"
    assert by_title["Besvarat"]["decision_paragraph"] == "§ 7"
    assert by_title["Gränsen"]["answer"] == ""  # a draft answer is not published
    for value in _personal(world):
        assert value not in text
    assert "name" not in rows[0] and "email" not in rows[0]


def test_the_json_has_the_same_and_no_personal_data(world, client):
    _world_with_people(world)
    response = client.get(reverse("proposals:open-data-json"))
    data = json.loads(response.content)
    assert {p["title"] for p in data["proposals"]} == {"Samlar", "Besvarat", "Gränsen"}
    text = response.content.decode()
    for value in _personal(world):
        assert value not in text


def test_a_formula_in_a_title_is_neutralised_in_csv(world, client):
    make_proposal(world, title='=HYPERLINK("http://x")')
    text = client.get(reverse("proposals:open-data-csv")).content.decode()
    assert "'=HYPERLINK" in text


def test_the_public_pages_show_counts_but_never_signers(world, client):
    collecting, answered, threshold = _world_with_people(world)
    for proposal in (collecting, answered, threshold):
        body = client.get(reverse("proposals:proposal-detail", args=[proposal.code])).content.decode()
        for value in _personal(world):
            assert value not in body
    body = client.get(reverse("proposals:proposal-list")).content.decode()
    assert "2 av 3 underskrifter" in body


def test_the_public_list_filters_by_state_board_and_topic(world, client):
    make_proposal(world, title="Skolförslag", topic="school")
    make_proposal(world, board="sn", title="Omsorgsförslag", topic="care")
    _c, _a, _t = _world_with_people(world)
    url = reverse("proposals:proposal-list")
    body = client.get(url).content.decode()
    assert "Skolförslag" in body and "Omsorgsförslag" in body and "Besvarat" not in body
    body = client.get(url, {"lage": "besvarade"}).content.decode()
    assert "Besvarat" in body and "Skolförslag" not in body
    body = client.get(url, {"namnd": str(world.units["sn"].code)}).content.decode()
    assert "Omsorgsförslag" in body and "Skolförslag" not in body
    body = client.get(url, {"amne": "school"}).content.decode()
    assert "Skolförslag" in body and "Omsorgsförslag" not in body
    # Nonsense in the filters is ignored, never an error.
    assert client.get(url, {"namnd": "x", "amne": "<script>", "lage": "?", "sida": "-1"}).status_code == 200
