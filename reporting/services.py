"""The rules of the reporting cycle: the annual cycle's defaults, economy, building, adopting and archiving reports.

A report is built from the live data (goals, indicators, commitments, economy, internal control) into HTML and a
PDF; adoption copies the last build into an `ArchivedReport` that nothing changes afterwards.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments import services as commitment_services
from commitments.analysis import analyses_by_goal as unit_analyses_by_goal
from commitments.models import UNREPORTED, Status
from feedback import services as feedback_services
from goals import services as goal_services
from goals.models import Goal, GoalAssessment, Light
from styrmodell import access
from styrmodell.lib import pdf
from styrmodell.lib.charts import trend_chart_svg
from styrmodell.models import OrgUnit, Period, Reporting, User, Year

from . import parts as report_parts
from .models import REPORT_HEADINGS, ArchivedReport, BudgetFrame, EconomyFigure, Milestone, Report, sha256_of

# --- the annual cycle -----------------------------------------------------------------------------------------

# The seed's annual cycle: (month, until month, kind, title, description).
DEFAULT_MILESTONES: list[tuple[int, int | None, str, Any, Any]] = [
    (
        1,
        None,
        Milestone.Kind.FOLLOW_UP,
        gettext_lazy("Year-end and goal follow-up"),
        gettext_lazy(
            "The previous year is closed and its goals are followed up; the results are compiled into the "
            "annual report. Boards analyse their environment and revise their goals."
        ),
    ),
    (
        6,
        None,
        Milestone.Kind.BUDGET,
        gettext_lazy("Budget and strategy plan"),
        gettext_lazy(
            "The council adopts the budget and strategy plan with directions and budget frames per board."
        ),
    ),
    (
        9,
        None,
        Milestone.Kind.PLANNING,
        gettext_lazy("Operational planning and internal-control plan"),
        gettext_lazy(
            "Boards break the directions down into goals; units and employees make commitments; the "
            "internal-control plan is drawn up with process mapping."
        ),
    ),
    (
        11,
        12,
        Milestone.Kind.BUDGET,
        gettext_lazy("Detailed budget"),
        gettext_lazy("The boards draw up their detailed budgets within the frames."),
    ),
    (
        12,
        None,
        Milestone.Kind.BUDGET,
        gettext_lazy("Budget directive"),
        gettext_lazy("The council adopts the budget directive for the coming year."),
    ),
]


def create_default_milestones(year: Year) -> list[Milestone]:
    """The seed's milestones for a year that has none yet (idempotent: looks them up by month and title)."""
    made = []
    for month, end_month, kind, title, description in DEFAULT_MILESTONES:
        milestone, _created = Milestone.objects.get_or_create(
            year=year,
            month=month,
            title=str(title),
            defaults={"end_month": end_month, "kind": kind, "description": str(description)},
        )
        made.append(milestone)
    return made


@dataclass
class CycleEntry:
    """One row of the annual cycle: a milestone or a reporting deadline."""

    month: int
    end_month: int | None
    title: str
    description: str
    kind: str
    kind_label: str
    date: datetime.date | None = None
    milestone: Milestone | None = None

    @property
    def when(self) -> str:
        if self.date:
            return date_format(self.date, "j F Y")
        text = str(MONTHS[self.month]).capitalize()
        if self.end_month and self.end_month != self.month:
            text += f"–{MONTHS[self.end_month]}"
        return text


def cycle_entries(year: Year) -> list[CycleEntry]:
    """The year's milestones and every reporting deadline of its periods, in calendar order (two queries)."""
    entries = [
        CycleEntry(m.month, m.end_month, m.title, m.description, m.kind, m.get_kind_display(), milestone=m)
        for m in year.milestones.all()
    ]
    for period in year.periods.all():
        deadline = period.deadline
        # The year-end deadline falls in January of the next year; on the wheel it closes the year.
        month = deadline.month if deadline.year == year.year else 12
        entries.append(
            CycleEntry(
                month,
                None,
                _("Reporting deadline: %(period)s") % {"period": period.name},
                _("Reports for %(period)s are due %(date)s.")
                % {"period": period, "date": date_format(deadline, "j F Y")},
                "deadline",
                _("Reporting deadline"),
                date=deadline,
            )
        )
    from budget import services as budget_services  # the budget process's steps with their stored dates

    entries += budget_services.cycle_entries(year)
    return sorted(entries, key=lambda e: (e.month, e.date or datetime.date(year.year, e.month, 1), e.title))


