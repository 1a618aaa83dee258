"""Reading the audit history (django-simple-history) of any object for display on its page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_m2m_reverse_field_name

ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _display(record, field_name: str) -> str:
    value = getattr(record, field_name, None)
    getter = getattr(record, f"get_{field_name}_display", None)
    if callable(getter):
        return str(getter())
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    return str(value)


def history_entries(obj: Model, limit: int = 50) -> list[HistoryEntry]:
    """The object's history, newest first, each entry with the fields that changed (two queries, and one per
    many-to-many field that changed)."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    model = obj.__class__
    entries = []
    # Many-to-many changes (a commitment's goals) come as rows of ids; they are named after the loop, with one
    # query per such field for the whole history.
    related: list[tuple[Change, object, list, list]] = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                try:
                    model_field = model._meta.get_field(change.field)
                    label = str(model_field.verbose_name)
                except Exception:  # a field that no longer exists on the model
                    model_field, label = None, change.field
                if model_field is not None and model_field.many_to_many:
                    key = get_m2m_reverse_field_name(model_field)
                    entry = Change(label, "", "")
                    related.append(
                        (entry, model_field, [r[key] for r in change.old], [r[key] for r in change.new])
                    )
                    changes.append(entry)
                    continue
                changes.append(
                    Change(label, _display(previous, change.field), _display(record, change.field))
                )
        who = str(record.history_user) if record.history_user else str(_("System"))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=who,
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    _name_related(related)
    return entries


def _name_related(related: list[tuple[Change, object, list, list]]) -> None:
    """Fill in the names of related objects in many-to-many changes: one query per field."""
    by_field: dict[object, set] = {}
    for _entry, model_field, old, new in related:
        by_field.setdefault(model_field, set()).update(old, new)
    names = {
        model_field: {pk: str(o) for pk, o in model_field.related_model._base_manager.in_bulk(ids).items()}
        for model_field, ids in by_field.items()
    }
    for entry, model_field, old, new in related:
        known = names[model_field]
        entry.old = ", ".join(known.get(pk, str(_("(removed)"))) for pk in old) or "–"
        entry.new = ", ".join(known.get(pk, str(_("(removed)"))) for pk in new) or "–"
