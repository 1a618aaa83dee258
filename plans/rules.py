"""Who may see and change the ideas and the plans, built on the core's primitives (styrmodell.access) and the
rules of the apps whose content a plan shows.

- The municipality's ideas (common mission statement, leadership and employee idea) are kept by council members
  and read by every signed-in person (drafts only by the council members); a board's own mission statement is kept
  by its elected members and secretary, and its versions and drafts are read by everyone in line with the board
  (404 outside). The public site shows adopted versions only.
- A board's operational plan is read by everyone in line with the board (a role on it, above it or below it),
  a unit's plan by everyone in line with the unit; 404 for anyone else. Inside, each section follows its own
  app's rule: goals (goals.rules), unit commitments (commitments.rules.commitments_visible_to), the internal-
  control plan (internal_control.rules) and the budget (reporting.rules).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from goals.rules import GOAL_EDITOR_ROLES
from styrmodell.access import grants_with, has_role, is_related, is_superuser
from styrmodell.models import OrgUnit, Role, User

from .models import Idea

Person = User | AnonymousUser


def can_keep_municipal_ideas(user: Person) -> bool:
    return user.is_authenticated and (is_superuser(user) or bool(grants_with(user, [Role.COUNCIL])))


def can_keep_board_idea(user: Person, board: OrgUnit) -> bool:
    return user.is_authenticated and (is_superuser(user) or has_role(user, board, *GOAL_EDITOR_ROLES))


def can_keep_idea(user: Person, idea: Idea) -> bool:
    if idea.is_municipal:
        return can_keep_municipal_ideas(user)
    return can_keep_board_idea(user, idea.board)


def can_read_drafts(user: Person, idea: Idea) -> bool:
    if idea.is_municipal:
        return can_keep_municipal_ideas(user)
    return is_related(user, idea.board)


def get_idea_for_user(request: HttpRequest, code) -> tuple[Idea, bool]:
    """An idea and whether the user keeps it. Ideas are the municipality's: every signed-in person reads them
    (a board's idea only for an active board or one the user is in line with)."""
    idea = get_object_or_404(Idea.objects.select_related("board"), code=code)
    if not request.user.is_authenticated:
        raise Http404
    if idea.board is not None and not (idea.board.is_active or is_related(request.user, idea.board)):
        raise Http404
    return idea, can_keep_idea(request.user, idea)


def get_idea_for_keeper(request: HttpRequest, code) -> Idea:
    idea, can_keep = get_idea_for_user(request, code)
    if not can_keep:
        raise PermissionDenied
    return idea


def get_board_for_idea(request: HttpRequest, code) -> OrgUnit:
    """A board whose idea the user starts writing (the first version creates the idea)."""
    board = get_object_or_404(OrgUnit, code=code, kind=OrgUnit.Kind.BOARD)
    if not request.user.is_authenticated or not (board.is_active or is_related(request.user, board)):
        raise Http404
    if not can_keep_board_idea(request.user, board):
        raise PermissionDenied
    return board


# --- plans ----------------------------------------------------------------------------------------------------


def can_read_plan(user: Person, unit: OrgUnit) -> bool:
    return user.is_authenticated and is_related(user, unit)


def get_board_for_plan(request: HttpRequest, code) -> OrgUnit:
    board = get_object_or_404(OrgUnit, code=code, kind=OrgUnit.Kind.BOARD)
    if not can_read_plan(request.user, board):
        raise Http404
    return board


def get_unit_for_plan(request: HttpRequest, code) -> OrgUnit:
    unit = get_object_or_404(OrgUnit, code=code)
    if unit.kind in (OrgUnit.Kind.COUNCIL, OrgUnit.Kind.BOARD) or not can_read_plan(request.user, unit):
        raise Http404
    return unit