# --- economy -------------------------------------------------------------------------------------------------


@dataclass
class EconomyRow:
    period: Period
    figure: EconomyFigure | None
    budget: Decimal | None
    locked: bool = False

    @property
    def deviation(self) -> Decimal | None:
        return self.figure.deviation(self.budget) if self.figure else None


@dataclass
class Economy:
    board: OrgUnit
    year: Year
    budget: BudgetFrame | None
    rows: list[EconomyRow]

    def row_for(self, period: Period) -> EconomyRow | None:
        return next((r for r in self.rows if r.period.pk == period.pk), None)


def economy_for(board: OrgUnit, year: Year) -> Economy:
    """Budget frame and per-period figures of a board's year (three queries)."""
    budget = BudgetFrame.objects.filter(board=board, year=year).first()
    figures = {f.period_id: f for f in EconomyFigure.objects.filter(board=board, period__year=year)}
    amount = budget.amount if budget else None
    rows = [
        EconomyRow(p, figures.get(p.pk), amount, not access.reporting_is_open(p, board, Reporting.ECONOMY))
        for p in year.periods.select_related("year").order_by("ends", "key")
        if p.collects_kind(Reporting.ECONOMY)
    ]
    return Economy(board, year, budget, rows)


def set_budget(board: OrgUnit, year: Year, amount: Decimal, user: User | None) -> BudgetFrame:
    frame, created = BudgetFrame.objects.get_or_create(
        board=board, year=year, defaults={"amount": amount, "updated_by": user}
    )
    if not created:
        frame.amount = amount
        frame.updated_by = user
        frame.save(update_fields=["amount", "updated_by"])
    return frame


class PeriodLocked(Exception):
    """Nothing is reported in a closed period."""


def set_economy_figure(
    board: OrgUnit,
    period: Period,
    *,
    outcome: Decimal,
    forecast: Decimal,
    analysis: str | None,
    user: User | None,
) -> EconomyFigure:
    if not access.reporting_is_open(period, board, Reporting.ECONOMY):
        raise PeriodLocked
    figure = EconomyFigure.objects.filter(board=board, period=period).first()
    if figure is None:
        return EconomyFigure.objects.create(
            board=board,
            period=period,
            outcome=outcome,
            forecast=forecast,
            analysis=analysis or "",
            updated_by=user,
        )
    figure.outcome = outcome
    figure.forecast = forecast
    if analysis is not None:
        figure.analysis = analysis
    figure.updated_by = user
    figure.updated_at = timezone.now()
    figure.save(update_fields=["outcome", "forecast", "analysis", "updated_by", "updated_at"])
    return figure


# --- report content ------------------------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    status: goal_services.IndicatorStatus
    chart: str


@dataclass
class GoalSection:
    status: goal_services.GoalStatus
    indicators: list[IndicatorRow]
    # The unit commitments contributing to the goal: (status label, count) for the statuses present, and the
    # period's deviations (at risk, delayed) with their comments.
    commitment_counts: list[tuple[str, int]] = field(default_factory=list)
    deviations: list = field(default_factory=list)

    @property
    def goal(self) -> Goal:
        return self.status.goal

    @property
    def verdict(self) -> str:
        return (
            self.status.assessment.verdict if self.status.assessment else GoalAssessment.Verdict.NOT_ASSESSED
        )

    @property
    def verdict_label(self) -> str:
        return str(GoalAssessment.Verdict(self.verdict).label)


@dataclass
class DirectionSection:
    direction: Any
    goals: list[GoalSection] = field(default_factory=list)


