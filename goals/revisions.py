"""Versions of a goal: draft revisions of an adopted goal, their adoption, and the versions side by side.

The goal, its indicators and target levels hold the adopted version; a draft revision holds the board's changes on
top of it (see `GoalRevision`). Everything here writes in one transaction with its history rows.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from uuid import UUID, uuid4

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrmodell.lib.charts import format_number
from styrmodell.models import User

from . import services, smart
from .models import Direction, Goal, GoalRevision, Indicator

# The goal's own fields a revision may change (the goal form's fields).
GOAL_FIELDS = [
    "direction",
    "title",
    "description",
    "title_fi",
    "description_fi",
    "target_year",
    "position",
    "smart_specific",
    "smart_specific_motivation",
    "smart_accepted",
    "smart_accepted_motivation",
    "smart_realistic",
    "smart_realistic_motivation",
]
_NOT_REVISED = {"id", "code", "goal"}


def indicator_fields() -> list[str]:
    """Every editable field of an indicator (new fields of the model are revised without a change here)."""
    return [f.name for f in Indicator._meta.concrete_fields if f.editable and f.name not in _NOT_REVISED]


# --- values as stored in a revision -----------------------------------------------------------------------------


def _plain(value):
    """A form's value in the JSON form a revision keeps."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _load(model: type[models.Model], name: str, raw):
    if raw is None:
        return None
    return model._meta.get_field(name).to_python(raw)


def _current(obj: models.Model, name: str):
    return getattr(obj, obj._meta.get_field(name).attname)


def _same(model: type[models.Model], name: str, raw, current) -> bool:
    return _load(model, name, raw) == current or (raw in ("", None) and current in ("", None))


# --- reading --------------------------------------------------------------------------------------------------


def draft_of(goal: Goal) -> GoalRevision | None:
    return GoalRevision.objects.drafts().filter(goal=goal).first()


def proposed_goal(goal: Goal, revision: GoalRevision | None, directions: dict[int, Direction]):
    """The goal as the revision would make it: a plain object with the goal's fields and `indicators.all()` (each
    with `targets.all()`), which `services.smart_check` and the templates read like a goal. `goal` comes from
    `services.goals_with_details`; `directions` holds the revision's direction if it changes it."""
    changes = revision.goal_changes if revision else {}
    values = {name: _current(goal, name) for name in GOAL_FIELDS}
    values.update({name: _load(Goal, name, raw) for name, raw in changes.items() if name in GOAL_FIELDS})
    direction_id = values.pop("direction")
    indicators = []
    entries = dict(revision.indicator_changes) if revision else {}
    for indicator in goal.indicators.all():
        entry = entries.pop(str(indicator.code), None)
        indicators.append(_proposed_indicator(indicator, entry))
    for key, entry in entries.items():
        if entry.get("new"):
            indicators.append(_proposed_indicator(None, entry, key))
    return SimpleNamespace(
        **values,
        code=goal.code,
        year=goal.year,
        board=goal.board,
        direction_id=direction_id,
        direction=goal.direction if direction_id == goal.direction_id else directions.get(direction_id),
        indicators=_Rows(indicators),
    )


class _Rows(list):
    """A list that answers `.all()` like a related manager."""

    def all(self) -> _Rows:
        return self


def _proposed_indicator(indicator: Indicator | None, entry: dict | None, key: str = ""):
    entry = entry or {"fields": {}, "targets": {}}
    values = {name: _current(indicator, name) if indicator else None for name in indicator_fields()}
    if indicator is None:
        values.update({f.name: f.get_default() for f in Indicator._meta.concrete_fields if f.name in values})
    values.update(
        {name: _load(Indicator, name, raw) for name, raw in entry["fields"].items() if name in values}
    )
    targets = {t.year: t.value for t in indicator.targets.all()} if indicator else {}
    targets.update({int(year): Decimal(raw) for year, raw in entry["targets"].items()})
    return SimpleNamespace(
        **values,
        key=str(indicator.code) if indicator else key,
        is_new=indicator is None,
        targets=_Rows(SimpleNamespace(year=y, value=v) for y, v in sorted(targets.items())),
    )


def wording_of(goal) -> str:
    return f"{goal.title}\n{goal.description}"


