"""Who moderates and answers e-proposals, built on the core primitives of styrmodell.access.

No new role: a proposal to a board is handled by the board's secretary (the secretary role on the board or on a
node above it, so a secretary on the council node handles every board's proposals), and by municipality-wide
administrators (systemförvaltare). A proposal to the council is handled by a secretary on the council node or an
administrator. Anyone else signed in gets 403 on the staff list and 404 on a proposal's staff page, so nothing
about proposals outside their scope (or the submitters' names) leaks. Citizens need no account.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from styrmodell.access import grants, has_role, in_subtree_q, is_system_admin
from styrmodell.models import OrgUnit, Role, User

from .models import Proposal

MODERATOR_ROLES = (Role.SECRETARY,)


def moderates_all(user: User | AnonymousUser) -> bool:
    return is_system_admin(user)


def can_moderate(user: User | AnonymousUser, board: OrgUnit) -> bool:
    return moderates_all(user) or has_role(user, board, *MODERATOR_ROLES)


def is_moderator(user: User | AnonymousUser) -> bool:
    """Moderates the proposals of at least one board (shown the staff menu item)."""
    if not user.is_authenticated:
        return False
    if moderates_all(user):
        return True
    return any(g.role in MODERATOR_ROLES for g in grants(user))


def proposals_moderated_by(user: User | AnonymousUser) -> QuerySet[Proposal]:
    """Every submitted proposal (the e-mail confirmed) of the boards the user moderates."""
    proposals = Proposal.objects.exclude(status=Proposal.Status.UNVERIFIED)
    if moderates_all(user):
        return proposals
    return proposals.filter(in_subtree_q(user, MODERATOR_ROLES, field="board__path"))


def require_moderator(request: HttpRequest) -> None:
    if not is_moderator(request.user):
        raise PermissionDenied


def get_proposal_for_moderator(request: HttpRequest, code) -> Proposal:
    """The proposal for its moderator; 404 for everyone else (and for a proposal nobody has confirmed yet)."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("board").exclude(status=Proposal.Status.UNVERIFIED), code=code
    )
    if not can_moderate(request.user, proposal.board):
        raise Http404
    return proposal