@dataclass
class BoardPart:
    """Everything a report says about one board for one period."""

    board: OrgUnit
    period: Period
    anchor: str
    economy_row: EconomyRow | None
    directions: list[DirectionSection]
    verdict_counts: list[tuple[str, int]]
    light_counts: list[tuple[str, int]]
    commitment_counts: list[tuple[str, int]]
    commitment_total: int
    deviations: list
    control: ControlSummary | None = None
    # In the municipality's report: the summary of the board's own report for the same period.
    own_summary: str = ""

    @property
    def goal_count(self) -> int:
        return sum(len(d.goals) for d in self.directions)

    def verdict_count(self, verdict: str) -> int:
        return sum(1 for d in self.directions for g in d.goals if g.verdict == verdict)


def _status_labels() -> dict[str, str]:
    labels = {s.value: str(s.label) for s in Status}
    labels[UNREPORTED] = _("Not reported")
    return labels


def _chart(row: goal_services.IndicatorStatus, period: Period) -> str:
    indicator = row.indicator
    outcomes = [o for o in indicator.outcomes.all() if o.period.ends <= period.ends]
    points = [(goal_services.period_short_label(o.period), o.value) for o in outcomes]
    target = row.target.value if row.target else None
    latest = outcomes[-1].value if outcomes else None
    description = _(
        "Outcomes per period for %(name)s. Latest outcome %(latest)s %(unit)s, target %(target)s."
    ) % {
        "name": indicator.name,
        "latest": latest if latest is not None else "–",
        "unit": indicator.unit,
        "target": target if target is not None else "–",
    }
    return trend_chart_svg(
        points,
        title=_("Trend: %(name)s") % {"name": indicator.name},
        description=description,
        target=target,
        target_label=_("Target %(value)s") % {"value": target} if target is not None else "",
        unit=indicator.unit,
        width=480,
        height=200,
    )


def board_part(board: OrgUnit, period: Period, *, charts: bool = True) -> BoardPart:
    """Collect one board's content for one period (a fixed number of queries, whatever the number of goals)."""
    statuses = [s for s in goal_services.board_goal_statuses(board, period) if s.goal.is_adopted]
    directions: dict[int, DirectionSection] = {}
    verdicts = dict.fromkeys(GoalAssessment.Verdict.values, 0)
    lights = dict.fromkeys(Light.values, 0)
    labels = _status_labels()
    goal_ids = [s.goal.pk for s in statuses]
    per_goal_counts = commitment_services.goal_status_counts(goal_ids, period)
    per_goal_deviations = commitment_services.goal_deviations(goal_ids, period)
    for status in statuses:
        section = directions.setdefault(status.goal.direction_id, DirectionSection(status.goal.direction))
        rows = [IndicatorRow(s, _chart(s, period) if charts else "") for s in status.indicators]
        counts_for_goal = [(labels[k], n) for k, n in per_goal_counts[status.goal.pk].items() if n]
        section.goals.append(GoalSection(status, rows, counts_for_goal, per_goal_deviations[status.goal.pk]))
        verdict = status.assessment.verdict if status.assessment else GoalAssessment.Verdict.NOT_ASSESSED
        verdicts[verdict] += 1
        for s in status.indicators:
            lights[s.light] += 1
    counts = commitment_services.status_counts(board, period)
    economy = economy_for(board, period.year)
    return BoardPart(
        board=board,
        period=period,
        anchor=f"board-{board.pk}",
        economy_row=economy.row_for(period),
        directions=list(directions.values()),
        verdict_counts=[(str(GoalAssessment.Verdict(v).label), n) for v, n in verdicts.items()],
        light_counts=[(str(Light(v).label), n) for v, n in lights.items()],
        commitment_counts=[(labels[k], n) for k, n in counts.items()],
        commitment_total=sum(counts.values()),
        deviations=commitment_services.deviations(board, period),
        control=control_summary(board, period),
    )


