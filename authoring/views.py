"""Views of report sections: the writer's own list, one section (write, mark ready, review), the report's overview
for its secretary, and the templates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from reporting.models import Report
from styrmodell.lib.files import stored_file_response
from styrmodell.lib.history import history_entries

from . import rules, services
from .forms import ReviewForm, SectionTextForm, TemplateSectionForm
from .models import ReportSection, ReportTemplate, TemplateSection

State = ReportSection.State


def _list_queryset():
    return ReportSection.objects.select_related(
        "report__unit", "report__period__year", "unit", "person"
    ).order_by("due", "report__unit__path", "order", "pk")


@login_required
def section_mine(request: HttpRequest) -> HttpResponse:
    """The sections the person writes (named, or through a writer's role on its unit) and those waiting for their
    review, in reports not yet adopted."""
    user = request.user
    base = _list_queryset().exclude(report__status=Report.Status.ADOPTED)
    mine = list(base.filter(rules.writer_q(user)))
    to_review = list(base.filter(rules.reviewer_q(user), state=State.READY))
    followed = list(
        Report.objects.filter(rules.overseen_reports_q(user))
        .exclude(status=Report.Status.ADOPTED)
        .exclude(kind=Report.Kind.QUICK)
        .select_related("unit", "period__year")
        .order_by("-period__ends", "unit__path")[:50]
    )
    ctx = {
        "mine": mine,
        "to_review": to_review,
        "followed": followed,
        "today": timezone.localdate(),
        "page": "sections",
    }
    return render(request, "authoring/section_mine.html", ctx)


def _section_ctx(request: HttpRequest, section: ReportSection, **extra) -> dict:
    user = request.user
    locked = services.is_locked(section)
    can_write = rules.can_write(user, section) and not locked
    can_review = rules.can_review(user, section) and not locked
    ctx = {
        "section": section,
        "report": section.report,
        "locked": locked,
        "can_write": can_write and services.writer_can_edit(section),
        "can_mark_ready": can_write and services.writer_can_edit(section) and services.has_content(section),
        "can_review": can_review and section.state == State.READY,
        "can_reopen": can_review and section.state == State.APPROVED,
        "can_comment": (can_review or can_write),
        "events": section.events.select_related("by"),
        "preview": services.text_html(section.text),
        "table": services.table_html(section),
        "history": history_entries(section),
        "today": timezone.localdate(),
        "page": "sections",
    }
    ctx.setdefault("form", SectionTextForm(section=section, initial=_initial(section)))
    ctx.setdefault("review_form", ReviewForm())
    ctx.update(extra)
    return ctx


def _initial(section: ReportSection) -> dict:
    return {
        "text": section.text,
        "table_caption": section.table_caption,
        "table_data": section.table_data,
        "figure_alt": section.figure_alt,
    }


@login_required
def section_detail(request: HttpRequest, code: str) -> HttpResponse:
    section = rules.get_section_for_user(request, code)
    return render(request, "authoring/section_detail.html", _section_ctx(request, section))


@login_required
@require_POST
def section_write(request: HttpRequest, code: str) -> HttpResponse:
    section = rules.get_section_for_user(request, code)
    if not rules.can_write(request.user, section):
        raise PermissionDenied
    if services.is_locked(section) or not services.writer_can_edit(section):
        raise PermissionDenied
    form = SectionTextForm(request.POST, request.FILES, section=section)
    if not form.is_valid():
        messages.error(request, _("The section was not saved. Correct what is marked below."))
        return render(
            request, "authoring/section_detail.html", _section_ctx(request, section, form=form), status=400
        )
    data = form.cleaned_data
    services.save_text(
        section,
        request.user,
        text=data["text"],
        table_caption=data["table_caption"],
        table_data=data["table_data"],
        figure=data.get("figure"),
        figure_type=form.figure_type,
        figure_alt=data["figure_alt"].strip(),
        remove_figure=bool(data.get("remove_figure")),
    )
    if "ready" in request.POST:
        if not services.has_content(section):
            messages.error(request, _("Write the section before you mark it ready."))
            return redirect("authoring:section-detail", code=section.code)
        services.mark_ready(section, request.user)
        messages.success(request, _("The section is marked ready and waits for review."))
    else:
        messages.success(request, _("The section was saved."))
    return redirect("authoring:section-detail", code=section.code)


@login_required
@require_POST
def section_review(request: HttpRequest, code: str) -> HttpResponse:
    """Comment on, return, approve or reopen a section (`action` in the form)."""
    section = rules.get_section_for_user(request, code)
    action = request.POST.get("action", "")
    reviewer_actions = {"return", "approve", "reopen"}
    if action not in reviewer_actions | {"comment"}:
        raise PermissionDenied
    may_review = rules.can_review(request.user, section)
    if action in reviewer_actions and not may_review:
        raise PermissionDenied
    if action == "comment" and not (may_review or rules.can_write(request.user, section)):
        raise PermissionDenied
    if services.is_locked(section):
        raise PermissionDenied
    form = ReviewForm(request.POST, action=action)
    if not form.is_valid():
        messages.error(request, _("Nothing was done. Correct what is marked below."))
        return render(
            request,
            "authoring/section_detail.html",
            _section_ctx(request, section, review_form=form),
            status=400,
        )
    comment = form.cleaned_data["comment"].strip()
    try:
        if action == "return":
            services.return_section(section, request.user, comment)
            messages.success(request, _("The section was returned to its writer."))
        elif action == "approve":
            services.approve(section, request.user, comment)
            messages.success(
                request, _("The section is approved; the report takes its text when it is built.")
            )
        elif action == "reopen":
            services.reopen(section, request.user, comment)
            messages.success(request, _("The section is open again for its writer."))
        else:
            services.add_comment(section, request.user, comment)
            messages.success(request, _("Your comment was saved."))
    except services.WrongState:
        messages.error(request, _("The section has changed state meanwhile; nothing was done."))
    return redirect("authoring:section-detail", code=section.code)


@login_required
def section_figure(request: HttpRequest, code: str):
    section = rules.get_section_for_user(request, code)
    return stored_file_response(
        section.figure,
        filename=f"figur.{'png' if section.figure_type == 'image/png' else 'jpg'}",
        as_attachment=False,
        content_type=section.figure_type or "application/octet-stream",
    )


# --- the report's overview --------------------------------------------------------------------------------------


@login_required
def report_overview(request: HttpRequest, code: str) -> HttpResponse:
    report = rules.get_report_for_overview(request, code)
    # New template sections reach a report that is still written when its overview is opened.
    services.sync_sections(report)
    sections = list(services.sections_of(report))
    today = timezone.localdate()
    late = [s for s in sections if s.is_late(today)]
    counts = {state: sum(1 for s in sections if s.state == state) for state in State.values}
    ctx = {
        "report": report,
        "sections": sections,
        "late": late,
        "today": today,
        "counts": [(label, counts[value]) for value, label in State.choices],
        "unapproved": sum(1 for s in sections if s.state != State.APPROVED),
        "can_remind": rules.can_oversee(request.user, report) and not report.is_adopted and bool(late),
        "can_edit_templates": rules.can_edit_templates(request.user),
        "page": "reports",
    }
    return render(request, "authoring/report_overview.html", ctx)


@login_required
@require_POST
def report_remind(request: HttpRequest, code: str) -> HttpResponse:
    report = rules.get_report_for_overview(request, code)
    if not rules.can_oversee(request.user, report) or report.is_adopted:
        raise PermissionDenied
    told = services.remind_late(report, request.user)
    if told:
        messages.success(
            request,
            ngettext("%(count)s person was reminded.", "%(count)s people were reminded.", told)
            % {"count": told},
        )
    else:
        messages.info(
            request, _("Nobody was reminded: the writers of the late sections were reminded today.")
        )
    return redirect("authoring:report-overview", code=report.code)


# --- templates --------------------------------------------------------------------------------------------------


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    rules.require_template_editor(request)
    templates = services.all_templates()
    ctx = {"templates": templates, "page": "reports"}
    return render(request, "authoring/template_list.html", ctx)


@login_required
def template_detail(request: HttpRequest, code: str) -> HttpResponse:
    rules.require_template_editor(request)
    template = get_object_or_404(ReportTemplate, code=code)
    ctx = {
        "template": template,
        "sections": template.sections.select_related("unit", "person").order_by("order", "pk"),
        "page": "reports",
    }
    return render(request, "authoring/template_detail.html", ctx)


@login_required
def template_section_create(request: HttpRequest, code: str) -> HttpResponse:
    rules.require_template_editor(request)
    template = get_object_or_404(ReportTemplate, code=code)
    form = TemplateSectionForm(request.POST or None, instance=TemplateSection(template=template))
    if request.method == "POST" and form.is_valid():
        section = form.save(commit=False)
        last = template.sections.order_by("-order").values_list("order", flat=True).first() or 0
        section.order = last + 10
        section.save()
        services.touch(template)
        messages.success(
            request,
            _(
                "The section was added. Reports still being written get it when they are started or their sections' overview is opened."
            ),
        )
        return redirect("authoring:template-detail", code=template.code)
    ctx = {"template": template, "form": form, "page": "reports"}
    return render(request, "authoring/template_section_form.html", ctx, status=400 if form.errors else 200)


@login_required
def template_section_update(request: HttpRequest, code: str) -> HttpResponse:
    rules.require_template_editor(request)
    section = get_object_or_404(TemplateSection.objects.select_related("template", "person"), code=code)
    form = TemplateSectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        form.save()
        services.touch(section.template)
        messages.success(request, _("The section was saved."))
        return redirect("authoring:template-detail", code=section.template.code)
    ctx = {"template": section.template, "section": section, "form": form, "page": "reports"}
    return render(request, "authoring/template_section_form.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def template_section_move(request: HttpRequest, code: str) -> HttpResponse:
    rules.require_template_editor(request)
    section = get_object_or_404(TemplateSection.objects.select_related("template"), code=code)
    services.move_section(section, -1 if request.POST.get("direction") == "up" else 1)
    services.touch(section.template)
    return redirect("authoring:template-detail", code=section.template.code)


@login_required
@require_POST
def template_section_delete(request: HttpRequest, code: str) -> HttpResponse:
    rules.require_template_editor(request)
    section = get_object_or_404(TemplateSection.objects.select_related("template"), code=code)
    template = section.template
    section.delete()
    services.touch(template)
    messages.success(request, _("The section was removed from the template."))
    return redirect("authoring:template-detail", code=template.code)
