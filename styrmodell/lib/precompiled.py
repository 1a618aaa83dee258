"""Queries whose SQL is built once and then run with each request's values.

Building a query through the ORM (cloning the queryset, resolving each lookup, compiling the joins of
`select_related`) costs more than PostgreSQL takes to run it once the statement is prepared: at the deadline rush,
finding the commitment and its period cost 2.2 ms of a report save's 7 ms of Python, and their SQL took 0.3 ms
(BENCHMARKS.md, section 14). A `Precompiled` query is compiled the first time it runs on a database, with a
stand-in value for each parameter; after that only the values change.

    COMMITMENT = Precompiled(
        lambda code: Commitment.objects.select_related("unit").order_by().filter(code=code),
        code=Commitment._meta.get_field("code"),
    )
    commitment = COMMITMENT.first(code=some_uuid)

What it returns is what the queryset returns: model instances with their `select_related` objects cached and
every value converted as the ORM converts it, or, for a `values_list()` queryset, its rows. Instances are built the
way Django's own `ModelIterable` builds them, so this leans on the ORM's internals: on a Django release other than
the one it was compared with (tests/styrmodell/test_precompiled.py), and for any query whose parameters are not
exactly the stand-ins it was given, every call simply runs the queryset.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import django
from django.db import connections, router
from django.db.models import Field, Model, QuerySet
from django.db.models.query import get_related_populators

# The release whose ModelIterable the instance building below follows.
COMPARED_WITH = (5, 2)
_sentinels = itertools.count(7_310_482)


def _stand_in(field: Field) -> Any:
    """A value of the field's type that no real row has: its place among the compiled parameters shows where the
    real value goes."""
    target = getattr(field, "target_field", field)
    number = next(_sentinels)
    kind = target.get_internal_type()
    if kind == "UUIDField":
        return uuid.UUID(int=number)
    if kind in ("CharField", "TextField", "SlugField"):
        return f"\N{SECTION SIGN}stand-in {number}\N{SECTION SIGN}"
    return -number


@dataclass
class _Compiled:
    sql: str
    params: list  # the compiled parameters; the slots below are filled with each call's values
    slots: list[tuple[int, str]]  # (position in params, name of the value)
    model: type[Model] | None  # None for a values_list() queryset: its rows are returned as they come
    init_list: list[str]
    fields: tuple[int, int]  # the model's own columns in a row
    related: list
    converters: dict
    annotations: dict[str, int] | None = None  # attribute → position in a row


class Precompiled:
    def __init__(self, build: Callable[..., QuerySet], **fields: Field) -> None:
        """`build` makes the queryset from keyword values, always on the model's default database (no `using()`);
        `fields` names the model field each value is compared with (it decides how a value is written for the
        database, e.g. a UUID on SQLite)."""
        self.build = build
        self.fields = fields
        self._model: type[Model] | None = None
        self._compiled: dict[str, _Compiled | None] = {}

    def _compile(self, alias: str) -> _Compiled | None:
        stand_ins = {name: _stand_in(field) for name, field in self.fields.items()}
        queryset = self.build(**stand_ins)
        iterable = queryset._iterable_class.__name__
        if django.VERSION[:2] != COMPARED_WITH or queryset._db is not None:
            return None
        query = queryset.query
        if iterable == "ValuesListIterable":
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
            if list(queryset._fields) != names:  # Django would reorder the columns
                return None
        elif iterable != "ModelIterable" or query.combinator or queryset._known_related_objects:
            return None
        if queryset._prefetch_related_lookups:
            return None
        connection = connections[alias]
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        params = list(params)
        slots = []
        for name, value in stand_ins.items():
            written = self.fields[name].get_db_prep_value(value, connection, prepared=False)
            positions = [i for i, param in enumerate(params) if param == written]
            if not positions:  # the ORM wrote the value into the SQL itself: never guess
                return None
            slots.extend((i, name) for i in positions)
        select, klass_info = compiler.select, compiler.klass_info
        converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])
        if iterable == "ValuesListIterable":
            return _Compiled(sql, params, slots, None, [], (0, 0), [], converters)
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return _Compiled(
            sql,
            params,
            slots,
            klass_info["model"],
            [column[0].target.attname for column in select[start:end]],
            (start, end),
            get_related_populators(klass_info, select, alias),
            converters,
            dict(compiler.annotation_col_map or {}),
        )

    def _prepared(self, values: dict[str, Any]) -> tuple[str, _Compiled | None]:
        if values.keys() != self.fields.keys():
            raise TypeError(f"expected the values {sorted(self.fields)}, got {sorted(values)}")
        if self._model is None:
            self._model = self.build(**values).model
        alias = router.db_for_read(self._model)
        if alias not in self._compiled:
            self._compiled[alias] = self._compile(alias)
        return alias, self._compiled[alias]

    def _rows(self, alias: str, compiled: _Compiled, values: dict[str, Any]) -> list:
        connection = connections[alias]
        params = list(compiled.params)
        for position, name in compiled.slots:
            params[position] = self.fields[name].get_db_prep_value(values[name], connection, prepared=False)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if not compiled.converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for position, (converters, expression) in compiled.converters.items():
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
            converted.append(row)
        return converted

    def all(self, **values: Any) -> list:
        """What `list(build(**values))` gives: instances, or tuples for a values_list() queryset."""
        alias, compiled = self._prepared(values)
        if compiled is None:
            return list(self.build(**values))
        rows = self._rows(alias, compiled, values)
        if compiled.model is None:
            return [tuple(row) for row in rows]
        start, end = compiled.fields
        objects = []
        for row in rows:
            obj = compiled.model.from_db(alias, compiled.init_list, row[start:end])
            for populator in compiled.related:
                populator.populate(row, obj)
            for name, position in (compiled.annotations or {}).items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    def first(self, **values: Any) -> Any:
        """The first instance (or row) the queryset gives, None when there is none. Meant for look-ups by a unique
        value: the queryset's own order decides which comes first, and every row is read."""
        found = self.all(**values)
        return found[0] if found else None
