"""Demo data of the reporting cycle: the annual cycle's milestones, each board's economy, an adopted, archived
annual report per board for last year (with last year's goals, which the goals demo leaves out: they are made here
from this year's goals and the outcomes of last year it records), and this year's monthly economy follow-up of BUN
with an adopted quick report. Idempotent: everything is looked up by its natural key first."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from guardian.shortcuts import assign_perm

from goals import services as goal_services
from goals.models import Goal, GoalAssessment, Indicator, IndicatorOutcome, IndicatorTarget
from styrmodell.calendars import apply_calendar
from styrmodell.demo import DemoContext
from styrmodell.models import Period, Role

from . import services
from .models import BudgetFrame, EconomyFigure, Report

# Budget frame (tkr) per board, and how far the forecast ends from it (negative: a deficit).
BOARDS: dict[str, tuple[Decimal, Decimal]] = {
    "ks": (Decimal("86500"), Decimal("1200")),
    "bun": (Decimal("412000"), Decimal("-5400")),
    "sn": (Decimal("378000"), Decimal("-8900")),
    "sbn": (Decimal("148000"), Decimal("650")),
}
ANALYSIS = {
    "ks": "Lägre kostnader för konsulter än budgeterat.",
    "bun": "Underskottet beror på ökade kostnader för skolskjuts och fler elever i grundsärskolan.",
    "sn": "Fler beslut om hemtjänsttimmar och placeringar inom barn och familj än planerat.",
    "sbn": "Vakanta tjänster inom miljö och bygg ger ett litet överskott.",
}
SHARE_BY_PERIOD = {
    "t1": Decimal("0.32"),
    "t2": Decimal("0.66"),
    "ye": 1,
}


def load(ctx: DemoContext) -> None:
    for year in ctx.years.values():
        services.create_default_milestones(year)

    # The municipal executive board's secretary also compiles the municipality's reports.
    if "ks-sekreterare" in ctx.users:
        assign_perm(f"styrmodell.{Role.SECRETARY.codename}", ctx.users["ks-sekreterare"], ctx.units["kf"])

    today = timezone.localdate()
    archived = 0
    for key, (budget, deviation) in BOARDS.items():
        board = ctx.units.get(key)
        if board is None:
            continue
        controller = ctx.users.get(f"{key}-ekonom")
        for year in ctx.years.values():
            BudgetFrame.objects.get_or_create(board=board, year=year, defaults={"amount": budget})
            for period in year.periods.all():
                share = SHARE_BY_PERIOD.get(period.key)
                # Figures are in by the staff deadline; periods are cumulative, so all of them start in January.
                if share is None or period.deadline > today:
                    continue
                EconomyFigure.objects.get_or_create(
                    board=board,
                    period=period,
                    defaults={
                        "outcome": (budget * Decimal(share)).quantize(Decimal("1")),
                        "forecast": budget - deviation,
                        "analysis": ANALYSIS[key],
                        "updated_by": controller,
                    },
                )
        # Last year's annual report, adopted by the board in February and archived.
        last_year = min(ctx.years)
        _last_year_goals(ctx, key, last_year)
        period = ctx.period(last_year, "ye")
        report = services.get_or_create_report(board, period, ctx.users.get(f"{key}-sekreterare"))
        if report.status != Report.Status.ADOPTED:
            if not report.summary:
                report.summary = (
                    f"{board.name} redovisar här verksamhetens resultat för {last_year}: måluppfyllelse per "
                    "inriktning, indikatorer, åtaganden, ekonomi och intern kontroll."
                )
                report.save(update_fields=["summary"])
            report = services.build_report(report.pk)
            services.mark_ready(report)
            decision = min(datetime.date(last_year + 1, 2, 15), today)
            services.adopt(
                report, decision_date=decision, paragraph=f"§ {12 + len(key)}", user=report.created_by
            )
            archived += 1
    quick = _monthly_follow_up(ctx, today)
    ctx.stdout.write(
        f"Reporting: {quick} quick report adopted, milestones for {len(ctx.years)} years, {archived} reports adopted and archived\n"
    )


# Last year's outcome of an indicator, as a share of the way from its baseline to last year's year-end value.
LAST_YEAR_PROGRESS = {"t1": Decimal("0.4"), "t2": Decimal("0.7"), "ye": Decimal("1")}
LAST_YEAR_ANALYSIS = {
    GoalAssessment.Verdict.FULFILLED: "Målnivån nåddes under året.",
    GoalAssessment.Verdict.PARTLY: "Utvecklingen gick åt rätt håll men målnivån nåddes inte fullt ut.",
    GoalAssessment.Verdict.NOT_FULFILLED: "Målnivån nåddes inte. Åtgärder togs fram inför det nya året.",
    GoalAssessment.Verdict.NOT_ASSESSED: "Målet saknade en indikator med målnivå och kunde inte bedömas.",
}


def _last_year_goals(ctx: DemoContext, board_key: str, last_year: int) -> int:
    """The board's goals of last year, adopted, with indicators, target levels, outcomes and assessments for each
    of last year's periods: this year's goals as they read last year. The year-end outcome is the one the goals
    demo records for last year on this year's indicators; the tertials lie between the baseline and it."""
    board = ctx.units[board_key]
    this_year = last_year + 1
    year = ctx.years[last_year]
    periods = {p.key: p for p in year.periods.filter(kind__in=[Period.Kind.INTERIM, Period.Kind.YEAR_END])}
    last_year_end = periods.get("ye")
    if last_year_end is None:
        return 0
    member = ctx.users.get(f"{board_key}-ledamot")
    made = 0
    for source in goal_services.board_goals(board, ctx.years[this_year]):
        if not source.is_adopted:
            continue
        goal, created = Goal.objects.get_or_create(
            board=board,
            year=year,
            title=source.title.replace(str(this_year), str(last_year)),
            defaults={
                "direction": source.direction,
                "target_year": last_year if source.target_year else None,
                "position": source.position,
                "status": Goal.Status.ADOPTED,
                "decision_date": datetime.date(last_year - 1, 11, 20),
                "decision_paragraph": source.decision_paragraph,
                "smart_specific": source.smart_specific,
                "smart_specific_motivation": source.smart_specific_motivation,
                "smart_accepted": source.smart_accepted,
                "smart_accepted_motivation": source.smart_accepted_motivation,
                "smart_realistic": source.smart_realistic,
                "smart_realistic_motivation": source.smart_realistic_motivation,
            },
        )
        made += created
        for old in source.indicators.all():
            indicator, _created = Indicator.objects.get_or_create(
                goal=goal,
                name=old.name,
                defaults={
                    "unit": old.unit,
                    "kind": old.kind,
                    "min_value": old.min_value,
                    "max_value": old.max_value,
                    "decimals": old.decimals,
                    "better": old.better,
                    "baseline_value": old.baseline_value,
                    "baseline_year": old.baseline_year,
                    "tolerance": old.tolerance,
                    "kolada_kpi": old.kolada_kpi,
                    "source": old.source,
                    "position": old.position,
                },
            )
            target = next((t.value for t in old.targets.all() if t.year == this_year), None)
            if target is not None:
                IndicatorTarget.objects.get_or_create(
                    indicator=indicator, year=last_year, defaults={"value": target}
                )
            year_end = next((o.value for o in old.outcomes.all() if o.period_id == last_year_end.pk), None)
            if year_end is None or old.baseline_value is None:
                continue
            for key, share in LAST_YEAR_PROGRESS.items():
                if key not in periods:
                    continue
                value = old.baseline_value + (year_end - old.baseline_value) * share
                IndicatorOutcome.objects.get_or_create(
                    indicator=indicator,
                    period=periods[key],
                    defaults={"value": value.quantize(Decimal("0.1")), "source": old.source},
                )
        detailed = goal_services.goals_with_details(Goal.objects.filter(pk=goal.pk)).get()
        for period in periods.values():
            verdict = goal_services.suggest_verdict(detailed, period)
            GoalAssessment.objects.get_or_create(
                goal=goal,
                period=period,
                defaults={"verdict": verdict, "analysis": LAST_YEAR_ANALYSIS[verdict], "assessed_by": member},
            )
    return made


