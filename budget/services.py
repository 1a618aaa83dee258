"""The rules of the budget process: the calendar and its place in the annual cycle, the directive, requests and
decisions, the compilation for the budget preparation, the budget and strategy plan with its adoption and
archive, and the working budgets."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from styrmodell.lib import pdf
from styrmodell.models import OrgUnit, User, Year

from .models import (
    ArchivedPlan,
    BudgetCalendar,
    BudgetRequest,
    Directive,
    DirectiveFrame,
    EnvironmentAnalysis,
    PlanFrame,
    StrategyPlan,
    WorkingBudgetLine,
)


class PlanAdopted(Exception):
    """Nothing about an adopted budget and strategy plan changes."""


class WorkingBudgetError(ValueError):
    """A working budget that cannot be saved (no adopted frame, or the amounts do not add up to it)."""


# --- the calendar and the annual cycle --------------------------------------------------------------------------


def save_calendar(year: Year, dates: dict[str, datetime.date]) -> BudgetCalendar:
    calendar, _created = BudgetCalendar.objects.update_or_create(year=year, defaults=dates)
    return calendar


@dataclass
class CycleStep:
    """One budget step in the annual cycle, in the shape of the reporting app's cycle entries."""

    month: int
    end_month: int | None
    title: str
    description: str
    starts: datetime.date
    ends: datetime.date | None = None
    kind: str = "budget"
    kind_label: str = ""
    milestone: None = None

    @property
    def date(self) -> datetime.date | None:
        return self.starts if self.ends is None else None

    @property
    def when(self) -> str:
        if self.ends is None:
            return date_format(self.starts, "j F Y")
        return f"{date_format(self.starts, 'j F')} – {date_format(self.ends, 'j F Y')}"


def steps_of(calendar: BudgetCalendar) -> list[CycleStep]:
    process = calendar.year.year
    names = {"process": process, "budget_year": process + 1}
    label = _("Budget")
    return [
        CycleStep(
            calendar.directive_date.month,
            None,
            _("Budget directive for the budget process %(process)s") % names,
            _("The council adopts the budget directive: the assumptions and a frame per board.") % names,
            calendar.directive_date,
            kind_label=label,
        ),
        CycleStep(
            calendar.requests_from.month,
            calendar.requests_due.month,
            _("Budget requests for %(budget_year)s due") % names,
            _("The boards analyse their environment and submit their budget requests by %(date)s.")
            % {"date": date_format(calendar.requests_due, "j F Y")},
            calendar.requests_from,
            calendar.requests_due,
            kind_label=label,
        ),
        CycleStep(
            calendar.preparation_from.month,
            calendar.preparation_to.month,
            _("Budget preparation for %(budget_year)s") % names,
            _("The budget preparation compiles the boards' requests, prioritises and decides on them."),
            calendar.preparation_from,
            calendar.preparation_to,
            kind_label=label,
        ),
        CycleStep(
            calendar.plan_date.month,
            None,
            _("Budget and strategy plan %(budget_year)s adopted") % names,
            _("The council adopts the directions and the budget frame of every board."),
            calendar.plan_date,
            kind_label=label,
        ),
        CycleStep(
            calendar.working_budget_from.month,
            calendar.working_budget_to.month,
            _("Working budgets for %(budget_year)s") % names,
            _("Each board divides its frame between its units."),
            calendar.working_budget_from,
            calendar.working_budget_to,
            kind_label=label,
        ),
    ]


def cycle_entries(year: Year) -> list[CycleStep]:
    """The budget steps that fall in the calendar year `year` (one query): this year's process and the directive
    of next year's process, which the council adopts in December."""
    stored = {
        c.year.year: c
        for c in BudgetCalendar.objects.filter(year__year__in=[year.year, year.year + 1]).select_related(
            "year"
        )
    }
    steps: list[CycleStep] = []
    for number in (year.year, year.year + 1):
        calendar = stored.get(number) or BudgetCalendar(
            year=year if number == year.year else Year(year=number), **BudgetCalendar.defaults_for(number)
        )
        steps += [s for s in steps_of(calendar) if s.starts.year == year.year]
    return steps


# --- the directive ----------------------------------------------------------------------------------------------


