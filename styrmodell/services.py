"""Writes on the organisation tree that touch several rows."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import OrgUnit, Period, PeriodReopening, Step, User


def attached_object_count(unit: OrgUnit) -> int:
    """How many rows of other models point at this unit or its subtree (history and role grants excluded).

    A unit with anything attached has history and is deactivated rather than deleted.
    """
    subtree = OrgUnit.objects.filter(path__startswith=unit.path)
    if subtree.count() > 1:
        return subtree.count() - 1
    total = 0
    for relation in OrgUnit._meta.related_objects:
        model = relation.related_model
        if model._meta.label.startswith("styrmodell.Historical") or model._meta.model_name.startswith(
            "historical"
        ):
            continue
        if model._meta.label == "styrmodell.RoleGrant":
            continue
        if relation.many_to_many:
            total += getattr(unit, relation.get_accessor_name()).count()
        else:
            total += model._default_manager.filter(**{relation.field.name: unit}).count()
    return total


@transaction.atomic
def move_unit(unit: OrgUnit, target: OrgUnit) -> OrgUnit:
    """Move a unit with its whole subtree below `target`.

    Everything attached to the unit or its descendants refers to them by key, so goals, commitments, roles and
    reports move with them. Treebeard rewrites paths with bulk updates that bypass the audit history, so the
    move is recorded explicitly on the moved unit.
    """
    old_parent = OrgUnit.objects.get_parent(unit)
    OrgUnit.objects.move(unit, target, pos="last-child")
    unit = OrgUnit.objects.get(pk=unit.pk)
    unit._change_reason = _("Moved from %(old)s to %(new)s") % {
        "old": old_parent.name if old_parent else "–",
        "new": target.name,
    }
    unit.save()
    return unit


# --- periods ---------------------------------------------------------------------------------------------------


def close_due_steps(now: datetime.datetime | None = None) -> list[tuple[Period, str]]:
    """Close every step whose deadline has passed: the staff step at the staff deadline, the board's follow-up at
    the board's deadline (which also closes the staff step). Idempotent; returns what it closed."""
    closed: list[tuple[Period, str]] = []
    stamp = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("Closed automatically at its deadline")
    for period in Period.objects.staff_due_for_closing(now).select_related("year"):
        period.staff_closed, period.staff_closed_at = True, stamp
        period._change_reason = reason
        period.save(update_fields=["staff_closed", "staff_closed_at"])
        closed.append((period, Step.STAFF))
    for period in Period.objects.board_due_for_closing(now).select_related("year"):
        period.is_closed, period.closed_at = True, stamp
        if not period.staff_closed:
            period.staff_closed, period.staff_closed_at = True, stamp
        period._change_reason = reason
        period.save(update_fields=["is_closed", "closed_at", "staff_closed", "staff_closed_at"])
        closed.append((period, Step.BOARD))
    return closed


def set_step_closed(period: Period, step: str, closed: bool) -> None:
    """Close or open one step of the period by hand. Closing the board's follow-up closes the staff step too;
    opening the staff step opens the follow-up too (it cannot be closed while staff still report)."""
    stamp = timezone.now() if closed else None
    if step == Step.BOARD:
        period.is_closed, period.closed_at = closed, stamp
        if closed and not period.staff_closed:
            period.staff_closed, period.staff_closed_at = True, stamp
    else:
        period.staff_closed, period.staff_closed_at = closed, stamp
        if not closed and period.is_closed:
            period.is_closed, period.closed_at = False, None
    period.save(update_fields=["is_closed", "closed_at", "staff_closed", "staff_closed_at"])


def reopen(
    period: Period, step: str, unit: OrgUnit, *, reason: str, until: datetime.date, by: User
) -> PeriodReopening:
    """Open a closed step again for `unit` and its subtree until the end of `until`; recorded in the history."""
    return PeriodReopening.objects.create(
        period=period, step=step, unit=unit, reason=reason, until=until, reopened_by=by
    )


def close_reopening(reopening: PeriodReopening) -> None:
    reopening.revoked_at = timezone.now()
    reopening.save(update_fields=["revoked_at"])
