"""Demo data of the reporting cycle: the annual cycle's milestones, each board's economy, an adopted, archived
annual report per board for last year, and this year's monthly economy follow-up of BUN with an adopted quick
report. Idempotent: everything is looked up by its natural key first."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from guardian.shortcuts import assign_perm

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
