"""Unit analyses: a unit manager's short account of a period (what went well, what did not, what comes next).

Written on the unit's page for the period while the period's staff step is open for the unit (the same lock as
commitment status); read by the managers above and the board (its members, secretary and controllers); gathered
in the board's report under the goals each analysis concerns.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from styrmodell import access
from styrmodell.models import OrgUnit, Period, Reporting, User

from .models import Commitment, UnitAnalysis


def is_open(period: Period, unit: OrgUnit) -> bool:
    """Unit analysis is staff-step reporting: open exactly when commitment status may be reported."""
    return access.reporting_is_open(period, unit, Reporting.STATUS)


def suggested_goals(unit: OrgUnit, period: Period):
    """The goals the unit's own commitments of the year contribute to (the analysis' default subject)."""
    from goals.models import Goal

    return Goal.objects.filter(
        pk__in=Commitment.goals.through.objects.filter(
            commitment__unit=unit, commitment__year_id=period.year_id
        ).values("goal_id")
    )


def choosable_goals(unit: OrgUnit, period: Period):
    """The goals an analysis may concern: the adopted goals of the unit's board in the period's year and any goal
    the unit's commitments contribute to."""
    from django.db.models import Q

    from goals.models import Goal

    board = unit.board()
    mine = Q(pk__in=suggested_goals(unit, period).values("pk"))
    board_goals = Q(board=board, status=Goal.Status.ADOPTED) if board else Q(pk__in=[])
    return (
        Goal.objects.filter(year_id=period.year_id)
        .filter(mine | board_goals)
        .select_related("board")
        .order_by("board__path", "position", "title")
    )


@transaction.atomic
def save_analysis(
    unit: OrgUnit, period: Period, *, went_well: str, went_badly: str, next_steps: str, goals, by: User
) -> UnitAnalysis:
    analysis, _created = UnitAnalysis.objects.select_for_update().get_or_create(unit=unit, period=period)
    analysis.went_well, analysis.went_badly, analysis.next_steps = went_well, went_badly, next_steps
    analysis.written_by, analysis.written_at = by, timezone.now()
    analysis.save(update_fields=["went_well", "went_badly", "next_steps", "written_by", "written_at"])
    analysis.goals.set(goals)
    return analysis


def analyses_by_goal(boards: list[OrgUnit], period: Period) -> dict[int, list[UnitAnalysis]]:
    """Goal id → the period's non-empty unit analyses (in the boards' subtrees) that concern it, in tree order.
    Two queries whatever the number of boards and analyses."""
    result: dict[int, list[UnitAnalysis]] = defaultdict(list)
    if not boards:
        return result
    from django.db.models import Q

    in_boards = Q()
    for board in boards:
        in_boards |= Q(unit__path__startswith=board.path)
    analyses = (
        UnitAnalysis.objects.filter(in_boards, period=period)
        .select_related("unit", "written_by")
        .prefetch_related("goals")
        .order_by("unit__path")
    )
    for analysis in analyses:
        if analysis.is_empty:
            continue
        for goal in analysis.goals.all():
            result[goal.pk].append(analysis)
    return result