@dataclass
class ControlSummary:
    """A board's internal control within a report's period: the occurrences due by its end, the results performed
    within it (a result performed after the period is not counted, even for an occurrence due in it), the
    deviations among those results and their open actions."""

    plan: Any
    planned: int = 0
    due: int = 0
    reported: int = 0
    deviations: list = field(default_factory=list)
    open_actions: list = field(default_factory=list)

    @property
    def missing(self) -> int:
        return self.due - self.reported


def control_summary(board: OrgUnit, period: Period) -> ControlSummary:
    """The board's internal control for the period (five queries: the plan, its controls, their current results
    and those results' actions)."""
    from internal_control import services as ic_services
    from internal_control.models import ControlPlan

    plan = ControlPlan.objects.filter(board=board, year=period.year).select_related("year").first()
    summary = ControlSummary(plan)
    if plan is None:
        return summary
    for control in ic_services.plan_controls(plan):
        results = {r.occurrence: r for r in control.current_results}
        for occurrence in control.occurrences(period.year.year):
            summary.planned += 1
            if occurrence.ends > period.ends:
                continue
            summary.due += 1
            result = results.get(occurrence.number)
            if result is None or not (period.starts <= result.performed_on <= period.ends):
                continue
            summary.reported += 1
            if result.is_deviation:
                summary.deviations.append(result)
                summary.open_actions += [a for a in result.actions.all() if a.is_open]
    summary.deviations.sort(key=lambda r: (r.performed_on, r.control.what))
    return summary


def report_boards(report: Report) -> list[OrgUnit]:
    if report.scope == Report.Scope.MUNICIPALITY:
        return list(OrgUnit.objects.boards().active().filter(path__startswith=report.unit.path))
    return [report.unit]


def report_context(report: Report, progress=None) -> dict[str, Any]:
    """A board's report has everything: trend charts and every deviation with its comment. The municipality's
    compilation summarises each board (assessments, indicator values and lights, counts of commitments and
    deviations) and leaves charts and the lists of deviations to the board's own report: at Göteborg's size,
    30 boards with 1,000 charts and thousands of deviation rows took WeasyPrint over ten minutes to lay out
    (BENCHMARKS.md, benchmark 4)."""
    boards = report_boards(report)
    compilation = report.scope == Report.Scope.MUNICIPALITY
    parts = []
    for index, board in enumerate(boards):
        parts.append(board_part(board, report.period, charts=not compilation))
        if progress:
            progress(
                5 + int(45 * (index + 1) / len(boards)), _("Collecting %(board)s") % {"board": board.name}
            )
    ctx = {
        **cover_context(report),
        "parts": parts,
        "is_compilation": compilation,
        "feedback_summaries": {b.pk: feedback_services.report_summary(b, report.period) for b in boards},
        "unit_analyses": unit_analyses_by_goal(boards, report.period),
        # Heading level of a report's sections: under the board's own heading in a compilation.
        "hs": 3 if report.scope == Report.Scope.MUNICIPALITY else 2,
        # What other apps contribute (statements, balanskrav, personnel …), reporting.parts.
        "contributed_parts": report_parts.blocks(report, 3),
    }
    if compilation:
        from . import municipality

        ctx["municipal"] = municipality.municipal_context(report, parts)
    return ctx


def covered_dates(period: Period) -> tuple[datetime.date, datetime.date]:
    """The dates a report covers. Periods are cumulative: an interim report covers 1 January to the period's end,
    an annual report the whole calendar year, whatever dates the period was given."""
    year = period.year.year
    if period.kind == Period.Kind.YEAR_END:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), period.ends


def cover_context(report: Report) -> dict[str, Any]:
    """What the cover and the page style need: who and what, the dates covered, the decision (or the draft's build
    date), the municipality's logo and colour."""
    from . import branding

    covers_from, covers_to = covered_dates(report.period)
    return {
        "report": report,
        "municipality": settings.MUNICIPALITY_NAME,
        "period": report.period,
        "year": report.period.year,
        "report_heading": REPORT_HEADINGS[report.kind],
        "covers_from": covers_from,
        "covers_to": covers_to,
        "built_on": timezone.localdate(),
        "decision_paragraph": paragraph_label(report.decision_paragraph),
        "style": branding.pdf_style(),
        "pdf_author": settings.MUNICIPALITY_NAME,
    }


