"""Who may read, build and adopt reports and enter economy figures, and which reports are public; built on the
grants and scopes of styrmodell.access."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from styrmodell.access import ALL_ROLES, has_role, is_superuser, related_q, roles_related_to
from styrmodell.models import OrgUnit, Role, User

# --- reporting ---------------------------------------------------------------------------------------------
# Reports, economy figures and exports of a board are read by everyone who stands in a line with the board (as its
# goals are); the board secretary builds, readies, adopts and archives the board's reports; controllers enter
# economic figures and import outcomes; the municipality's compilation belongs to a secretary on the root node.

REPORT_MANAGER_ROLES = frozenset({Role.SECRETARY})
ECONOMY_ROLES = frozenset({Role.CONTROLLER})


def boards_visible_for_reporting(user: User | AnonymousUser) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.boards().filter(related_q(user, ALL_ROLES))


def can_view_board_reporting(user: User | AnonymousUser, board: OrgUnit) -> bool:
    return is_superuser(user) or roles_related_to(user, board)


def can_manage_reports(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    """Build, ready, adopt and archive the reports of `unit` (a board, or the root for the compilation)."""
    return is_superuser(user) or has_role(user, unit, *REPORT_MANAGER_ROLES)


def can_edit_economy(user: User | AnonymousUser, board: OrgUnit) -> bool:
    """Controllers on the board or above enter economic figures and import indicator outcomes."""
    return is_superuser(user) or has_role(user, board, *ECONOMY_ROLES)


def get_board_for_reporting(request: HttpRequest, code: str) -> OrgUnit:
    """A board whose reporting the user may read; 404 for any other node or a board outside their scope."""
    board = get_object_or_404(OrgUnit, code=code, kind=OrgUnit.Kind.BOARD)
    if not can_view_board_reporting(request.user, board):
        raise Http404
    return board


def get_board_for_economy(request: HttpRequest, code: str) -> OrgUnit:
    board = get_board_for_reporting(request, code)
    if not can_edit_economy(request.user, board):
        raise PermissionDenied
    return board


def reports_visible_to(user: User | AnonymousUser):
    from reporting.models import Report

    return Report.objects.filter(related_q(user, ALL_ROLES, field="unit__path"))


def get_report_for_user(request: HttpRequest, code: str):
    """(report, can_manage): a report of a board the user stands in a line with; 404 otherwise."""
    from reporting.models import Report

    report = get_object_or_404(Report.objects.select_related("unit", "period__year"), code=code)
    if not can_view_board_reporting(request.user, report.unit):
        raise Http404
    return report, can_manage_reports(request.user, report.unit)


def get_managed_report(request: HttpRequest, code: str):
    report, can_manage = get_report_for_user(request, code)
    if not can_manage:
        raise PermissionDenied
    return report


def get_job_for_user(request: HttpRequest, code: str):
    """A background job is seen only by the person who started it."""
    from styrmodell.models import Job

    job = get_object_or_404(Job, code=code)
    if job.created_by_id != request.user.pk and not is_superuser(request.user):
        raise Http404
    return job


# --- public: reports only as their archived, immutable snapshots ----------------------------------------------


def published_reports() -> QuerySet:
    """Archived snapshots of adopted reports; a report that is not archived is not public, whatever its status."""
    from reporting.models import ArchivedReport, Report

    return ArchivedReport.objects.filter(report__status=Report.Status.ADOPTED)


def get_published_report(code: str):
    return get_object_or_404(published_reports().select_related("unit", "period__year", "report"), code=code)