def smart_failures(goal) -> list[smart.Failure]:
    """The SMART criteria a goal (or a proposed version of it) fails, by the data, the board or its words."""
    return smart.failing_criteria(services.smart_check(goal).criteria, smart.read_wording(wording_of(goal)))


# --- the versions side by side -----------------------------------------------------------------------------------


@dataclass
class Segment:
    kind: str  # same, removed, added
    text: str


@dataclass
class ComparisonRow:
    label: str
    adopted: list[Segment]
    proposed: list[Segment]
    change: str  # unchanged, changed, new
    always: bool = False  # shown even when unchanged (the title, the description, an indicator's name)

    @property
    def changed(self) -> bool:
        return self.change != "unchanged"

    @property
    def change_label(self) -> str:
        return {"unchanged": _("Unchanged"), "changed": _("Changed"), "new": _("New")}[self.change]


@dataclass
class ComparisonGroup:
    heading: str
    rows: list[ComparisonRow] = field(default_factory=list)
    key: str = ""  # an indicator's key in the revision (its code, or the new indicator's key)
    is_new: bool = False

    @property
    def changed(self) -> bool:
        return any(row.changed for row in self.rows)

    @property
    def shown_rows(self) -> list[ComparisonRow]:
        return [row for row in self.rows if row.changed or row.always]


