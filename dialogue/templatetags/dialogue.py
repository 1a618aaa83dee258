"""The dialogue on other apps' pages: the bell in the header and the comments and files of an object."""

from __future__ import annotations

from django import template
from django.db.models import Count
from django.utils.translation import gettext as _

from styrmodell import access
from styrmodell.lib.precompiled import Precompiled
from styrmodell.models import Role

from ..models import Attachment, Comment, Notification
from ..targets import TARGETS

register = template.Library()


# The bell is on every signed-in page: its count is compiled once (styrmodell/lib/precompiled.py).
_UNREAD = Precompiled(
    lambda recipient_id: (
        Notification.objects.order_by()
        .filter(recipient_id=recipient_id, read_at__isnull=True)
        .values("recipient_id")
        .annotate(unread=Count("pk"))
        .values_list("unread")
    ),
    recipient_id=Notification._meta.get_field("recipient"),
)


def unread_count_for(user) -> int:
    """One query: the person's unread notifications."""
    rows = _UNREAD.all(recipient_id=user.pk)
    return rows[0][0] if rows else 0


@register.inclusion_tag("dialogue/partials/bell_link.html", takes_context=True)
def notification_bell(context) -> dict:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "unread": unread_count_for(user)}


@register.simple_tag
def leads_people(user) -> bool:
    """Whether the person manages a unit (the medarbetarsamtal link in the menu); the roles are read once per
    request (access.grants)."""
    return bool(user.is_authenticated and access.grants_with(user, [Role.MANAGER]))


@register.inclusion_tag("dialogue/partials/thread.html", takes_context=True)
def dialogue_thread(context, obj, field: str = "commitment", heading_level: int = 2) -> dict:
    """The comments and files of `obj` with the forms the user may use, on the object's own page."""
    from ..views import thread_context

    request = context["request"]
    target = TARGETS[field]
    ctx = thread_context(request, target, obj)
    ctx.update({"request": request, "csrf_token": context.get("csrf_token"), "heading_level": heading_level})
    return ctx


def _counts(field: str, ids: list[int]) -> dict[int, tuple[int, int]]:
    """For each object id of one kind: (comments, files), in two queries."""
    comments = dict(
        Comment.objects.filter(**{f"{field}_id__in": ids}).values_list(f"{field}_id").annotate(n=Count("pk"))
    )
    files = dict(
        Attachment.objects.filter(**{f"{field}_id__in": ids})
        .values_list(f"{field}_id")
        .annotate(n=Count("pk"))
    )
    return {pk: (comments.get(pk, 0), files.get(pk, 0)) for pk in ids}


@register.inclusion_tag("dialogue/partials/links.html", takes_context=True)
def dialogue_links(context, obj, field: str) -> dict:
    """Links to the dialogue page of `obj` and of the objects under it (a commitment's status reports, a control's
    results), each with its number of comments and files. The caller's page has already decided the user may see
    `obj`; what is under it is seen by the same rule."""
    target = TARGETS[field]
    items = [(target, obj, target.title(obj))]
    if field == "commitment":
        from commitments.models import StatusReport

        child = TARGETS["status_report"]
        for report in (
            StatusReport.objects.filter(commitment=obj)
            .select_related("period")
            .order_by("period__ends", "period__key")
        ):
            report.commitment = obj
            items.append((child, report, str(report.period)))
    elif field == "control":
        from internal_control.models import ControlResult

        child = TARGETS["control_result"]
        for result in ControlResult.objects.filter(control=obj).order_by("performed_on", "pk"):
            result.control = obj
            items.append(
                (child, result, _("Result of %(date)s") % {"date": f"{result.performed_on:%Y-%m-%d}"})
            )
    counts: dict[tuple[str, int], tuple[int, int]] = {}
    by_field: dict[str, list[int]] = {}
    for t, o, _label in items:
        by_field.setdefault(t.field, []).append(o.pk)
    for f, ids in by_field.items():
        for pk, pair in _counts(f, ids).items():
            counts[(f, pk)] = pair
    links = [
        {
            "label": label,
            "url": t.dialogue_url(o),
            "comments": counts[(t.field, o.pk)][0] if t.comments else None,
            "files": counts[(t.field, o.pk)][1] if t.attachments else None,
            "is_main": o is obj,
        }
        for t, o, label in items
    ]
    return {"links": links, "skip_main": field == "commitment"}


@register.inclusion_tag("dialogue/partials/links.html")
def assessment_links(assessments) -> dict:
    """Links to the comments on each of a goal's assessments (the goal page has decided the user may see them)."""
    assessments = list(assessments)
    target = TARGETS["assessment"]
    counts = _counts("assessment", [a.pk for a in assessments])
    links = [
        {
            "label": str(a.period),
            "url": target.dialogue_url(a),
            "comments": counts[a.pk][0],
            "files": None,
            "is_main": False,
        }
        for a in assessments
    ]
    return {"links": links, "skip_main": False}
