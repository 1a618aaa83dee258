"""An administrator builds and reorganises the organisation tree in the browser."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrmodell.models import OrgUnit, Role, RoleGrant
from tests.conftest import grant, make_tree, make_user


def _login(client, world, persona):
    client.force_login(world.users[persona])


def test_it_shows_the_tree_down_to_the_administrations_to_everyone(client, world):
    _login(client, world, "outsider")
    response = client.get(reverse("unit-list"))
    assert response.status_code == 200
    body = response.content.decode()
    for name in ("Kommunfullmäktige", "Barn- och utbildningsnämnden", world.unit("buf").name):
        assert name in body
    # Below the administrations the tree is collapsed: each node leads on, with and without JavaScript.
    assert "Skola A" not in body
    buf = world.unit("buf")
    assert f"?under={buf.code}" in body
    assert f'href="{reverse("unit-detail", args=[buf.code])}"' in body


def test_it_loads_a_nodes_children_on_demand(client, world):
    _login(client, world, "employee")
    schools = world.unit("schools")
    partial = client.get(reverse("unit-list") + f"?under={schools.code}", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    body = partial.content.decode()
    assert body.lstrip().startswith("<ul") and "Skola A" in body and "Skola B" in body
    assert "<html" not in body
    # Skola A has a team below it: collapsed again, one level at a time.
    assert "Lag A1" not in body and f"?under={world.unit('school_a').code}" in body
    # Without JavaScript the same address leads to the node's own page, which lists its children.
    plain = client.get(reverse("unit-list") + f"?under={schools.code}")
    assert plain.status_code == 302 and plain["Location"] == reverse("unit-detail", args=[schools.code])
    assert "Skola A" in client.get(plain["Location"]).content.decode()
    assert client.get(reverse("unit-list") + "?under=nonsense", HTTP_HX_REQUEST="true").status_code == 404


def test_it_stays_small_whatever_the_size_of_the_tree(client, world):
    _login(client, world, "employee")
    before = len(client.get(reverse("unit-list")).content)
    make_tree(world.unit("schools"), breadth=5, depth=2)
    assert len(client.get(reverse("unit-list")).content) == before


def test_it_lists_the_tree_in_a_fixed_number_of_queries(client, world):
    _login(client, world, "employee")
    page = reverse("unit-list")
    children = reverse("unit-list") + f"?under={world.unit('schools').code}"

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, HTTP_HX_REQUEST="true" if "under" in url else None).status_code == 200
        return len(queries.captured_queries)

    small = count(page), count(children)
    make_tree(world.unit("schools"), breadth=4, depth=2)
    make_tree(world.unit("buf"), breadth=3, depth=2)
    assert (count(page), count(children)) == small
    # The nodes below a collapsed node cost one query, the same as the page's own tree.
    assert small[1] <= small[0]


def test_it_creates_a_unit_below_a_node(client, world):
    _login(client, world, "admin")
    schools = world.unit("schools")
    response = client.post(
        reverse("unit-create", args=[schools.code]), {"name": "Skola C", "short_name": "", "kind": "unit"}
    )
    unit = OrgUnit.objects.get(name="Skola C")
    assert response.status_code == 302
    assert response["Location"] == reverse("unit-detail", args=[unit.code])
    assert OrgUnit.objects.get_parent(unit) == schools
    assert unit.kind == OrgUnit.Kind.UNIT
    assert unit.history.count() == 1


def test_it_refuses_a_kind_that_does_not_belong_below_the_parent(client, world):
    _login(client, world, "admin")
    response = client.post(
        reverse("unit-create", args=[world.unit("team_a1").code]), {"name": "X", "kind": "board"}
    )
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not OrgUnit.objects.filter(name="X").exists()


def test_it_renames_a_unit_and_keeps_the_old_name_in_the_history(client, world):
    _login(client, world, "admin")
    unit = world.unit("school_a")
    response = client.post(
        reverse("unit-update", args=[unit.code]), {"name": "Aspenskolan", "short_name": "ASP"}
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.short_name) == ("Aspenskolan", "ASP")
    page = client.get(reverse("unit-detail", args=[unit.code])).content.decode()
    assert "Skola A" in page and "Aspenskolan" in page


def test_it_moves_a_subtree_with_everything_attached(client, world):
    _login(client, world, "admin")
    school_a, school_b = world.unit("school_a"), world.unit("school_b")
    manager = world.users["manager"]
    response = client.post(
        reverse("unit-move", args=[world.unit("team_a1").code]), {"target": str(school_b.code)}
    )
    assert response.status_code == 302
    team = world.unit("team_a1")
    assert OrgUnit.objects.get_parent(team) == school_b
    assert team.path.startswith(school_b.path)
    # The employee's role moved with the team: it now reaches Skola B's subtree, not Skola A's.
    employee = type(manager).objects.get(pk=world.users["employee"].pk)
    grant_row = RoleGrant.objects.get(user=employee)
    assert grant_row.content_object == team
    from styrmodell import access

    assert access.has_role(employee, team, Role.EMPLOYEE)
    assert not access.has_role(manager, team, Role.MANAGER)
    school_a.refresh_from_db()
    assert school_a.numchild == 0
    assert "Flyttad" in team.history.first().history_change_reason


def test_it_refuses_to_move_a_unit_below_itself(client, world):
    _login(client, world, "admin")
    response = client.post(
        reverse("unit-move", args=[world.unit("buf").code]), {"target": str(world.unit("school_a").code)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert OrgUnit.objects.get_parent(world.unit("buf")) == world.unit("bun")


def test_it_deactivates_a_unit_with_its_subtree_instead_of_deleting(client, world):
    _login(client, world, "admin")
    response = client.post(reverse("unit-deactivate", args=[world.unit("school_a").code]))
    assert response.status_code == 302
    assert not world.unit("school_a").is_active
    assert not world.unit("team_a1").is_active
    assert world.unit("school_b").is_active
    under_a = reverse("unit-list") + f"?under={world.unit('school_a').code}"
    assert "Lag A1" not in client.get(under_a, HTTP_HX_REQUEST="true").content.decode()
    assert "Lag A1" in client.get(under_a + "&visa=alla", HTTP_HX_REQUEST="true").content.decode()


def test_it_reactivates_a_unit_only_below_an_active_parent(client, world):
    _login(client, world, "admin")
    client.post(reverse("unit-deactivate", args=[world.unit("school_a").code]))
    client.post(reverse("unit-activate", args=[world.unit("team_a1").code]))
    assert not world.unit("team_a1").is_active
    client.post(reverse("unit-activate", args=[world.unit("school_a").code]))
    assert world.unit("school_a").is_active


def test_it_deletes_only_a_unit_with_nothing_attached(client, world):
    _login(client, world, "admin")
    empty = OrgUnit.objects.create_child(world.unit("schools"), name="Felregistrerad", kind=OrgUnit.Kind.UNIT)
    assert client.post(reverse("unit-delete", args=[empty.code])).status_code == 302
    assert not OrgUnit.objects.filter(pk=empty.pk).exists()
    client.post(reverse("unit-delete", args=[world.unit("school_a").code]))
    assert OrgUnit.objects.filter(pk=world.units["school_a"].pk).exists()


def test_it_lets_a_subtree_administrator_change_only_their_subtree(client, world):
    sub_admin = make_user("sub_admin")
    grant(sub_admin, Role.ADMIN, world.unit("bun"))
    client.force_login(sub_admin)
    assert (
        client.post(reverse("unit-update", args=[world.unit("school_a").code]), {"name": "Ny"}).status_code
        == 302
    )
    assert (
        client.post(reverse("unit-update", args=[world.unit("home_care").code]), {"name": "Ny"}).status_code
        == 403
    )


def test_it_forbids_changes_by_non_administrators(client, world):
    _login(client, world, "manager")
    unit = world.unit("school_a")
    assert client.post(reverse("unit-update", args=[unit.code]), {"name": "Hackad"}).status_code == 403
    assert client.post(reverse("unit-deactivate", args=[unit.code])).status_code == 403
    assert world.unit("school_a").name == "Skola A"


def test_it_answers_404_for_a_unit_that_does_not_exist(client, world):
    _login(client, world, "admin")
    assert (
        client.get(reverse("unit-detail", args=["00000000-0000-0000-0000-000000000000"])).status_code == 404
    )


def test_it_ties_an_error_message_to_its_field(client, world):
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("unit-create", args=[world.unit("schools").code]), {"name": " ", "kind": "unit"}
    )
    body = response.content.decode()
    assert 'aria-describedby="id_name_error"' in body
    assert 'id="id_name_error"' in body
    assert 'aria-invalid="true"' in body


def test_a_nodes_range_of_paths_is_exactly_its_subtree(world):
    # The unit view bounds the subtree by a range of paths as well as by the prefix (an index can then serve its
    # order): the range must give the same nodes as the prefix for every node, leaves and the root included.
    make_tree(world.unit("buf"), breadth=3, depth=2)
    nodes = list(OrgUnit.objects.all())
    for node in nodes:
        by_range = set(OrgUnit.objects.filter(**node.subtree_range()).values_list("pk", flat=True))
        by_prefix = {n.pk for n in nodes if n.path.startswith(node.path)}
        assert by_range == by_prefix, node.name
    # A node whose step ends with the alphabet's last character: its next sibling lies above the range.
    last = OrgUnit(path="0001000Z", depth=2)
    bounds = last.subtree_range()
    assert bounds["path__gte"] <= "0001000Z0001" <= bounds["path__lte"] < "00010010"