def word_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """The two texts word by word: removed words marked in the old, added words in the new."""
    a, b = old.split(), new.split()
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(Segment("same", " ".join(a[i1:i2])))
            right.append(Segment("same", " ".join(b[j1:j2])))
            continue
        if i2 > i1:
            left.append(Segment("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            right.append(Segment("added", " ".join(b[j1:j2])))
    return left, right


def _display(model: type[models.Model], name: str, value, unit: str = "") -> str:
    if value is None or value == "":
        return "–"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):
        return f"{format_number(value)} {unit}".strip()
    return str(value)


def _row(label: str, old: str | None, new: str, always: bool = False) -> ComparisonRow:
    if old is None:
        return ComparisonRow(label, [], [Segment("added", new)], "new", always)
    if old == new:
        return ComparisonRow(label, [Segment("same", old)], [Segment("same", new)], "unchanged", always)
    left, right = word_diff(old, new)
    return ComparisonRow(label, left, right, "changed", always)


def _targets_text(indicator, unit: str) -> str:
    targets = list(indicator.targets.all())
    if not targets:
        return _("No target level")
    return "; ".join(f"{t.year}: {format_number(t.value)} {unit}".strip() for t in targets)


def compare(adopted: Goal, proposed) -> list[ComparisonGroup]:
    """The adopted goal and the proposed version, field by field, grouped by the goal and each indicator."""
    goal_group = ComparisonGroup(_("The goal"))
    for name in GOAL_FIELDS:
        label = str(Goal._meta.get_field(name).verbose_name).capitalize()
        if name == "direction":
            old, new = adopted.direction.title, proposed.direction.title if proposed.direction else "–"
        else:
            old, new = (
                _display(Goal, name, getattr(adopted, name)),
                _display(Goal, name, getattr(proposed, name)),
            )
        goal_group.rows.append(_row(label, old, new, always=name in ("title", "description")))
    groups = [goal_group]
    live = {str(i.code): i for i in adopted.indicators.all()}
    names = indicator_fields()
    for indicator in proposed.indicators.all():
        before = live.get(indicator.key)
        group = ComparisonGroup(
            _("Indicator: %(name)s") % {"name": indicator.name}, key=indicator.key, is_new=before is None
        )
        for name in names:
            label = str(Indicator._meta.get_field(name).verbose_name).capitalize()
            new = _display(Indicator, name, getattr(indicator, name), indicator.unit)
            old = _display(Indicator, name, getattr(before, name), before.unit) if before else None
            if before is None and new == "–":
                continue
            group.rows.append(_row(label, old, new, always=name == "name"))
        group.rows.append(
            _row(
                _("Target levels"),
                _targets_text(before, before.unit) if before else None,
                _targets_text(indicator, indicator.unit),
            )
        )
        groups.append(group)
    return groups


@dataclass
class Version:
    number: int
    decision_date: datetime.date | None
    decision_paragraph: str
    title: str
    description: str
    indicators: list[dict]
    smart_confirmed: list[str]
    smart_confirmed_by: str
    smart_confirmed_at: datetime.datetime | None
    is_current: bool = False

    @property
    def smart_confirmed_labels(self) -> str:
        return ", ".join(smart.LETTERS.get(key, key) for key in self.smart_confirmed)


def versions(goal: Goal) -> list[Version]:
    """Each adopted version of the goal, oldest first, with its decision (one query). A goal adopted before
    versions were recorded shows its current decision as its only version."""
    adopted = list(GoalRevision.objects.filter(goal=goal).adopted().select_related("smart_confirmed_by"))
    result = [
        Version(
            number=index,
            decision_date=revision.decision_date,
            decision_paragraph=revision.decision_paragraph,
            title=revision.snapshot.get("title", ""),
            description=revision.snapshot.get("description", ""),
            indicators=revision.snapshot.get("indicators", []),
            smart_confirmed=list(revision.smart_confirmed),
            smart_confirmed_by=str(revision.smart_confirmed_by or ""),
            smart_confirmed_at=revision.smart_confirmed_at,
        )
        for index, revision in enumerate(adopted, start=1)
    ]
    if not result and goal.is_adopted:
        result.append(
            Version(
                1, goal.decision_date, goal.decision_paragraph, goal.title, goal.description, [], [], "", None
            )
        )
    if result and goal.is_adopted:
        result[-1].is_current = True
    return result


# --- writing ----------------------------------------------------------------------------------------------------


def _draft_for_writing(goal: Goal, user: User | None) -> GoalRevision:
    revision = GoalRevision.objects.select_for_update().drafts().filter(goal=goal).first()
    if revision is None:
        revision = GoalRevision.objects.create(goal=goal, created_by=user)
    return revision


@transaction.atomic
def revise_goal(goal: Goal, values: dict, user: User | None, reason: str = "") -> GoalRevision:
    """Put changes of an adopted goal's own fields into its draft revision; the adopted goal stays as it is."""
    revision = _draft_for_writing(goal, user)
    changes = dict(revision.goal_changes)
    for name in GOAL_FIELDS:
        if name not in values:
            continue
        raw = _plain(values[name])
        if _same(Goal, name, raw, _current(goal, name)):
            changes.pop(name, None)
        else:
            changes[name] = raw
    revision.goal_changes = changes
    if reason:
        revision.reason = reason[:300]
    if user is not None:
        revision._history_user = user
    revision.save()
    return revision


@transaction.atomic
def revise_indicator(
    goal: Goal,
    key: str | None,
    values: dict,
    targets: dict[int, Decimal],
    user: User | None,
) -> tuple[GoalRevision, str]:
    """Put changes of an indicator (key: its code) or a new indicator (key None) and of target levels into the
    goal's draft revision. Returns the revision and the indicator's key in it."""
    revision = _draft_for_writing(goal, user)
    indicator = goal.indicators.filter(code=key).prefetch_related("targets").first() if key else None
    changes = dict(revision.indicator_changes)
    if key is None:
        key = str(uuid4())
    entry = changes.get(key) or {"fields": {}, "targets": {}, "new": indicator is None}
    fields, target_changes = dict(entry["fields"]), dict(entry["targets"])
    allowed = set(indicator_fields())
    for name, value in values.items():
        if name not in allowed:
            continue
        raw = _plain(value)
        if indicator is not None and _same(Indicator, name, raw, _current(indicator, name)):
            fields.pop(name, None)
        else:
            fields[name] = raw
    live_targets = {t.year: t.value for t in indicator.targets.all()} if indicator else {}
    for year, value in targets.items():
        if live_targets.get(year) == value:
            target_changes.pop(str(year), None)
        else:
            target_changes[str(year)] = _plain(value)
    entry = {"fields": fields, "targets": target_changes, "new": indicator is None}
    if indicator is not None and not fields and not target_changes:
        changes.pop(key, None)
    else:
        changes[key] = entry
    revision.indicator_changes = changes
    if user is not None:
        revision._history_user = user
    revision.save()
    return revision, key


@transaction.atomic
def discard(revision: GoalRevision, user: User | None) -> None:
    revision.status = GoalRevision.Status.DISCARDED
    if user is not None:
        revision._history_user = user
    revision.save(update_fields=["status"])


def _snapshot(goal: Goal) -> dict:
    indicators = Indicator.objects.filter(goal=goal).prefetch_related("targets").order_by("position", "name")
    return {
        "title": goal.title,
        "description": goal.description,
        "title_fi": goal.title_fi,
        "description_fi": goal.description_fi,
        "target_year": goal.target_year,
        "direction": goal.direction.title,
        "indicators": [
            {
                "name": indicator.name,
                "unit": indicator.unit,
                "targets": {str(t.year): str(t.value) for t in indicator.targets.all()},
            }
            for indicator in indicators
        ],
    }


def _record_adoption(
    revision: GoalRevision,
    goal: Goal,
    decision_date: datetime.date,
    paragraph: str,
    user: User | None,
    confirmed: list[str],
) -> None:
    now = timezone.now()
    revision.status = GoalRevision.Status.ADOPTED
    revision.decision_date, revision.decision_paragraph = decision_date, paragraph
    revision.decided_by, revision.decided_at = user, now
    revision.snapshot = _snapshot(goal)
    if confirmed:
        revision.smart_confirmed = list(confirmed)
        revision.smart_confirmed_by, revision.smart_confirmed_at = user, now
    if user is not None:
        revision._history_user = user
    revision.save()


@transaction.atomic
def adopt_goal(
    goal: Goal, decision_date: datetime.date, paragraph: str, user: User | None, confirmed: list[str]
) -> GoalRevision:
    """The board adopts a draft goal: the goal becomes adopted and its first version is recorded."""
    goal = Goal.objects.select_for_update().select_related("direction").get(pk=goal.pk)
    goal.status = Goal.Status.ADOPTED
    goal.decision_date, goal.decision_paragraph = decision_date, paragraph
    goal.save(update_fields=["status", "decision_date", "decision_paragraph"])
    revision = GoalRevision(goal=goal, created_by=user)
    _record_adoption(revision, goal, decision_date, paragraph, user, confirmed)
    return revision


@transaction.atomic
def adopt_revision(
    revision: GoalRevision,
    decision_date: datetime.date,
    paragraph: str,
    user: User | None,
    confirmed: list[str],
) -> Goal:
    """The board adopts a draft revision: its changes are written into the goal, its indicators and target
    levels (each change in their history), the decision is recorded on the goal and on the revision."""
    goal = Goal.objects.select_for_update().select_related("direction").get(pk=revision.goal_id)
    for name, raw in revision.goal_changes.items():
        if name in GOAL_FIELDS:
            setattr(goal, Goal._meta.get_field(name).attname, _load(Goal, name, raw))
    goal.decision_date, goal.decision_paragraph = decision_date, paragraph
    goal._change_reason = (
        _("New version adopted %(date)s, %(paragraph)s") % {"date": decision_date, "paragraph": paragraph}
        + (f": {revision.reason}" if revision.reason else "")
    )[:100]
    goal.save()
    goal.direction = Direction.objects.get(pk=goal.direction_id)
    live = {str(i.code): i for i in Indicator.objects.filter(goal=goal)}
    for key, entry in revision.indicator_changes.items():
        indicator = live.get(key)
        if indicator is None:
            if not entry.get("new"):
                continue  # the indicator was removed after the revision was drafted
            indicator = Indicator(goal=goal, code=UUID(key))
        for name, raw in entry["fields"].items():
            if name in set(indicator_fields()):
                setattr(indicator, Indicator._meta.get_field(name).attname, _load(Indicator, name, raw))
        indicator.save()
        for year, raw in entry["targets"].items():
            services.set_target(indicator, int(year), Decimal(raw))
    _record_adoption(revision, goal, decision_date, paragraph, user, confirmed)
    return goal


def target_changes_of(revision: GoalRevision | None, key: str) -> dict[int, Decimal]:
    if revision is None:
        return {}
    entry = revision.indicator_changes.get(key) or {}
    return {int(year): Decimal(raw) for year, raw in entry.get("targets", {}).items()}