def save_directive(
    year: Year,
    *,
    assumptions: str,
    decision_date: datetime.date | None,
    decision_paragraph: str,
    frames: dict[OrgUnit, Decimal | None],
    user: User | None,
) -> Directive:
    """The directive and its frames in one transaction; a board with no amount has no frame."""
    with transaction.atomic():
        directive, _created = Directive.objects.get_or_create(year=year)
        directive.assumptions = assumptions
        directive.decision_date = decision_date
        directive.decision_paragraph = decision_paragraph
        directive.updated_by = user
        directive.updated_at = timezone.now()
        directive.save()
        existing = {f.board_id: f for f in directive.frames.all()}
        for board, amount in frames.items():
            frame = existing.get(board.pk)
            if amount is None:
                if frame is not None:
                    frame.delete()
            elif frame is None:
                DirectiveFrame.objects.create(directive=directive, board=board, amount=amount)
            elif frame.amount != amount:
                frame.amount = amount
                frame.save(update_fields=["amount"])
    return directive


def directive_frames(year: Year) -> dict[int, Decimal]:
    """Board id → frame in the year's directive (one query)."""
    return dict(DirectiveFrame.objects.filter(directive__year=year).values_list("board_id", "amount"))


# --- the boards' work -------------------------------------------------------------------------------------------


def save_analysis(board: OrgUnit, year: Year, text: str, user: User | None) -> EnvironmentAnalysis:
    analysis, _created = EnvironmentAnalysis.objects.get_or_create(board=board, year=year)
    analysis.text = text
    analysis.updated_by = user
    analysis.updated_at = timezone.now()
    analysis.save(update_fields=["text", "updated_by", "updated_at"])
    return analysis


def plan_is_adopted(year: Year) -> bool:
    return StrategyPlan.objects.filter(year=year, status=StrategyPlan.Status.ADOPTED).exists()


def submit(budget_request: BudgetRequest) -> None:
    budget_request.status = BudgetRequest.Status.SUBMITTED
    budget_request.submitted_at = timezone.now()
    budget_request.save(update_fields=["status", "submitted_at"])


def withdraw(budget_request: BudgetRequest) -> None:
    """Back to draft: only before the preparation decided on it."""
    budget_request.status = BudgetRequest.Status.DRAFT
    budget_request.submitted_at = None
    budget_request.save(update_fields=["status", "submitted_at"])


def decide(
    budget_request: BudgetRequest,
    *,
    decision: str,
    approved_amount: Decimal | None,
    comment: str,
    user: User | None,
) -> None:
    if plan_is_adopted(budget_request.year):
        raise PlanAdopted
    budget_request.decision = decision
    budget_request.approved_amount = approved_amount if decision == BudgetRequest.Decision.PARTLY else None
    budget_request.decision_comment = comment
    budget_request.decided_by = user
    budget_request.decided_at = timezone.now() if decision != BudgetRequest.Decision.PENDING else None
    budget_request.save(
        update_fields=["decision", "approved_amount", "decision_comment", "decided_by", "decided_at"]
    )


# --- the budget preparation -------------------------------------------------------------------------------------


@dataclass
class BoardCompilation:
    board: OrgUnit
    frame: Decimal | None
    requests: list[BudgetRequest] = field(default_factory=list)

    @property
    def requested(self) -> Decimal:
        return sum((r.amount for r in self.requests), Decimal("0"))

    @property
    def granted(self) -> Decimal:
        return sum((r.granted for r in self.requests), Decimal("0"))

    @property
    def undecided(self) -> int:
        return sum(1 for r in self.requests if not r.is_decided)

    @property
    def new_frame(self) -> Decimal:
        return (self.frame or Decimal("0")) + self.granted


def compilation(year: Year) -> list[BoardCompilation]:
    """Every active board with its directive frame and submitted requests (three queries, whatever the number of
    boards and requests)."""
    frames = directive_frames(year)
    rows = {b.pk: BoardCompilation(b, frames.get(b.pk)) for b in OrgUnit.objects.boards().active()}
    submitted = (
        BudgetRequest.objects.submitted()
        .filter(year=year)
        .select_related("board", "goal", "direction")
        .order_by("board__path", "created")
    )
    for budget_request in submitted:
        row = rows.get(budget_request.board_id)
        if row is None:  # an inactive board's request still counts
            row = rows[budget_request.board_id] = BoardCompilation(budget_request.board, None)
        row.requests.append(budget_request)
    return list(rows.values())


