"""Creating, editing, copying down, breaking down and carrying over commitments; the pages that show them."""

from __future__ import annotations

from django.urls import reverse

from commitments import services
from commitments.models import Commitment, Status
from styrmodell.models import Year

from .conftest import make_commitment, make_goal, make_report


def test_it_creates_a_commitment_for_the_managers_unit(client, cworld):
    unit = cworld.units["school_a"]
    client.force_login(cworld.users["manager"])
    response = client.post(
        reverse("commitments:commitment-create", args=[unit.code]),
        {
            "year": cworld.year.pk,
            "title": "Språkutvecklande arbetssätt",
            "description": "Alla lärare går utbildningen",
            "goals": [cworld.goal.pk],
            "responsible": cworld.users["manager"].pk,
            "starts": "2026-02-01",
            "ends": "2026-11-30",
        },
    )
    c = Commitment.objects.get(title="Språkutvecklande arbetssätt")
    assert response.status_code == 302
    assert response["Location"] == reverse("commitments:commitment-detail", args=[c.code])
    assert (c.unit, c.year, c.responsible, c.created_by, c.owner) == (
        unit,
        cworld.year,
        cworld.users["manager"],
        cworld.users["manager"],
        None,
    )
    assert list(c.goals.all()) == [cworld.goal]
    assert c.history.first().history_user == cworld.users["manager"]


