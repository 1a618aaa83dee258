"""Creating a row and its audit-history row (django-simple-history) in one statement.

Through the ORM, a new row with history is four round trips to the database: BEGIN, the row's INSERT, the history
row's INSERT (written by simple-history's post_save receiver), COMMIT. At the deadline rush, with every core busy,
each round trip waits for the database's share of the CPU, and the first status reports of a deadline are mostly
these writes (BENCHMARKS.md, section 14). On PostgreSQL, `create_recorded` sends the two INSERTs as one statement
(the history row selected from the new row's RETURNING), which is atomic on its own: no BEGIN, no COMMIT.

The history row is exactly what simple-history writes for a creation: the row's own columns, `history_date`,
`history_type` "+", no change reason, and the person who made the change. The statement is used only where that
is all there is to do, so nothing is skipped:
- the model's history has no field beyond simple-history's own, and keeps no many-to-many history;
- nothing else listens for the model's pre_save or post_save, or for the history signals;
- no field takes its value from the database (a database default) besides the primary key.
Anywhere else (SQLite, another database, any of the above), the row is created through the ORM, with the same
history row, in a transaction of its own.
"""

from __future__ import annotations

from contextlib import nullcontext

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import Field, Model
from django.db.models.fields import NOT_PROVIDED
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record, pre_create_historical_record

# The fields simple-history adds to a history model, and what a creation writes into them.
_HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}
# (statement or None, the history model's history_date field), per model and database alias. The field is kept
# because `model.history` builds a new manager class at each access.
_STATEMENTS: dict[tuple[type[Model], str], tuple[str | None, Field | None]] = {}


def _only_history_listens(model: type[Model]) -> bool:
    if pre_save.has_listeners(model):
        return False
    if pre_create_historical_record.has_listeners() or post_create_historical_record.has_listeners():
        return False
    receivers = post_save._live_receivers(model)
    sync_receivers = receivers[0] if isinstance(receivers, tuple) else receivers
    return all(isinstance(getattr(r, "__self__", None), HistoricalRecords) for r in sync_receivers)


def _statement(model: type[Model], alias: str) -> str | None:
    """The WITH … INSERT … INSERT statement for `model` on `alias`, or None where it may not be used."""
    connection = connections[alias]
    history = getattr(model, "history", None)
    if connection.vendor != "postgresql" or history is None:
        return None
    meta, history_meta = model._meta, history.model._meta
    # The history of many-to-many rows is simple-history's own work.
    if getattr(history.model, "_history_m2m_fields", None):
        return None
    if not meta.pk.db_returning or any(
        f.db_default is not NOT_PROVIDED for f in meta.concrete_fields if not f.primary_key
    ):
        return None
    quote = connection.ops.quote_name
    columns = [f.column for f in meta.concrete_fields if not f.primary_key]
    own = {f.column for f in meta.concrete_fields}
    history_columns, selected = [], []
    for f in history_meta.concrete_fields:
        if f.name == "history_id":
            continue
        if f.column in own and f.name not in _HISTORY_FIELDS:
            selected.append(f"new_row.{quote(f.column)}")
        elif f.name == "history_date":
            selected.append("%s")
        elif f.name == "history_change_reason":
            selected.append("NULL")
        elif f.name == "history_type":
            selected.append("'+'")
        elif f.name == "history_user":
            selected.append("%s")
        else:
            return None  # a field of its own: only simple-history knows how to fill it
        history_columns.append(quote(f.column))
    if {f.name for f in history_meta.concrete_fields} & _HISTORY_FIELDS != _HISTORY_FIELDS:
        return None
    # Only the models' own quoted table and column names are written into the SQL; every value is a parameter.
    return (
        f"WITH new_row AS (INSERT INTO {quote(meta.db_table)} ({', '.join(map(quote, columns))})"  # noqa: S608
        f" VALUES ({', '.join(['%s'] * len(columns))}) RETURNING *)"
        f" INSERT INTO {quote(history_meta.db_table)} ({', '.join(history_columns)})"
        f" SELECT {', '.join(selected)} FROM new_row RETURNING {quote(meta.pk.column)}"
    )


def create_recorded(model: type[Model], *, by, **values) -> Model:
    """Create a `model` row from `values` with its history row, `by` (a user or None) as the person who made it.
    Raises IntegrityError as `model.objects.create` would, leaving nothing written and the caller's transaction,
    if any, usable."""
    obj = model(**values)
    alias = router.db_for_write(model, instance=obj)
    key = (model, alias)
    if key not in _STATEMENTS:
        sql = _statement(model, alias)
        _STATEMENTS[key] = (sql, model.history.model._meta.get_field("history_date") if sql else None)
    sql, history_date = _STATEMENTS[key]
    # Who listens is asked at every call (a cached answer is a dictionary look-up): a receiver connected later
    # turns the statement off for the model at once.
    if (
        sql is None
        or not _only_history_listens(model)
        or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    ):
        obj._history_user = by  # what simple-history records as the person, whatever the request says
        with transaction.atomic(using=alias):
            obj.save(force_insert=True, using=alias)
        return obj
    connection = connections[alias]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    params = [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
    params += [history_date.get_db_prep_save(timezone.now(), connection), getattr(by, "pk", None)]
    # A single statement is a transaction of its own; inside the caller's, a savepoint keeps theirs usable.
    with transaction.atomic(using=alias) if connection.in_atomic_block else nullcontext():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            obj.pk = cursor.fetchone()[0]
    obj._state.adding, obj._state.db = False, alias
    return obj