def paragraph_label(paragraph: str) -> str:
    """'§ 14' whether the secretary wrote '14' or '§ 14'."""
    paragraph = (paragraph or "").strip()
    if not paragraph:
        return ""
    return paragraph if paragraph.startswith("§") else f"§ {paragraph}"


# --- quick reports ---------------------------------------------------------------------------------------------
# A quick report (snabbrapport) of a monthly period is short: the board's economy, the commitments at risk or
# delayed, the internal-control deviations found in the period and the board's own comment.


def status_period_for(period: Period) -> Period | None:
    """The period whose commitment status a monthly period's report shows: among the year's periods that collect
    status, the one being reported in when the month ends (the first ending on or after it), else the latest."""
    periods = [p for p in period.year.periods.order_by("ends", "key") if p.collects_kind(Reporting.STATUS)]
    return next((p for p in periods if p.ends >= period.ends), periods[-1] if periods else None)


def control_deviations(board: OrgUnit, period: Period) -> list:
    """Internal-control results with a deviation performed within the period, in the board's plan (one query)."""
    from internal_control.models import ControlResult

    return list(
        ControlResult.objects.current()
        .filter(
            outcome=ControlResult.Outcome.DEVIATION,
            control__risk__plan__board=board,
            control__risk__plan__year=period.year,
            performed_on__gte=period.starts,
            performed_on__lte=period.ends,
        )
        .select_related("control__risk")
        .order_by("performed_on", "control__what")
    )


def quick_context(report: Report, progress=None) -> dict[str, Any]:
    """The content of a quick report (a fixed number of queries, whatever the number of deviations)."""
    board, period = report.unit, report.period
    status_period = status_period_for(period)
    if progress:
        progress(20, _("Collecting %(board)s") % {"board": board.name})
    return {
        **cover_context(report),
        "economy_row": economy_for(board, period.year).row_for(period),
        "status_period": status_period,
        "deviations": commitment_services.deviations(board, status_period) if status_period else [],
        "control_deviations": control_deviations(board, period),
    }


def comment_is_open(report: Report) -> bool:
    """The board writes its comment until the board's follow-up deadline (or while that step is reopened)."""
    return not report.is_adopted and access.reporting_is_open(report.period, report.unit, Reporting.TEXTS)


def set_comment(report: Report, text: str) -> None:
    if not comment_is_open(report):
        raise PeriodLocked
    report.comment = text
    report.save(update_fields=["comment"])


# --- building, readying, adopting ------------------------------------------------------------------------------


class ReportAdopted(Exception):
    """An adopted report is archived and never built again."""


def get_or_create_report(unit: OrgUnit, period: Period, user: User | None) -> Report:
    scope = Report.Scope.BOARD if unit.kind == OrgUnit.Kind.BOARD else Report.Scope.MUNICIPALITY
    report, _created = Report.objects.get_or_create(
        unit=unit,
        period=period,
        defaults={"kind": Report.kind_for(period), "scope": scope, "created_by": user},
    )
    return report


def render_report_html(report: Report, progress=None) -> tuple[str, str]:
    """(body HTML, document HTML) of the report as the data are now."""
    if report.is_quick:
        ctx = quick_context(report, progress)
        body = pdf.render_html("reporting/partials/quick_body.html", ctx)
    else:
        ctx = report_context(report, progress)
        body = pdf.render_html("reporting/partials/report_body.html", ctx)
    document = pdf.render_html(
        "pdf/report.html", {**ctx, "body": body, "pdf_title": report.title, "pdf_lang": "sv"}, lang="sv"
    )
    return body, document


