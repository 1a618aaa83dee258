from __future__ import annotations

import datetime
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrmodell.lib.files import stored_file_response
from styrmodell.models import Year

from . import rules, services
from .forms import AttachmentForm, CommentForm, PreferencesForm, SearchForm
from .models import Attachment, Comment, Notification
from .search import search as run_search
from .search import uses_full_text
from .targets import TARGETS, Target, find_for_user, people_to_offer


def thread_context(
    request: HttpRequest, target: Target, obj, comment_form=None, attachment_form=None
) -> dict:
    """What the thread partial shows for one object (the comments, the files and the forms the user may use)."""
    comments = (
        list(
            Comment.objects.filter(**{target.field: obj})
            .select_related("author")
            .prefetch_related("mentions")
        )
        if target.comments
        else []
    )
    attachments = (
        list(Attachment.objects.filter(**{target.field: obj}).select_related("uploaded_by"))
        if target.attachments
        else []
    )
    can_write = target.comments and target.can_write(request.user, obj)
    can_attach = target.attachments and target.can_attach(request.user, obj)
    if can_write and comment_form is None:
        offered = people_to_offer(target, obj, [c.author_id for c in comments])
        offered = [p for p in offered if p.pk != request.user.pk]
        comment_form = CommentForm(target=target, obj=obj, offered=offered)
    if can_attach and attachment_form is None:
        attachment_form = AttachmentForm()
    url_args = target.url_args(obj)
    suffix = "-assessment" if target.field == "assessment" else ""
    return {
        "target": target,
        "obj": obj,
        "comment_url": reverse(f"dialogue:comment-create{suffix}", args=url_args) if can_write else "",
        "attachment_url": reverse("dialogue:attachment-create", args=url_args) if can_attach else "",
        "comments": comments,
        "attachments": attachments,
        "can_write": can_write,
        "can_attach": can_attach,
        "comment_form": comment_form if can_write else None,
        "attachment_form": attachment_form if can_attach else None,
        "user_id": request.user.pk,
    }


def _render_thread(request: HttpRequest, target: Target, obj, status: int = 200, **forms) -> HttpResponse:
    ctx = {
        **thread_context(request, target, obj, **forms),
        "title": target.title(obj),
        "page_url": target.page_url(obj),
        "page": "dialogue",
    }
    return render(request, "dialogue/thread.html", ctx, status=status)


@login_required
def thread(request: HttpRequest, slug: str, code: UUID, period: UUID | None = None) -> HttpResponse:
    target, obj = find_for_user(request.user, slug, code, period)
    return _render_thread(request, target, obj)


@login_required
@require_POST
def comment_create(request: HttpRequest, slug: str, code: UUID, period: UUID | None = None) -> HttpResponse:
    target, obj = find_for_user(request.user, slug, code, period)
    if not target.comments or not target.can_write(request.user, obj):
        raise PermissionDenied
    earlier = list(Comment.objects.filter(**{target.field: obj}).values_list("author_id", flat=True))
    offered = [p for p in people_to_offer(target, obj, earlier) if p.pk != request.user.pk]
    form = CommentForm(request.POST, target=target, obj=obj, offered=offered)
    if not form.is_valid():
        return _render_thread(request, target, obj, comment_form=form)
    comment = services.add_comment(
        target,
        obj,
        author=request.user,
        text=form.cleaned_data["text"],
        mentioned=form.cleaned_data["mentioned"],
    )
    messages.success(request, _("Your comment was saved."))
    return redirect(f"{target.thread_url(obj)}#comment-{comment.code}")


@login_required
@require_POST
def attachment_create(
    request: HttpRequest, slug: str, code: UUID, period: UUID | None = None
) -> HttpResponse:
    target, obj = find_for_user(request.user, slug, code, period)
    if not target.attachments or not target.can_attach(request.user, obj):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_thread(request, target, obj, attachment_form=form)
    attachment = services.add_attachment(
        target, obj, by=request.user, upload=form.cleaned_data["file"], content_type=form.content_type
    )
    messages.success(request, _("The file %(name)s was attached.") % {"name": attachment.name})
    return redirect(f"{target.thread_url(obj)}#attachments-{target.slug}")


def _attachment_for_user(request: HttpRequest, code: UUID) -> tuple[Attachment, Target, object]:
    """The attachment when the user may see its object (the object's own rule); 404 otherwise."""
    attachment = get_object_or_404(Attachment, code=code)
    target = TARGETS[attachment.target_field]
    args = target.url_args(attachment.target)[1:]
    _target, obj = find_for_user(request.user, target.slug, *args)
    return attachment, target, obj