def test_it_refuses_goals_of_another_year_and_end_before_start(client, cworld):
    next_year = Year.objects.create(year=2027)
    other_goal = make_goal(cworld.units["bun"], next_year, "Ett mål 2027")
    client.force_login(cworld.users["manager"])
    response = client.post(
        reverse("commitments:commitment-create", args=[cworld.units["school_a"].code]),
        {
            "year": cworld.year.pk,
            "title": "X",
            "goals": [other_goal.pk],
            "starts": "2026-05-01",
            "ends": "2026-04-01",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Välj mål från åtagandets år" in body and "Slutdatum får inte vara före startdatum" in body
    assert not Commitment.objects.filter(title="X").exists()


def test_it_updates_a_commitment_and_raises_its_version(client, cworld):
    client.force_login(cworld.users["manager"])
    response = client.post(
        reverse("commitments:commitment-update", args=[cworld.unit_c.code]),
        {
            "title": "Läsfrämjande insatser F–6",
            "description": "Bokcirklar",
            "starts": "2026-01-15",
            "ends": "2026-12-15",
            "version": 1,
        },
    )
    assert response.status_code == 302
    cworld.unit_c.refresh_from_db()
    assert (cworld.unit_c.title, cworld.unit_c.description, cworld.unit_c.version) == (
        "Läsfrämjande insatser F–6",
        "Bokcirklar",
        2,
    )
    assert list(cworld.unit_c.goals.all()) == []  # the goal boxes were left unticked
    edit = cworld.unit_c.history.filter(title="Läsfrämjande insatser F–6").order_by("history_date").first()
    assert (edit.history_type, edit.history_user, edit.version) == ("~", cworld.users["manager"], 2)


def test_it_copies_a_commitment_to_every_unit_below_once(client, cworld):
    client.force_login(cworld.users["manager"])
    url = reverse("commitments:commitment-copy-down", args=[cworld.unit_c.code])
    assert client.post(url).status_code == 302
    copy = Commitment.objects.get(copied_from=cworld.unit_c)
    assert (copy.unit, copy.title, copy.year) == (cworld.unit("team_a1"), cworld.unit_c.title, cworld.year)
    assert list(copy.goals.all()) == [cworld.goal]
    client.post(url)
    assert Commitment.objects.filter(copied_from=cworld.unit_c).count() == 1


def test_it_breaks_a_commitment_down_to_an_employee_below(client, cworld):
    client.force_login(cworld.users["manager"])
    url = reverse("commitments:commitment-break-down", args=[cworld.unit_c.code])
    data = {"title": "Högläsning varje dag", "starts": "2026-01-01", "ends": "2026-06-30"}
    response = client.post(url, {**data, "owner": cworld.users["outsider"].pk})
    assert response.status_code == 200  # not an employee in the unit's subtree
    response = client.post(url, {**data, "owner": cworld.users["employee"].pk})
    part = Commitment.objects.get(title="Högläsning varje dag")
    assert response["Location"] == reverse("commitments:commitment-detail", args=[part.code])
    assert (part.owner, part.parent, part.unit, part.is_personal) == (
        cworld.users["employee"],
        cworld.unit_c,
        cworld.unit_c.unit,
        True,
    )
    assert list(part.goals.all()) == [cworld.goal]


def test_it_carries_unfinished_commitments_into_the_next_year(client, cworld):
    next_year = Year.objects.create(year=2027)
    next_goal = make_goal(cworld.units["bun"], next_year)  # same title as this year's goal
    done = Commitment.objects.create(
        unit=cworld.units["school_a"], year=cworld.year, title="Klart", starts="2026-01-01", ends="2026-03-01"
    )
    make_report(done, cworld.periods["t1"], Status.DONE)
    client.force_login(cworld.users["manager"])
    url = reverse("commitments:commitment-carry-over", args=[cworld.units["school_a"].code])
    response = client.post(url, {"from_year": cworld.year.pk, "to_year": next_year.pk})
    assert response.status_code == 302
    carried = Commitment.objects.filter(year=next_year)
    assert {c.title for c in carried} == {cworld.unit_c.title, cworld.personal.title}
    new_unit_c = carried.get(carried_over_from=cworld.unit_c)
    assert list(new_unit_c.goals.all()) == [next_goal]
    assert carried.get(carried_over_from=cworld.personal).parent == new_unit_c
    client.post(url, {"from_year": cworld.year.pk, "to_year": next_year.pk})
    assert Commitment.objects.filter(year=next_year).count() == 2


def test_it_shows_my_commitments_with_what_is_unreported(client, cworld):
    make_report(cworld.unit_c, cworld.periods["t2"], Status.AT_RISK, comment="Brist på böcker")
    client.force_login(cworld.users["employee"])
    response = client.get(reverse("commitments:commitment-mine") + f"?period={cworld.periods['t2'].code}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Läsgrupper i åk 2" in body and "1 av dina åtaganden är inte rapporterat än." in body
    assert "Skola B:s åtagande" not in body


def test_it_reaches_my_commitments_from_the_start_page(client, cworld):
    client.force_login(cworld.users["employee"])
    body = client.get(reverse("home")).content.decode()
    assert reverse("commitments:commitment-mine") in body
    assert "Rapportera mina åtaganden" in body


def test_it_shows_the_unit_view_with_who_has_not_reported_and_filters(client, cworld):
    make_report(cworld.unit_c, cworld.periods["t2"], Status.DELAYED, comment="Sjukdom")
    client.force_login(cworld.users["manager"])
    url = reverse("commitments:unit-commitments", args=[cworld.units["school_a"].code])
    body = client.get(url + f"?period={cworld.periods['t2'].pk}").content.decode()
    assert "Läsgrupper i åk 2" in body  # the employee commitment, not reported
    body = client.get(url + f"?period={cworld.periods['t2'].pk}&status=delayed").content.decode()
    assert "Läsfrämjande insatser" in body and "Läsgrupper i åk 2" not in body.split("Alla åtaganden")[1]


def test_it_hides_employee_commitments_from_board_members_in_the_unit_view(client, cworld):
    client.force_login(cworld.users["board_member"])
    body = client.get(
        reverse("commitments:unit-commitments", args=[cworld.units["school_a"].code])
    ).content.decode()
    assert "Läsfrämjande insatser" in body and "Läsgrupper i åk 2" not in body


def test_it_reports_the_board_numbers_for_other_apps(cworld):
    make_report(cworld.unit_c, cworld.periods["t2"], Status.ON_TRACK)
    counts = services.status_counts(cworld.unit("bun"), cworld.periods["t2"])
    assert counts[Status.ON_TRACK] == 1 and counts["unreported"] == 1 and sum(counts.values()) == 2


def test_it_shows_a_commitment_with_its_reports_parts_and_history(client, cworld):
    make_report(cworld.unit_c, cworld.periods["t1"], Status.ON_TRACK, comment="Startat")
    client.force_login(cworld.users["manager"])
    body = client.get(reverse("commitments:commitment-detail", args=[cworld.unit_c.code])).content.decode()
    assert "Startat" in body and "Läsgrupper i åk 2" in body and "Ändringshistorik" in body
    assert "Perioden är stängd" in body  # T1 is closed: no form for it
    client.force_login(cworld.users["board_member"])
    body = client.get(reverse("commitments:commitment-detail", args=[cworld.unit_c.code])).content.decode()
    assert "Startat" in body and "Läsgrupper i åk 2" not in body
    assert reverse("commitments:commitment-update", args=[cworld.unit_c.code]) not in body


def test_commitments_follow_their_unit_when_the_tree_is_moved(cworld):
    from commitments import rules as commitments_rules
    from styrmodell import access
    from styrmodell.services import move_unit

    team = cworld.unit("team_a1")
    team_c = make_commitment(team, cworld.year, "Lagets åtagande")
    manager_a = cworld.users["manager"]  # manager of Skola A
    assert team_c in commitments_rules.commitments_visible_to(manager_a)
    move_unit(team, cworld.unit("school_b"))
    team_c.refresh_from_db()
    assert team_c.unit_path == cworld.unit("team_a1").path
    assert team_c.unit_path.startswith(cworld.unit("school_b").path)
    access.forget_grants(manager_a)
    assert team_c not in commitments_rules.commitments_visible_to(manager_a)
    # Every commitment carries its unit's current path, the moved ones and the rest.
    assert all(c.unit_path == c.unit.path for c in Commitment.objects.select_related("unit"))