def render_report(report: Report, progress=None) -> tuple[str, str, bytes]:
    """(body HTML, document HTML, PDF) of the report as the data are now."""
    body, document = render_report_html(report, progress)
    if progress:
        progress(60, _("Rendering the PDF"))
    data = pdf.html_to_pdf(document)
    return body, document, data


def build_report(report_id: int, progress=None) -> Report:
    """Build (or rebuild) a report's HTML and PDF. Idempotent: a second build overwrites the first. A report that
    was ready for decision goes back to draft, since its content may have changed."""
    report = Report.objects.select_related("unit", "period__year").get(pk=report_id)
    if report.is_adopted:
        raise ReportAdopted(_("The report is adopted and archived; it is not built again."))
    body, document, data = render_report(report, progress)
    if progress:
        progress(90, _("Saving"))
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.is_adopted:
            raise ReportAdopted(_("The report is adopted and archived; it is not built again."))
        old_pdf = report.pdf.name if report.pdf else ""
        report.body_html = body
        report.document_html = document
        report.pdf.save(_pdf_filename(report), ContentFile(data), save=False)
        report.built_at = timezone.now()
        report.status = Report.Status.DRAFT
        report.save(update_fields=["body_html", "document_html", "pdf", "built_at", "status"])
        if old_pdf and old_pdf != report.pdf.name:
            transaction.on_commit(lambda: report.pdf.storage.delete(old_pdf))
    return report


def _pdf_filename(report: Report) -> str:
    kind = {Report.Kind.ANNUAL: "arsredovisning", Report.Kind.QUICK: "snabbrapport"}.get(
        report.kind, "delarsrapport"
    )
    who = slugify(report.unit.short_name or report.unit.name)
    return f"{kind}-{who}-{report.period.year.year}-{report.period.key}.pdf"


# The cover's decision line sits between these markers in the built document, so adoption can replace it.
DECISION_START = "<!--decision-->"
DECISION_END = "<!--/decision-->"


def decision_html(report: Report) -> str:
    return pdf.render_html("reporting/partials/report_decision.html", cover_context(report)).strip()


def with_decision(document: str, report: Report) -> str:
    """The built document with its cover's decision line rendered for the report as it is now."""
    start, end = document.find(DECISION_START), document.find(DECISION_END)
    if start < 0 or end < start:
        return document
    return document[:start] + decision_html(report) + document[end + len(DECISION_END) :]


def mark_ready(report: Report) -> None:
    report.status = Report.Status.READY
    report.save(update_fields=["status"])


def adopt(
    report: Report, *, decision_date: datetime.date, paragraph: str, user: User | None
) -> ArchivedReport:
    """Adopt a report that is ready and archive its last build as an immutable, dated snapshot.

    The archived document is the last build with its cover's draft line replaced by the decision ("Beslutad av …
    § …"): the content is what the board read, the cover says what it decided. A build made before the cover
    carried its markers is archived as it was."""
    report.status = Report.Status.ADOPTED
    report.decision_date = decision_date
    report.decision_paragraph = paragraph
    report.adopted_at = timezone.now()
    document = with_decision(report.document_html, report)
    if document != report.document_html:
        data = pdf.html_to_pdf(document)
        old_pdf = report.pdf.name
        report.document_html = document
        report.pdf.save(_pdf_filename(report), ContentFile(data), save=False)
        if old_pdf and old_pdf != report.pdf.name:
            transaction.on_commit(lambda: report.pdf.storage.delete(old_pdf))
    else:
        with report.pdf.open("rb") as file:
            data = file.read()
    report.save(
        update_fields=["status", "decision_date", "decision_paragraph", "adopted_at", "document_html", "pdf"]
    )
    archived = ArchivedReport(
        report=report,
        unit=report.unit,
        period=report.period,
        title=report.title,
        html=report.document_html,
        pdf_sha256=sha256_of(data),
        pdf_size=len(data),
        decision_date=decision_date,
        decision_paragraph=paragraph,
        archived_by=user,
    )
    archived.pdf.save(f"{decision_date.isoformat()}-{_pdf_filename(report)}", ContentFile(data), save=False)
    archived.save()
    return archived
