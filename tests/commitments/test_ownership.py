"""Every copied commitment has an owner: a copy takes the sub-unit's own manager, the person copying may choose
another, a unit without a manager is named, and "Mina åtaganden" agrees with the roll-up on what is unreported."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commitments import services
from commitments.models import UNREPORTED, Commitment
from styrmodell.models import Role
from tests.conftest import grant, make_user

from .conftest import make_commitment


@pytest.fixture
def dworld(world):
    """A manager of Skolavdelningen with a commitment there; Skola A has its own manager, Skola B and Lag A1 none."""
    world.users["dept_manager"] = boss = make_user("dept_manager")
    grant(boss, Role.MANAGER, world.units["schools"])
    world.dept_c = make_commitment(world.units["schools"], world.year, "Trygg skolväg", responsible=boss)
    return world


def _copy_down(client, w, data=None):
    client.force_login(w.users["dept_manager"])
    return client.post(
        reverse("commitments:commitment-copy-down", args=[w.dept_c.code]), data or {}, follow=True
    )


def test_a_copy_takes_the_sub_units_manager_and_names_units_without_one(client, dworld):
    w = dworld
    page = _copy_down(client, w).content.decode()
    copies = {c.unit.name: c for c in Commitment.objects.filter(copied_from=w.dept_c).select_related("unit")}
    assert set(copies) == {"Skola A", "Skola B", "Lag A1"}
    assert copies["Skola A"].responsible == w.users["manager"]
    assert copies["Skola B"].responsible is None and copies["Lag A1"].responsible is None
    assert "3 enheter" in page
    warning = page[page.index("Ingen är ansvarig") :]
    assert "Skola B" in warning[:300] and "Lag A1" in warning[:300]


def test_the_person_copying_chooses_another_responsible(client, dworld):
    w = dworld
    school_b = w.units["school_b"]
    _copy_down(client, w, {f"r{school_b.pk}": w.users["dept_manager"].pk})
    copy = Commitment.objects.get(copied_from=w.dept_c, unit=school_b)
    assert copy.responsible == w.users["dept_manager"]


def test_the_copy_form_offers_the_default_manager(client, dworld):
    w = dworld
    client.force_login(w.users["dept_manager"])
    page = client.get(reverse("commitments:commitment-copy-down", args=[w.dept_c.code])).content.decode()
    assert "Skola A" in page and "Skola B" in page


def test_a_copy_with_nobody_responsible_is_on_the_manager_aboves_page(client, dworld):
    w = dworld
    _copy_down(client, w)
    period = w.periods["t2"]
    response = client.get(reverse("commitments:commitment-mine") + f"?period={period.code}")
    shown = {r.commitment.unit.name for r in response.context["mine"] + response.context["units"]}
    assert {"Skola B", "Lag A1"} <= shown
    assert "Skola A" not in shown  # Skola A's manager answers for that copy
    assert "Dina enheter har inga fler åtaganden" not in response.content.decode()


def test_my_commitments_and_the_roll_up_agree_on_what_is_unreported(client, dworld):
    """Each unreported commitment the roll-up counts is on the page of the person responsible for it, or, with
    nobody responsible, on the pages of the managers above it; none is forgotten."""
    w = dworld
    _copy_down(client, w)
    period = w.periods["t2"]
    rollup = {row.unit.pk: row for row in services.rollup(w.unit("schools"), period)}
    counted = rollup[w.units["schools"].pk].counts[UNREPORTED]
    assert counted == 4  # Skolavdelningen's own and its three copies

    seen: set[int] = set()
    for persona in ("dept_manager", "manager"):
        client.force_login(w.users[persona])
        response = client.get(reverse("commitments:commitment-mine") + f"?period={period.code}")
        ctx = response.context
        rows = [r for r in ctx["mine"] + ctx["units"] if r.is_unreported]
        seen |= {r.commitment.pk for r in rows if r.commitment.responsible_id in (w.users[persona].pk, None)}
    assert len(seen) == counted
