"""Who may see and change the ledger, built on the core's primitives (styrmodell.access).

The ledger is the whole municipality's: it is kept by the controllers of the municipality (the controller role
on the root of the organisation tree) and by its administrators. They import SIE files, read every import and
map the ansvar objects to boards and units. A controller of one board, an elected member or anyone else signed
in gets 403 on the ledger's pages (the pages exist for every municipality; no figure is shown), and 404 on an
import found by its code. A closed year takes no new import.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from styrmodell.access import grants, is_system_admin
from styrmodell.models import Role, User, Year

from .models import LedgerImport

Person = User | AnonymousUser


def can_keep_ledger(user: Person) -> bool:
    """A controller of the whole municipality, or a municipality-wide administrator (no query after the
    request's grants)."""
    if not user.is_authenticated:
        return False
    return is_system_admin(user) or any(g.role == Role.CONTROLLER and g.depth == 1 for g in grants(user))


def require_keeper(request: HttpRequest) -> None:
    if not can_keep_ledger(request.user):
        raise PermissionDenied


def can_import(user: Person, year: Year) -> bool:
    return can_keep_ledger(user) and not year.is_closed


def require_import(request: HttpRequest, year: Year) -> None:
    require_keeper(request)
    if year.is_closed:
        raise PermissionDenied


def get_import_for_user(request: HttpRequest, code: str) -> LedgerImport:
    """An import is seen by the ledger's keepers only; to anyone else it does not exist."""
    if not can_keep_ledger(request.user):
        raise Http404
    return get_object_or_404(LedgerImport.objects.select_related("year", "imported_by", "job"), code=code)
