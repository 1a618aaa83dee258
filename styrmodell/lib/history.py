"""Reading the audit history (django-simple-history) of any object for display on its page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

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
    """The object's history, newest first, each entry with the fields that changed (two queries)."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    model = obj.__class__
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                try:
                    label = str(model._meta.get_field(change.field).verbose_name)
                except Exception:  # a field that no longer exists on the model
                    label = change.field
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
    return entries
