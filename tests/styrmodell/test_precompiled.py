"""A query compiled once (styrmodell/lib/precompiled.py) gives what the ORM gives, for each call's own values, in
one statement, and falls back to the ORM wherever it cannot be sure."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db.models import F, Value

from styrmodell.lib import precompiled
from styrmodell.lib.precompiled import Precompiled
from styrmodell.models import OrgUnit, Period, RoleGrant

pytestmark = pytest.mark.django_db

PERIOD_FIELDS = [f.attname for f in Period._meta.concrete_fields]


def _period_of_year():
    return Precompiled(
        lambda code, year_id: (
            Period.objects.select_related("year").order_by().filter(code=code, year_id=year_id)
        ),
        code=Period._meta.get_field("code"),
        year_id=Period._meta.get_field("year"),
    )


def _same(found: Period, expected: Period) -> None:
    assert [getattr(found, f) for f in PERIOD_FIELDS] == [getattr(expected, f) for f in PERIOD_FIELDS]


def test_each_call_finds_the_row_of_its_own_values_with_the_values_converted(world):
    t2 = world.periods["t2"]
    t2.staff_closed_at = datetime.datetime(2026, 9, 2, 8, 30, tzinfo=datetime.UTC)
    t2.collects = ["status"]
    t2.save()
    query = _period_of_year()
    for period in world.periods.values():
        found = query.first(code=period.code, year_id=world.year.pk)
        expected = Period.objects.get(pk=period.pk)
        _same(found, expected)
    found = query.first(code=t2.code, year_id=world.year.pk)
    assert found.collects == ["status"]
    assert found.staff_closed_at == t2.staff_closed_at
    assert isinstance(found.code, uuid.UUID) and isinstance(found.starts, datetime.date)
    assert found._state.adding is False and found._state.db == "default"


def test_a_value_matching_nothing_gives_none_and_a_wrong_year_finds_nothing(world):
    query = _period_of_year()
    assert query.first(code=uuid.uuid4(), year_id=world.year.pk) is None
    assert query.first(code=world.periods["t2"].code, year_id=world.year.pk + 1000) is None
    assert query.all(code=uuid.uuid4(), year_id=world.year.pk) == []


def test_it_runs_one_statement_and_the_related_objects_come_with_it(world, django_assert_num_queries):
    query = _period_of_year()
    query.first(code=world.periods["t1"].code, year_id=world.year.pk)  # compiled on first use
    with django_assert_num_queries(1):
        found = query.first(code=world.periods["t2"].code, year_id=world.year.pk)
    with django_assert_num_queries(0):
        assert found.year.year == 2026 and found.year.pk == world.year.pk


def test_annotations_are_set_on_the_instances(world):
    query = Precompiled(
        lambda code: OrgUnit.objects.annotate(parent_depth=F("depth") - 1).filter(code=code),
        code=OrgUnit._meta.get_field("code"),
    )
    school = world.units["school_a"]
    found = query.first(code=school.code)
    assert found.pk == school.pk and found.parent_depth == school.depth - 1


def test_rows_of_a_values_list_union_are_those_of_the_queryset(world):
    def grants(user_id):
        roles = RoleGrant.objects.filter(user_id=user_id).values_list(
            "content_object_id", "permission__codename"
        )
        marker = (
            RoleGrant.objects.filter(user_id=user_id)
            .annotate(m=Value("-"))
            .values_list("content_object_id", "m")
        )
        return roles.order_by().union(marker.order_by(), all=True)

    query = Precompiled(grants, user_id=RoleGrant._meta.get_field("user"))
    for user in world.users.values():
        assert sorted(query.all(user_id=user.pk)) == sorted(grants(user.pk))
        assert query.all(user_id=user.pk)


def test_a_value_the_orm_writes_into_the_sql_falls_back_to_the_queryset(world, django_assert_num_queries):
    def by_depth(depth):
        return OrgUnit.objects.extra(where=[f"depth = {int(depth)}"]).order_by("path")  # noqa: S610

    query = Precompiled(by_depth, depth=OrgUnit._meta.get_field("depth"))
    assert [u.pk for u in query.all(depth=2)] == [
        u.pk for u in OrgUnit.objects.filter(depth=2).order_by("path")
    ]
    assert query._compiled == {"default": None}


def test_prefetching_falls_back_to_the_queryset(world, django_assert_num_queries):
    query = Precompiled(
        lambda code: OrgUnit.objects.prefetch_related("role_grants").filter(code=code),
        code=OrgUnit._meta.get_field("code"),
    )
    school = world.units["school_a"]
    found = query.first(code=school.code)
    assert query._compiled == {"default": None}
    with django_assert_num_queries(0):
        list(found.role_grants.all())


def test_on_another_django_release_every_call_runs_the_queryset(world, monkeypatch):
    monkeypatch.setattr(precompiled, "COMPARED_WITH", (4, 2))
    query = _period_of_year()
    found = query.first(code=world.periods["t2"].code, year_id=world.year.pk)
    assert query._compiled == {"default": None}
    _same(found, Period.objects.get(pk=world.periods["t2"].pk))


def test_it_refuses_values_it_was_not_built_for(world):
    with pytest.raises(TypeError):
        _period_of_year().first(code=world.periods["t2"].code)