# --- the budget and strategy plan -------------------------------------------------------------------------------


def _frame_figures(year: Year) -> dict[OrgUnit, tuple[Decimal, Decimal]]:
    return {row.board: (row.frame or Decimal("0"), row.granted) for row in compilation(year)}


def create_plan(year: Year, user: User | None) -> StrategyPlan:
    """A draft plan whose frames are the directive's plus the approved requests."""
    with transaction.atomic():
        plan, created = StrategyPlan.objects.get_or_create(year=year)
        if created:
            refresh_frames(plan)
    return plan


def refresh_frames(plan: StrategyPlan) -> None:
    """Take the frames again from the directive and the decisions (a draft plan only)."""
    if plan.is_adopted:
        raise PlanAdopted
    existing = {f.board_id: f for f in plan.frames.all()}
    for board, (directive_amount, approved) in _frame_figures(plan.year).items():
        amount = max(directive_amount + approved, Decimal("0"))
        frame = existing.get(board.pk)
        if frame is None:
            PlanFrame.objects.create(
                plan=plan,
                board=board,
                directive_amount=directive_amount,
                approved_amount=approved,
                amount=amount,
            )
        else:
            frame.directive_amount, frame.approved_amount, frame.amount = directive_amount, approved, amount
            frame.save(update_fields=["directive_amount", "approved_amount", "amount"])


def update_plan(plan: StrategyPlan, *, introduction: str, amounts: dict[int, Decimal]) -> None:
    """The introduction and the frames (frame id → amount) of a draft plan."""
    with transaction.atomic():
        locked = StrategyPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.is_adopted:
            raise PlanAdopted
        locked.introduction = introduction
        locked.save(update_fields=["introduction"])
        for frame in locked.frames.all():
            if frame.pk in amounts and amounts[frame.pk] != frame.amount:
                frame.amount = amounts[frame.pk]
                frame.save(update_fields=["amount"])
    plan.refresh_from_db()


def plan_directions(year: Year):
    """The council's directions valid in any of the three years after the planning year."""
    from goals.models import Direction

    first, last = year.year + 1, year.year + 3
    return Direction.objects.filter(valid_from__lte=last, valid_to__gte=first).select_related("vision")


def plan_context(plan: StrategyPlan) -> dict[str, Any]:
    frames = list(plan.frames.select_related("board"))
    directive = Directive.objects.filter(year=plan.year).first()
    return {
        "plan": plan,
        "year": plan.year,
        "budget_year": plan.year.year + 1,
        "last_year": plan.year.year + 3,
        "directions": list(plan_directions(plan.year)),
        "frames": frames,
        "total": sum((f.amount for f in frames), Decimal("0")),
        "directive": directive,
        "municipality": settings.MUNICIPALITY_NAME,
        "pdf_author": settings.MUNICIPALITY_NAME,
    }


def render_plan(plan: StrategyPlan) -> tuple[str, bytes]:
    """(document HTML, tagged PDF) of the plan as it is now."""
    ctx = plan_context(plan)
    document = pdf.render_html(
        "pdf/budget_plan.html", {**ctx, "pdf_title": plan.title, "pdf_lang": "sv"}, lang="sv"
    )
    return document, pdf.html_to_pdf(document)