@login_required
def attachment_download(request: HttpRequest, code: UUID) -> HttpResponse:
    attachment, _target, _obj = _attachment_for_user(request, code)
    response = stored_file_response(
        attachment.file,
        filename=services.download_name(attachment),
        as_attachment=True,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def attachment_delete(request: HttpRequest, code: UUID) -> HttpResponse:
    attachment, target, obj = _attachment_for_user(request, code)
    if not target.can_attach(request.user, obj):
        raise PermissionDenied
    name = attachment.name
    services.delete_attachment(attachment)
    messages.success(request, _("The file %(name)s was removed.") % {"name": name})
    return redirect(f"{target.thread_url(obj)}#attachments-{target.slug}")


# --- notifications --------------------------------------------------------------------------------------------


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = list(Notification.objects.filter(recipient=request.user)[:100])
    ctx = {
        "notifications": notifications,
        "unread": sum(1 for n in notifications if n.read_at is None),
        "page": "notifications",
    }
    return render(request, "dialogue/notification_list.html", ctx)


@login_required
@require_POST
def notification_open(request: HttpRequest, code: UUID) -> HttpResponse:
    """Mark the notification read and go to what it is about."""
    notification = rules.get_notification_for_user(request, code)
    services.mark_read(request.user, notification)
    if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None) and notification.url.startswith(
        "/"
    ):
        return redirect(notification.url)
    return redirect("dialogue:notification-list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_read(request.user)
    if count:
        messages.success(request, _("Every notification is marked read."))
    return redirect("dialogue:notification-list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your choices were saved."))
        return redirect("dialogue:preferences")
    return render(request, "dialogue/preferences.html", {"form": form, "page": "notifications"})


# --- medarbetarsamtal -------------------------------------------------------------------------------------------


def _year_from(request: HttpRequest) -> Year:
    wanted = request.GET.get("ar", "")
    year = None
    if wanted.isdigit():
        year = Year.objects.filter(year=int(wanted)).first()
    elif not wanted:
        year = Year.current()
    if year is None:
        raise Http404
    return year


@login_required
def development_talk_list(request: HttpRequest) -> HttpResponse:
    """The people whose medarbetarsamtal page the user may open: themselves and the employees with commitments
    the user sees (a manager's staff)."""
    from commitments.rules import commitments_visible_to
    from styrmodell.models import User

    year = _year_from(request)
    owner_ids = (
        commitments_visible_to(request.user)
        .filter(year=year, owner__isnull=False)
        .exclude(owner=request.user)
        .values("owner_id")
    )
    people = User.objects.filter(pk__in=owner_ids).order_by("first_name", "last_name", "username")
    ctx = {
        "year": year,
        "years": Year.objects.order_by("-year"),
        "people": people,
        "page": "development-talk",
    }
    return render(request, "dialogue/development_talk_list.html", ctx)


@login_required
def development_talk(request: HttpRequest, code: UUID) -> HttpResponse:
    from commitments.models import StatusReport
    from commitments.rules import commitments_visible_to

    year = _year_from(request)
    person = rules.get_development_talk_for_user(request, code, year)
    commitments = list(
        commitments_visible_to(request.user)
        .filter(owner=person, year=year)
        .select_related("unit", "parent")
        .prefetch_related("goals__board")
        .order_by("unit__path", "title")
    )
    ids = [c.pk for c in commitments]
    reports = (
        StatusReport.objects.filter(commitment_id__in=ids)
        .select_related("period", "reported_by")
        .order_by("period__ends", "period__key")
    )
    comments = (
        Comment.objects.filter(commitment_id__in=ids)
        | Comment.objects.filter(status_report__commitment_id__in=ids)
    ).select_related("author", "status_report__period")
    reports_of: dict[int, list] = {pk: [] for pk in ids}
    for report in reports:
        reports_of[report.commitment_id].append(report)
    comments_of: dict[int, list] = {pk: [] for pk in ids}
    for comment in comments.order_by("created", "pk"):
        owner_id = comment.commitment_id or comment.status_report.commitment_id
        comments_of[owner_id].append(comment)
    goals = {}
    for c in commitments:
        for goal in c.goals.all():
            goals[goal.pk] = goal
    rows = [
        {"commitment": c, "reports": reports_of[c.pk], "comments": comments_of[c.pk]} for c in commitments
    ]
    ctx = {
        "person": person,
        "year": year,
        "years": Year.objects.order_by("-year"),
        "rows": rows,
        "goals": sorted(goals.values(), key=lambda g: (g.board.path, g.position, g.title)),
        "printed": datetime.date.today(),
        "page": "development-talk",
    }
    return render(request, "dialogue/development_talk.html", ctx)


# --- search ---------------------------------------------------------------------------------------------------


@login_required
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    groups = run_search(request.user, text) if text else []
    ctx = {"form": form, "text": text, "groups": groups, "full_text": uses_full_text(), "page": "search"}
    return render(request, "dialogue/search.html", ctx)
