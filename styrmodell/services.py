"""Writes on the organisation tree that touch several rows."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from .models import OrgUnit


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