def _monthly_follow_up(ctx: DemoContext, today: datetime.date) -> int:
    """This year gets the monthly calendar; BUN's controller has entered the months whose deadline has passed,
    and the board has adopted a quick report for the latest month whose follow-up is over."""
    board = ctx.units.get("bun")
    year = ctx.years.get(today.year)
    if board is None or year is None:
        return 0
    months = [p for p in apply_calendar(year, "months") if p.kind == Period.Kind.MONTH]
    budget, deviation = BOARDS["bun"]
    controller = ctx.users.get("bun-ekonom")
    for number, period in enumerate(months, start=1):
        if period.deadline > today:
            continue
        EconomyFigure.objects.get_or_create(
            board=board,
            period=period,
            defaults={
                "outcome": (budget * number / 12 * Decimal("1.01")).quantize(Decimal("1")),
                "forecast": budget - deviation * number / 10,
                "analysis": ANALYSIS["bun"],
                "updated_by": controller,
            },
        )
    done = [p for p in months if p.board_deadline < today]
    if not done:
        return 0
    report = services.get_or_create_report(board, done[-1], ctx.users.get("bun-sekreterare"))
    if report.status == Report.Status.ADOPTED:
        return 0
    report.comment = (
        "Underskottet inom skolskjuts kvarstår. Nämnden har gett förvaltningen i uppdrag att ta fram "
        "åtgärder till nästa sammanträde."
    )
    report.save(update_fields=["comment"])
    report = services.build_report(report.pk)
    services.mark_ready(report)
    decision = min(done[-1].board_deadline + datetime.timedelta(days=3), today)
    services.adopt(report, decision_date=decision, paragraph="§ 88", user=report.created_by)
    return 1
