"""Who writes, reviews and oversees report sections, and who edits the report templates; built on the grants and
scopes of styrmodell.access and the report rules of reporting.rules.

- Writers: a section's named person, or whoever is manager, secretary or controller on its unit (or above it).
- Reviewers: controllers on the section's unit or above it.
- The report's secretary (reporting.rules.can_manage_reports) sees every section of the report, reminds the late
  and follows the overview.
- Templates: administrators and secretaries on the root of the organisation.

A section of a report the person does not stand in a line with is 404; a section of such a report that is neither
theirs to write, to review nor to oversee is 403."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from reporting import rules as reporting_rules
from reporting.models import Report
from styrmodell.access import grants, has_role, in_subtree_q, is_superuser
from styrmodell.models import Role, User

from .models import ReportSection

WRITER_ROLES = frozenset({Role.MANAGER, Role.SECRETARY, Role.CONTROLLER})
REVIEWER_ROLES = frozenset({Role.CONTROLLER})
TEMPLATE_ROLES = frozenset({Role.ADMIN, Role.SECRETARY})


def can_edit_templates(user: User | AnonymousUser) -> bool:
    return is_superuser(user) or any(g.depth == 1 and g.role in TEMPLATE_ROLES for g in grants(user))


def require_template_editor(request: HttpRequest) -> None:
    if not can_edit_templates(request.user):
        raise PermissionDenied


def can_write(user: User | AnonymousUser, section: ReportSection) -> bool:
    if not user.is_authenticated:
        return False
    return is_superuser(user) or section.person_id == user.pk or has_role(user, section.unit, *WRITER_ROLES)


def can_review(user: User | AnonymousUser, section: ReportSection) -> bool:
    return is_superuser(user) or has_role(user, section.unit, *REVIEWER_ROLES)


def can_oversee(user: User | AnonymousUser, report: Report) -> bool:
    """The report's secretary (or an administrator of the municipality) follows every section of it."""
    return reporting_rules.can_manage_reports(user, report.unit) or any(
        g.depth == 1 and g.role == Role.ADMIN for g in grants(user)
    )


def writer_q(user: User | AnonymousUser) -> Q:
    """Sections the user writes: named, or by a writer's role on the section's unit or above."""
    return Q(person_id=user.pk) | in_subtree_q(user, WRITER_ROLES, field="unit__path")


def reviewer_q(user: User | AnonymousUser) -> Q:
    return in_subtree_q(user, REVIEWER_ROLES, field="unit__path")


def overseen_reports_q(user: User | AnonymousUser) -> Q:
    """Reports whose sections' overview the user follows: their secretary's and their controllers'."""
    return in_subtree_q(user, {Role.SECRETARY, *REVIEWER_ROLES}, field="unit__path")


def get_section_for_user(request: HttpRequest, code: str) -> ReportSection:
    """A section the user writes, reviews or oversees; 404 when its report is outside the user's scope, 403 when
    the report is in scope but the section is not theirs."""
    section = get_object_or_404(
        ReportSection.objects.select_related("report__unit", "report__period__year", "unit", "person"),
        code=code,
    )
    user = request.user
    if section.person_id != user.pk and not reporting_rules.can_view_board_reporting(
        user, section.report.unit
    ):
        raise Http404
    if not (can_write(user, section) or can_review(user, section) or can_oversee(user, section.report)):
        raise PermissionDenied
    return section


def get_report_for_overview(request: HttpRequest, code: str) -> Report:
    """The sections' overview of a report: its secretary's, and the controllers' of its board; 404 outside the
    report's scope, 403 for others in it."""
    report, can_manage = reporting_rules.get_report_for_user(request, code)
    if not (
        can_manage
        or can_oversee(request.user, report)
        or has_role(request.user, report.unit, *REVIEWER_ROLES)
    ):
        raise PermissionDenied
    return report
