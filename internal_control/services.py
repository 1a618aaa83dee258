"""Writes that carry the rules of internal control, and the read-side summaries (heat map, follow-up,
compilation) that several pages, the PDFs and the Excel export share.

Every summary here runs a fixed number of queries whatever the number of risks, controls or results.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from styrmodell.models import OrgUnit, User, Year

from .models import (
    OCCURRENCES,
    Action,
    Band,
    Control,
    ControlPlan,
    ControlResult,
    Occurrence,
    Risk,
    RiskMatrix,
    occurrences_of,
)

# --- the risk matrix -----------------------------------------------------------------------------------------

MATRIX_FIELDS = ["likelihood_labels", "consequence_labels", "medium_from", "high_from", "very_high_from"]


def save_matrix(matrix: RiskMatrix, data: dict) -> RiskMatrix:
    """Change the matrix; one that a plan already uses is kept as it is and a new current version is made."""
    if not matrix.plans.exists():
        for name in MATRIX_FIELDS:
            setattr(matrix, name, data[name])
        matrix.save(update_fields=MATRIX_FIELDS)
        return matrix
    with transaction.atomic():
        RiskMatrix.objects.filter(is_current=True).update(is_current=False)
        last = RiskMatrix.objects.order_by("-version").values_list("version", flat=True).first() or 0
        return RiskMatrix.objects.create(
            version=last + 1, is_current=True, **{n: data[n] for n in MATRIX_FIELDS}
        )


# --- plans ---------------------------------------------------------------------------------------------------


def create_plan(board: OrgUnit, year: Year) -> ControlPlan:
    return ControlPlan.objects.create(board=board, year=year, matrix=RiskMatrix.objects.current())


def adopt_plan(plan: ControlPlan, decision_date: datetime.date, decision_paragraph: str) -> None:
    plan.status = ControlPlan.Status.ADOPTED
    plan.decision_date = decision_date
    plan.decision_paragraph = decision_paragraph
    plan.save(update_fields=["status", "decision_date", "decision_paragraph"])


def reopen_plan(plan: ControlPlan) -> None:
    """Back to draft so risks and controls can change; the earlier decision stays in the history."""
    plan.status = ControlPlan.Status.DRAFT
    plan.save(update_fields=["status"])


# --- results -------------------------------------------------------------------------------------------------


def report_result(
    control: Control,
    *,
    occurrence: int,
    performed_on: datetime.date,
    outcome: str,
    findings: str,
    reported_by: User,
    supersedes: ControlResult | None = None,
) -> ControlResult:
    """Record a result. A correction keeps the result it corrects, marked as no longer current."""
    if supersedes is not None:
        occurrence = supersedes.occurrence
        supersedes.is_current = False
        supersedes.save(update_fields=["is_current"])
    return ControlResult.objects.create(
        control=control,
        occurrence=occurrence,
        performed_on=performed_on,
        outcome=outcome,
        findings=findings,
        reported_by=reported_by,
        supersedes=supersedes,
    )


def complete_action(action: Action, done_on: datetime.date) -> None:
    action.status = Action.Status.DONE
    action.done_on = done_on
    action.save(update_fields=["status", "done_on"])


# --- heat map and ranked list --------------------------------------------------------------------------------


@dataclass
class HeatCell:
    likelihood: int
    consequence: int
    score: int
    band: Band
    count: int


@dataclass
class HeatRow:
    likelihood: int
    label: str
    cells: list[HeatCell]


@dataclass
class HeatMap:
    matrix: RiskMatrix
    rows: list[HeatRow]
    consequences: list[tuple[int, str]]
    band_counts: list[tuple[Band, int, int, int]]  # band, lowest score, highest score, number of risks
    total: int


def heat_map(matrix: RiskMatrix, risks: Iterable[Risk]) -> HeatMap:
    """Risks counted per cell of the matrix, most likely row first (as a risk matrix is drawn)."""
    counts = Counter((r.likelihood, r.consequence) for r in risks)
    rows = []
    for likelihood in range(matrix.likelihood_levels, 0, -1):
        cells = []
        for consequence in range(1, matrix.consequence_levels + 1):
            score = likelihood * consequence
            cells.append(
                HeatCell(
                    likelihood, consequence, score, matrix.band_for(score), counts[likelihood, consequence]
                )
            )
        rows.append(HeatRow(likelihood, matrix.likelihood_label(likelihood), cells))
    by_band = Counter(matrix.band_for(lk * cq) for (lk, cq), n in counts.items() for _i in range(n))
    bands = [(band, low, high, by_band[band]) for band, low, high in matrix.band_ranges()]
    return HeatMap(
        matrix=matrix,
        rows=rows,
        consequences=[(c, matrix.consequence_label(c)) for c in range(1, matrix.consequence_levels + 1)],
        band_counts=bands,
        total=sum(counts.values()),
    )


# --- follow-up of one plan -----------------------------------------------------------------------------------


@dataclass
class OccurrenceRow:
    occurrence: Occurrence
    result: ControlResult | None
    is_due: bool

    @property
    def is_missing(self) -> bool:
        return self.is_due and self.result is None


@dataclass
class ControlFollowUp:
    control: Control
    rows: list[OccurrenceRow]


@dataclass
class FollowUp:
    plan: ControlPlan
    controls: list[ControlFollowUp]
    deviations: list[ControlResult]
    open_actions: list[Action]
    overdue_actions: list[Action]
    missing: list[tuple[Control, Occurrence]]
    reported: int = 0
    due: int = 0
    planned: int = 0
    corrections: int = 0
    today: datetime.date = field(default_factory=datetime.date.today)


def plan_controls(plan: ControlPlan):
    """The plan's controls with their risk, process, owner, current results and those results' actions
    (four queries)."""
    return (
        Control.objects.filter(risk__plan=plan)
        .select_related("risk__process", "risk__goal", "owner")
        .prefetch_related(
            Prefetch(
                "results",
                queryset=ControlResult.objects.current()
                .select_related("reported_by", "supersedes")
                .prefetch_related("actions"),
                to_attr="current_results",
            )
        )
        .order_by("-risk__score", "risk__description", "what")
    )


def follow_up(plan: ControlPlan, today: datetime.date, controls: Iterable[Control] | None = None) -> FollowUp:
    controls = list(plan_controls(plan) if controls is None else controls)
    result = FollowUp(plan=plan, controls=[], deviations=[], open_actions=[], overdue_actions=[], missing=[])
    result.today = today
    for control in controls:
        by_occurrence = {r.occurrence: r for r in control.current_results}
        rows = []
        for occ in control.occurrences(plan.year.year):
            found = by_occurrence.get(occ.number)
            row = OccurrenceRow(occ, found, occ.ends < today)
            rows.append(row)
            result.planned += 1
            result.due += row.is_due
            if found is not None:
                result.reported += 1
                result.corrections += found.supersedes_id is not None
                if found.is_deviation:
                    result.deviations.append(found)
                for action in found.actions.all():
                    if action.is_open:
                        result.open_actions.append(action)
                        if action.is_overdue(today):
                            result.overdue_actions.append(action)
            elif row.is_due:
                result.missing.append((control, occ))
        result.controls.append(ControlFollowUp(control, rows))
    result.open_actions.sort(key=lambda a: a.due_date)
    return result


# --- compilation for the executive board ---------------------------------------------------------------------


class Light:
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    NONE = "none"


LIGHT_LABELS = {
    Light.GREEN: _("No remarks"),
    Light.YELLOW: _("Needs attention"),
    Light.RED: _("Shortcomings"),
    Light.NONE: _("No plan"),
}


@dataclass
class BoardStatus:
    board: OrgUnit
    plan: ControlPlan | None
    risks_by_band: list[tuple[Band, int]] = field(default_factory=list)
    risks: int = 0
    controls: int = 0
    planned: int = 0
    due: int = 0
    reported_due: int = 0
    deviations: int = 0
    unhandled_deviations: int = 0
    open_actions: int = 0
    overdue_actions: int = 0

    @property
    def missing(self) -> int:
        return self.due - self.reported_due

    @property
    def light(self) -> str:
        if self.plan is None:
            return Light.NONE
        if not self.plan.is_adopted or self.overdue_actions or self.unhandled_deviations:
            return Light.RED
        if self.missing or self.open_actions:
            return Light.YELLOW
        return Light.GREEN

    @property
    def light_label(self) -> str:
        return str(LIGHT_LABELS[self.light])

    @property
    def reasons(self) -> list[str]:
        """Why the light is what it is, in words (the light is never the only signal)."""
        if self.plan is None:
            return [str(_("No control plan for the year."))]
        out = []
        if not self.plan.is_adopted:
            out.append(str(_("The plan is not adopted.")))
        if self.overdue_actions:
            out.append(
                ngettext("%(n)s overdue action.", "%(n)s overdue actions.", self.overdue_actions)
                % {"n": self.overdue_actions}
            )
        if self.unhandled_deviations:
            out.append(
                ngettext(
                    "%(n)s deviation without an action.",
                    "%(n)s deviations without an action.",
                    self.unhandled_deviations,
                )
                % {"n": self.unhandled_deviations}
            )
        if self.missing:
            out.append(
                ngettext(
                    "%(n)s control occurrence due but not reported.",
                    "%(n)s control occurrences due but not reported.",
                    self.missing,
                )
                % {"n": self.missing}
            )
        if self.open_actions and not self.overdue_actions:
            out.append(
                ngettext("%(n)s open action.", "%(n)s open actions.", self.open_actions)
                % {"n": self.open_actions}
            )
        return out


def compile_year(boards: Iterable[OrgUnit], year: Year, today: datetime.date) -> list[BoardStatus]:
    """Every board's internal-control status for the year, in five queries whatever the number of boards,
    risks, controls or results."""
    boards = list(boards)
    plans = {
        p.board_id: p
        for p in ControlPlan.objects.filter(year=year, board__in=boards).select_related("matrix", "year")
    }
    by_plan: dict[int, BoardStatus] = {}
    statuses = []
    for board in boards:
        plan = plans.get(board.pk)
        status = BoardStatus(board=board, plan=plan)
        statuses.append(status)
        if plan is not None:
            by_plan[plan.pk] = status
    plan_ids = list(by_plan)
    band_counts: dict[int, Counter] = defaultdict(Counter)
    for plan_id, score in Risk.objects.filter(plan_id__in=plan_ids).values_list("plan_id", "score"):
        band_counts[plan_id][by_plan[plan_id].plan.matrix.band_for(score)] += 1
        by_plan[plan_id].risks += 1
    ends_of: dict[int, dict[int, datetime.date]] = {}
    control_plan: dict[int, int] = {}
    for control_id, plan_id, frequency in Control.objects.filter(risk__plan_id__in=plan_ids).values_list(
        "id", "risk__plan_id", "frequency"
    ):
        status = by_plan[plan_id]
        status.controls += 1
        status.planned += OCCURRENCES[frequency]
        ends = {o.number: o.ends for o in occurrences_of(frequency, year.year)}
        ends_of[control_id] = ends
        control_plan[control_id] = plan_id
        status.due += sum(1 for end in ends.values() if end < today)
    deviations_with_action = set(
        Action.objects.filter(
            result__control__risk__plan_id__in=plan_ids, result__is_current=True
        ).values_list("result_id", flat=True)
    )
    for result_id, control_id, occurrence, outcome in (
        ControlResult.objects.current()
        .filter(control__risk__plan_id__in=plan_ids)
        .values_list("id", "control_id", "occurrence", "outcome")
    ):
        status = by_plan[control_plan[control_id]]
        end = ends_of[control_id].get(occurrence)
        if end is not None and end < today:
            status.reported_due += 1
        if outcome == ControlResult.Outcome.DEVIATION:
            status.deviations += 1
            status.unhandled_deviations += result_id not in deviations_with_action
    for plan_id, due_date in (
        Action.objects.open()
        .filter(result__control__risk__plan_id__in=plan_ids, result__is_current=True)
        .values_list("result__control__risk__plan_id", "due_date")
    ):
        by_plan[plan_id].open_actions += 1
        by_plan[plan_id].overdue_actions += due_date < today
    for plan_id, status in by_plan.items():
        status.risks_by_band = [(band, band_counts[plan_id][band]) for band in Band]
    return statuses
