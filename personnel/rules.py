"""Who may import personnel figures and who may read them; built on the grants of styrmodell.access.

The HR or personnel administrator imports the whole municipality's file: an administrator or a controller on the
root of the org tree (the HR system covers every board at once, so a role on one board does not suffice). The
figures of a board are read by everyone who stands in a line with the board, as its reports are; the
municipality's by everyone who holds any role (every role is in the root's subtree)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from styrmodell.access import has_role, is_superuser, roles_related_to
from styrmodell.models import OrgUnit, Role, User

IMPORT_ROLES = frozenset({Role.ADMIN, Role.CONTROLLER})


def root_unit() -> OrgUnit | None:
    return OrgUnit.objects.filter(depth=1).order_by("path").first()


def can_view_figures(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    return is_superuser(user) or roles_related_to(user, unit)


def can_import(user: User | AnonymousUser, root: OrgUnit) -> bool:
    return is_superuser(user) or has_role(user, root, *IMPORT_ROLES)


def get_root_for_figures(request: HttpRequest) -> OrgUnit:
    """The municipality (the root); 404 for a user with no role anywhere."""
    root = root_unit()
    if root is None or not can_view_figures(request.user, root):
        raise Http404
    return root


def get_board_for_figures(request: HttpRequest, code: str) -> OrgUnit:
    """A board whose figures the user may read; 404 for any other node or a board outside their scope."""
    board = get_object_or_404(OrgUnit, code=code, kind=OrgUnit.Kind.BOARD)
    if not can_view_figures(request.user, board):
        raise Http404
    return board


def get_root_for_import(request: HttpRequest) -> OrgUnit:
    root = get_root_for_figures(request)
    if not can_import(request.user, root):
        raise PermissionDenied
    return root
