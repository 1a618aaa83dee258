"""The municipality's report (Report.Scope.MUNICIPALITY): the municipal totals summed over the boards, the
synthesis per council direction with the executive board's analysis of each, every board's own summary, and the
comparison with the same period of the previous year."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from goals.models import Direction, Goal, GoalAssessment
from styrmodell.models import DirectionAnalysis, OrgUnit, Period, User

from .models import BudgetFrame, EconomyFigure, Report

VERDICTS = list(GoalAssessment.Verdict)


@dataclass
class VerdictCounts:
    """How many goals got each verdict; `rows` in the order of GoalAssessment.Verdict."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GoalAssessment.Verdict.values, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def rows(self) -> list[tuple[str, int]]:
        return [(str(v.label), self.counts[v.value]) for v in VERDICTS]

    def __getitem__(self, verdict: str) -> int:
        return self.counts[verdict]


@dataclass
class Totals:
    goals: int
    verdicts: VerdictCounts
    commitments: int
    deviations: int
    budget: Decimal | None
    outcome: Decimal | None
    forecast: Decimal | None

    @property
    def deviation(self) -> Decimal | None:
        if self.budget is None or self.forecast is None:
            return None
        return self.budget - self.forecast


@dataclass
class DirectionSynthesis:
    direction: Direction
    verdicts: VerdictCounts
    boards: list[str]
    analysis: str = ""


@dataclass
class PreviousYear:
    period: Period
    verdicts: VerdictCounts
    deviation: Decimal | None


def _sum(values: list[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known else None


def totals(parts: list) -> Totals:
    """The municipality's figures: every board's summed (no queries; `parts` are reporting.services.BoardPart)."""
    verdicts = VerdictCounts()
    for part in parts:
        for section in part.directions:
            for goal in section.goals:
                verdicts.counts[goal.verdict] += 1
    rows = [p.economy_row for p in parts if p.economy_row is not None]
    return Totals(
        goals=sum(p.goal_count for p in parts),
        verdicts=verdicts,
        commitments=sum(p.commitment_total for p in parts),
        deviations=sum(len(p.deviations) for p in parts),
        budget=_sum([r.budget for r in rows if r.figure]),
        outcome=_sum([r.figure.outcome for r in rows if r.figure]),
        forecast=_sum([r.figure.forecast for r in rows if r.figure]),
    )


def directions_of(report: Report) -> list[Direction]:
    """The council's directions in force in the report's year (one query)."""
    year = report.period.year.year
    return list(
        Direction.objects.filter(valid_from__lte=year, valid_to__gte=year).order_by("position", "title")
    )


def synthesis(report: Report, parts: list) -> list[DirectionSynthesis]:
    """Per council direction: the verdicts of every board's goals under it and the executive board's analysis
    (two queries). A direction with goals but no longer in force (a goal kept from an earlier plan) is listed too."""
    by_direction: dict[int, DirectionSynthesis] = {
        d.pk: DirectionSynthesis(d, VerdictCounts(), []) for d in directions_of(report)
    }
    for part in parts:
        for section in part.directions:
            entry = by_direction.setdefault(
                section.direction.pk, DirectionSynthesis(section.direction, VerdictCounts(), [])
            )
            if section.goals and part.board.name not in entry.boards:
                entry.boards.append(part.board.name)
            for goal in section.goals:
                entry.verdicts.counts[goal.verdict] += 1
    for analysis in DirectionAnalysis.objects.filter(report=report):
        if analysis.direction_id in by_direction:
            by_direction[analysis.direction_id].analysis = analysis.text
    return list(by_direction.values())


def board_summaries(report: Report, boards: list[OrgUnit]) -> dict[int, str]:
    """Each board's own summary of the same period (the summary of the board's report), by board id (one query)."""
    return dict(
        Report.objects.filter(unit__in=boards, period=report.period)
        .exclude(summary="")
        .values_list("unit_id", "summary")
    )


def previous_period(period: Period) -> Period | None:
    return (
        Period.objects.filter(year__year=period.year.year - 1, key=period.key).select_related("year").first()
    )


def previous_year(report: Report, boards: list[OrgUnit]) -> PreviousYear | None:
    """The same period of the previous year: the verdicts of the boards' adopted goals and the summed budget
    deviation (four queries), or None when the previous year has no such period."""
    period = previous_period(report.period)
    if period is None:
        return None
    goals = Goal.objects.filter(board__in=boards, year=period.year, status=Goal.Status.ADOPTED)
    verdicts = VerdictCounts()
    assessed = dict(
        GoalAssessment.objects.filter(goal__in=goals, period=period)
        .values("verdict")
        .annotate(n=Count("pk"))
        .values_list("verdict", "n")
    )
    for verdict, n in assessed.items():
        verdicts.counts[verdict] += n
    verdicts.counts[GoalAssessment.Verdict.NOT_ASSESSED] += goals.count() - sum(assessed.values())
    budgets = dict(
        BudgetFrame.objects.filter(board__in=boards, year=period.year).values_list("board_id", "amount")
    )
    deviations = [
        budgets[f.board_id] - f.forecast
        for f in EconomyFigure.objects.filter(board__in=boards, period=period)
        if f.board_id in budgets
    ]
    return PreviousYear(period, verdicts, _sum(deviations))


def municipal_context(report: Report, parts: list) -> dict[str, Any]:
    boards = [p.board for p in parts]
    summaries = board_summaries(report, boards)
    for part in parts:
        part.own_summary = summaries.get(part.board.pk, "")
    return {
        "totals": totals(parts),
        "synthesis": synthesis(report, parts),
        "previous": previous_year(report, boards),
        "verdict_labels": [str(v.label) for v in VERDICTS],
    }


# --- the executive board's analysis per direction ------------------------------------------------------------


class DirectionAnalysesForm(forms.Form):
    """One text per council direction of the report's year."""

    def __init__(self, *args, report: Report, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.directions = directions_of(report)
        texts = dict(DirectionAnalysis.objects.filter(report=report).values_list("direction_id", "text"))
        for direction in self.directions:
            self.fields[f"direction_{direction.pk}"] = forms.CharField(
                label=direction.title,
                required=False,
                initial=texts.get(direction.pk, ""),
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def texts(self) -> dict[Direction, str]:
        return {d: self.cleaned_data.get(f"direction_{d.pk}", "").strip() for d in self.directions}


@transaction.atomic
def save_analyses(report: Report, texts: dict[Direction, str], user: User | None) -> None:
    existing = {a.direction_id: a for a in DirectionAnalysis.objects.filter(report=report)}
    for direction, text in texts.items():
        analysis = existing.get(direction.pk)
        if analysis is None:
            if text:
                DirectionAnalysis.objects.create(
                    report=report, direction=direction, text=text, updated_by=user
                )
        elif analysis.text != text:
            analysis.text = text
            analysis.updated_by = user
            analysis.updated_at = timezone.now()
            analysis.save(update_fields=["text", "updated_by", "updated_at"])
