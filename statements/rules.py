"""Who may read the financial statements and who keeps what the statements app stores.

- A board's statements (resultaträkning, driftredovisning, investeringsredovisning) are read by everyone who stands
  in a line with the board, as its reports are (reporting.rules); the municipality's by everyone related to the
  root of the organisation, which is everyone holding a role.
- The mapping of accounts to statement lines, the balanskrav adjustments and the financial targets are kept by a
  controller on the root (the municipality's finance function) or a municipality-wide administrator; everyone who
  reads the statements may read them. A closed year's adjustments and targets no longer change.

Outside a person's scope the answer is 404; inside it, a change they may not make is 403."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from reporting.rules import can_view_board_reporting, get_board_for_reporting
from styrmodell.access import has_role, is_system_admin
from styrmodell.models import OrgUnit, Role, User, Year

Person = User | AnonymousUser


def municipality() -> OrgUnit | None:
    """The root of the organisation (the council's node stands for the municipality)."""
    return OrgUnit.objects.filter(depth=1).order_by("path").first()


def can_view_municipality(user: Person) -> bool:
    root = municipality()
    return root is not None and can_view_board_reporting(user, root)


def can_keep_accounts(user: Person) -> bool:
    """Keep the mapping, the balanskrav adjustments and the financial targets."""
    if not user.is_authenticated:
        return False
    if is_system_admin(user):
        return True
    root = municipality()
    return root is not None and has_role(user, root, Role.CONTROLLER)


def require_municipality_reader(request: HttpRequest) -> OrgUnit:
    root = municipality()
    if root is None or not can_view_board_reporting(request.user, root):
        raise Http404
    return root


def require_keeper(request: HttpRequest) -> None:
    require_municipality_reader(request)
    if not can_keep_accounts(request.user):
        raise PermissionDenied


def get_year(year: int) -> Year:
    return get_object_or_404(Year, year=year)


def get_board(request: HttpRequest, code: str) -> OrgUnit:
    """A board whose reporting the user reads; 404 for anything else."""
    return get_board_for_reporting(request, code)


def can_edit_year(user: Person, year: Year) -> bool:
    return can_keep_accounts(user) and not year.is_closed
