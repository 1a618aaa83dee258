"""Demo data of the budget process: this year's budget directive with a frame for each of the four boards, the
environment analyses and budget requests of BUN and SN, one of them decided by the budget preparation.
Idempotent: everything is looked up by its natural key first."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from goals.models import Direction, Goal
from styrmodell.demo import DemoContext

from . import services
from .models import BudgetRequest, Directive, DirectiveFrame, EnvironmentAnalysis

FRAMES = {
    "ks": Decimal("87800"),
    "bun": Decimal("418500"),
    "sn": Decimal("384200"),
    "sbn": Decimal("150300"),
}

ASSUMPTIONS = (
    "Skattesatsen är oförändrad, 22,85 kr.\n"
    "Befolkningen beräknas till 9 700 invånare den 1 november.\n"
    "Löneökningar 3,0 % och prisökningar 2,0 % (PKV enligt SKR).\n"
    "Resultatet ska vara minst 1 % av skatteintäkter och generella statsbidrag."
)

ANALYSES = {
    "bun": "Elevantalet i grundskolan ökar något medan antalet barn i förskolan minskar. Behörighetskraven på "
    "lärare och konkurrensen om legitimerade lärare med Torneå och Luleå påverkar rekryteringen.",
    "sn": "Andelen invånare över 80 år ökar snabbt. Fler behöver hemtjänst och korttidsplatser, och "
    "placeringskostnaderna inom barn och familj har stigit.",
}

# board key, title, amount (tkr), justification, linked goal title starts with (or None), direction key words
REQUESTS = [
    (
        "bun",
        "Fler speciallärare i grundskolan",
        Decimal("2400"),
        "Fler elever behöver särskilt stöd för att nå kunskapskraven. Fyra speciallärartjänster.",
        "Andelen med slutbetyg",
        None,
    ),
    (
        "bun",
        "Samordnad skolskjuts",
        Decimal("-600"),
        "Nya upphandlade linjer samordnade med kollektivtrafiken ger en besparing.",
        None,
        None,
    ),
    (
        "sn",
        "Utökad hemtjänst",
        Decimal("5200"),
        "Fler beviljade hemtjänsttimmar när andelen äldre ökar.",
        None,
        "livslångt",
    ),
]


def load(ctx: DemoContext) -> None:
    this_year = timezone.localdate().year
    year = ctx.years[this_year]
    council = ctx.users.get("kf-ledamot")
    directive, created = Directive.objects.get_or_create(
        year=year,
        defaults={
            "assumptions": ASSUMPTIONS,
            "decision_date": datetime.date(this_year - 1, 12, 15),
            "decision_paragraph": "§ 142",
            "updated_by": council,
        },
    )
    for key, amount in FRAMES.items():
        board = ctx.units.get(key)
        if board is not None:
            DirectiveFrame.objects.get_or_create(
                directive=directive, board=board, defaults={"amount": amount}
            )

    for key, text in ANALYSES.items():
        EnvironmentAnalysis.objects.get_or_create(
            board=ctx.units[key],
            year=year,
            defaults={"text": text, "updated_by": ctx.users.get(f"{key}-sekreterare")},
        )

    made = 0
    for key, title, amount, justification, goal_start, direction_words in REQUESTS:
        board = ctx.units[key]
        goal = (
            Goal.objects.filter(board=board, year=year, title__startswith=goal_start).first()
            if goal_start
            else None
        )
        direction = (
            Direction.objects.filter(title__icontains=direction_words).first() if direction_words else None
        )
        budget_request, created = BudgetRequest.objects.get_or_create(
            board=board,
            year=year,
            title=title,
            defaults={
                "amount": amount,
                "justification": justification,
                "goal": goal,
                "direction": direction,
                "created_by": ctx.users.get(f"{key}-sekreterare"),
            },
        )
        if created:
            made += 1
            services.submit(budget_request)
    # The budget preparation has decided on BUN's saving; the rest wait for its decision.
    saving = BudgetRequest.objects.get(board=ctx.units["bun"], year=year, title="Samordnad skolskjuts")
    if not saving.is_decided:
        services.decide(
            saving,
            decision=BudgetRequest.Decision.APPROVED,
            approved_amount=None,
            comment="Besparingen räknas in i nämndens ram.",
            user=ctx.users.get("ks-ledamot"),
        )
    ctx.stdout.write(f"Budget: directive {this_year} with {len(FRAMES)} frames, {made} requests added\n")