def adopt_plan(
    plan: StrategyPlan, *, decision_date: datetime.date, paragraph: str, user: User | None
) -> ArchivedPlan:
    """Adopt the plan and archive it as an immutable, dated document. The PDF is rendered before the transaction
    (WeasyPrint takes a moment); the adoption is refused if someone adopted it meanwhile."""
    plan.decision_date, plan.decision_paragraph = decision_date, paragraph
    document, data = render_plan(plan)
    with transaction.atomic():
        locked = StrategyPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.is_adopted:
            raise PlanAdopted
        locked.status = StrategyPlan.Status.ADOPTED
        locked.decision_date = decision_date
        locked.decision_paragraph = paragraph
        locked.adopted_at = timezone.now()
        locked.adopted_by = user
        locked.save(
            update_fields=["status", "decision_date", "decision_paragraph", "adopted_at", "adopted_by"]
        )
        archived = ArchivedPlan(
            plan=locked,
            title=locked.title,
            html=document,
            pdf_sha256=hashlib.sha256(data).hexdigest(),
            pdf_size=len(data),
            decision_date=decision_date,
            decision_paragraph=paragraph,
            archived_by=user,
        )
        archived.pdf.save(
            f"budget-och-strategiplan-{locked.year.year + 1}-{decision_date.isoformat()}.pdf",
            ContentFile(data),
            save=False,
        )
        archived.save()
    plan.refresh_from_db()
    return archived


# --- the working budget -----------------------------------------------------------------------------------------


@dataclass
class WorkingBudget:
    board: OrgUnit
    year: Year
    frame: Decimal | None  # from the adopted plan; None before adoption
    units: list[OrgUnit]
    amounts: dict[int, Decimal]  # unit id → amount

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal("0"))

    @property
    def rows(self) -> list[tuple[OrgUnit, Decimal | None]]:
        return [(u, self.amounts.get(u.pk)) for u in self.units]

    @property
    def is_complete(self) -> bool:
        return bool(self.amounts) and self.frame is not None and self.total == self.frame


def adopted_frame(board: OrgUnit, year: Year) -> Decimal | None:
    frame = PlanFrame.objects.filter(
        plan__year=year, plan__status=StrategyPlan.Status.ADOPTED, board=board
    ).first()
    return frame.amount if frame else None


def working_budget(board: OrgUnit, year: Year) -> WorkingBudget:
    """The board's frame, the units of its subtree and their amounts (three queries)."""
    units = list(
        OrgUnit.objects.filter(path__startswith=board.path, depth__gt=board.depth, is_active=True).order_by(
            "path"
        )
    )
    amounts = dict(WorkingBudgetLine.objects.filter(board=board, year=year).values_list("unit_id", "amount"))
    return WorkingBudget(board, year, adopted_frame(board, year), units, amounts)


def check_working_budget(budget: WorkingBudget, amounts: dict[int, Decimal]) -> None:
    if budget.frame is None:
        raise WorkingBudgetError(
            _("The budget and strategy plan is not adopted yet: there is no frame to divide.")
        )
    total = sum(amounts.values(), Decimal("0"))
    if total != budget.frame:
        raise WorkingBudgetError(
            _(
                "The amounts add up to %(total)s tkr but the board's frame is %(frame)s tkr "
                "(%(difference)s tkr %(direction)s). Nothing was saved."
            )
            % {
                "total": _tkr(total),
                "frame": _tkr(budget.frame),
                "difference": _tkr(abs(total - budget.frame)),
                "direction": _("too much") if total > budget.frame else _("missing"),
            }
        )


def _tkr(value: Decimal) -> str:
    from django.contrib.humanize.templatetags.humanize import intcomma

    return intcomma(value.normalize() if value == value.to_integral() else value)


def save_working_budget(board: OrgUnit, year: Year, amounts: dict[int, Decimal], user: User | None) -> None:
    """Write every unit's amount at once; refused (nothing written) unless they add up to the frame."""
    budget = working_budget(board, year)
    known = {u.pk for u in budget.units}
    amounts = {unit_id: amount for unit_id, amount in amounts.items() if unit_id in known}
    check_working_budget(budget, amounts)
    now = timezone.now()
    with transaction.atomic():
        existing = {
            line.unit_id: line
            for line in WorkingBudgetLine.objects.select_for_update().filter(board=board, year=year)
        }
        for unit_id, line in existing.items():
            if unit_id not in amounts:
                line.delete()
        for unit_id, amount in amounts.items():
            line = existing.get(unit_id)
            if line is None:
                WorkingBudgetLine.objects.create(
                    board=board, year=year, unit_id=unit_id, amount=amount, updated_by=user, updated_at=now
                )
            elif line.amount != amount:
                line.amount, line.updated_by, line.updated_at = amount, user, now
                line.save(update_fields=["amount", "updated_by", "updated_at"])
