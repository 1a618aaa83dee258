"""access.py: roles reach their subtree; decisions and list filters take a constant number of queries."""

import pytest
from django.db.models import Q

from styrmodell import access
from styrmodell.models import OrgUnit, Role
from tests.conftest import grant, make_tree, make_user


def test_it_lets_a_role_reach_the_whole_subtree(world):
    manager = world.users["manager"]
    assert access.has_role(manager, world.unit("school_a"), Role.MANAGER)
    assert access.has_role(manager, world.unit("team_a1"), Role.MANAGER)
    assert not access.has_role(manager, world.unit("school_b"), Role.MANAGER)
    assert not access.has_role(manager, world.unit("bun"), Role.MANAGER)


def test_it_lists_every_role_a_user_holds_on_a_node(world):
    user = world.users["secretary"]
    grant(user, Role.CONTROLLER, world.unit("buf"))
    assert access.roles_on(user, world.unit("team_a1")) == {Role.SECRETARY, Role.CONTROLLER}
    assert access.roles_on(user, world.unit("bun")) == {Role.SECRETARY}


def test_it_treats_a_board_as_related_to_everyone_working_under_it(world):
    related = set(OrgUnit.objects.filter(access.related_q(world.users["employee"], access.ALL_ROLES)))
    keys = {k for k, u in world.units.items() if u in related}
    assert keys == {"kf", "bun", "buf", "schools", "school_a", "team_a1"}


def test_it_gives_nothing_to_a_person_without_roles(world):
    nobody = make_user("nobody")
    assert not OrgUnit.objects.filter(access.in_subtree_q(nobody, access.ALL_ROLES)).exists()
    assert not OrgUnit.objects.filter(access.related_q(nobody, access.ALL_ROLES)).exists()
    assert not access.is_admin(nobody)


def test_it_knows_municipality_administrators_from_subtree_administrators(world):
    sub_admin = make_user("sub_admin")
    grant(sub_admin, Role.ADMIN, world.unit("bun"))
    assert access.is_admin(sub_admin)
    assert not access.is_system_admin(sub_admin)
    assert access.is_system_admin(world.users["admin"])
    assert access.can_manage_unit(sub_admin, world.unit("school_a"))
    assert not access.can_manage_unit(sub_admin, world.unit("sn"))


def _scoped_world(size: int):
    root = OrgUnit.objects.create_root(name="KF", kind=OrgUnit.Kind.COUNCIL)
    boards = [
        OrgUnit.objects.create_child(root, name=f"Nämnd {i}", kind=OrgUnit.Kind.BOARD) for i in range(size)
    ]
    units = []
    for board in boards:
        units += make_tree(board, breadth=1, depth=1)
    user = make_user(f"multi_{size}")
    for unit in units[:3] + boards[-2:]:
        grant(user, Role.MANAGER, unit)
    deepest = max(units, key=lambda u: u.depth)
    return user, deepest


@pytest.mark.parametrize("size", [2, 250])
def test_it_decides_one_permission_in_one_query_whatever_the_tree(db, django_assert_num_queries, size):
    user, unit = _scoped_world(size)
    user = type(user).objects.get(pk=user.pk)  # nothing cached
    with django_assert_num_queries(1):
        access.has_role(user, unit, Role.MANAGER)
        access.roles_on(user, unit)
        access.has_role(user, unit, Role.EMPLOYEE)


@pytest.mark.parametrize("size", [2, 250])
def test_it_filters_a_list_in_two_queries_whatever_the_tree(db, django_assert_num_queries, size):
    user, _unit = _scoped_world(size)
    user = type(user).objects.get(pk=user.pk)
    assert OrgUnit.objects.count() == 1 + 2 * size
    with django_assert_num_queries(2):
        visible = list(OrgUnit.objects.filter(access.in_subtree_q(user, [Role.MANAGER])))
    granted = [g.path for g in access.grants(user)]
    expected = {u.pk for u in OrgUnit.objects.all() if any(u.path.startswith(p) for p in granted)}
    assert {u.pk for u in visible} == expected
    assert len(expected) == (4 if size == 2 else 7)


def test_it_matches_nothing_for_roles_the_user_lacks(world):
    q = access.in_subtree_q(world.users["manager"], [Role.BOARD_MEMBER])
    assert isinstance(q, Q)
    assert not OrgUnit.objects.filter(q).exists()
