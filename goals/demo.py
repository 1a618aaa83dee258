"""Demo goals: "Vision 2020" shared with Tornio, the council's directions, and goals with indicators, target
levels, outcomes and assessments for the four boards, including the seed's four SMART examples (two measurable and
time-bound, two not measurable)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from styrmodell.demo import DemoContext
from styrmodell.models import Period

from . import plausibility, services
from .models import (
    BoardProfile,
    Direction,
    Goal,
    GoalAssessment,
    Indicator,
    IndicatorOutcome,
    IndicatorTarget,
    Vision,
)


def _kind_of(unit: str) -> dict:
    kind = plausibility.kind_for_unit(unit)
    if kind:
        return {"kind": kind}
    if unit == "veckor":  # a duration in weeks: within a year, one decimal
        return {"min_value": Decimal("0"), "max_value": Decimal("52"), "decimals": 1}
    return {}


MISSION = {
    "ks": "Kommunstyrelsen leder och samordnar kommunens verksamhet och ekonomi så att Haparanda utvecklas som en "
    "attraktiv gränskommun att bo, verka och leva i.",
    "bun": "Barn- och utbildningsnämnden ger varje barn och elev en trygg miljö och en utbildning som rustar för ett "
    "livslångt lärande.",
    "sn": "Socialnämnden ger stöd och omsorg med respekt för den enskildes integritet och självbestämmande.",
    "sbn": "Samhällsbyggnadsnämnden bygger, sköter och skyddar en hållbar och trygg livsmiljö för invånare och "
    "besökare.",
}

DIRECTIONS = [
    (
        "larande",
        "Ett livslångt lärande",
        "Barn, unga och vuxna ska ha goda förutsättningar att lära och utvecklas.",
    ),
    (
        "arbetsgivare",
        "En attraktiv arbetsgivare med friska medarbetare",
        "Kommunen ska vara en arbetsplats där medarbetarna trivs, utvecklas och håller sig friska.",
    ),
    (
        "hallbarhet",
        "Ett hållbart och tryggt samhälle",
        "Miljön ska skyddas och samhället utvecklas hållbart.",
    ),
    (
        "ekonomi",
        "En god ekonomisk hushållning",
        "Verksamheten ska bedrivas effektivt inom de ekonomiska ramarna.",
    ),
]

# board, direction, title, target year given?, SMART confirmations (specific, accepted, realistic), indicators.
# Indicator: name, unit, better, baseline (value, years back), tolerance, Kolada KPI, target, {period key: value},
# outcome of last year's year-end.
GOALS = [
    (
        "bun",
        "larande",
        "Andelen med slutbetyg från gymnasieskolan skall vara minst 85 % [{year}]",
        True,
        (
            "Gäller alla elever i kommunens gymnasieskola.",
            "Framtaget tillsammans med rektorerna.",
            "Andelen har ökat stadigt de senaste åren.",
        ),
        [
            (
                "Gymnasieelever med examen inom 4 år",
                "%",
                Indicator.Better.HIGHER,
                ("81.5", 2),
                "3",
                "N17461",
                "85",
                {"t1": "83.1", "t2": "84.0"},
                "82.7",
            )
        ],
    ),
    (
        "bun",
        "larande",
        "Utveckla ett kvalitetssystem för att säkerställa en näringsrik mat och trivsam miljö",
        False,
        ("", "", ""),
        [],
    ),
    (
        "sn",
        "arbetsgivare",
        "Frisknärvaron bland anställda ska öka. För nämndens verksamhetsområde är målet att "
        "frisknärvaron skall uppgå till 96 % [{year}]",
        True,
        (
            "Avser alla anställda inom socialförvaltningen.",
            "Förankrat i samverkansgruppen.",
            "Nivån nåddes nästan förra året.",
        ),
        [
            (
                "Frisknärvaro bland anställda",
                "%",
                Indicator.Better.HIGHER,
                ("94.2", 2),
                "1",
                "",
                "96",
                {"t1": "95.1", "t2": "96.3"},
                "95.4",
            )
        ],
    ),
    (
        "sn",
        "hallbarhet",
        "En miljöplan för förvaltningen upprättas tillsammans med kommunens klimatstrateg",
        True,
        ("", "Klimatstrategen deltar.", ""),
        [],
    ),
    (
        "ks",
        "ekonomi",
        "Kommunens resultat ska uppgå till minst 2 % av skatter och generella statsbidrag",
        True,
        ("Mäts i bokslutet.", "Beslutat i budgetdirektivet.", "Kräver återhållsamhet i alla nämnder."),
        [
            (
                "Resultat i procent av skatter och generella statsbidrag",
                "%",
                Indicator.Better.HIGHER,
                ("1.1", 1),
                "0.5",
                "",
                "2",
                {"t1": "1.2", "t2": "1.8"},
                "1.4",
            )
        ],
    ),
    (
        "ks",
        "arbetsgivare",
        "Sjukfrånvaron bland kommunens anställda ska minska till högst 6 %",
        True,
        (
            "Avser all personal.",
            "Förankrat med de fackliga organisationerna.",
            "Rehabiliteringsarbetet är förstärkt.",
        ),
        [
            (
                "Sjukfrånvaro bland anställda",
                "%",
                Indicator.Better.LOWER,
                ("7.2", 2),
                "0.5",
                "",
                "6",
                {"t1": "6.8", "t2": "6.3"},
                "6.9",
            )
        ],
    ),
    (
        "sbn",
        "hallbarhet",
        "Andelen ekologiska livsmedel i kommunens kök ska vara minst 30 %",
        True,
        (
            "Gäller alla kommunens kök.",
            "Kostenheten har tagit fram målet.",
            "Upphandlingen ger utrymme för det.",
        ),
        [
            (
                "Andel ekologiska livsmedel",
                "%",
                Indicator.Better.HIGHER,
                ("24", 2),
                "5",
                "",
                "30",
                {"t1": "27", "t2": "31"},
                "26",
            )
        ],
    ),
    (
        "sbn",
        "hallbarhet",
        "Handläggningstiden för bygglov ska vara högst 4 veckor",
        True,
        ("Från komplett ansökan till beslut.", "Framtaget med handläggarna.", "Nytt e-tjänstestöd införs."),
        [
            (
                "Handläggningstid för bygglov (median)",
                "veckor",
                Indicator.Better.LOWER,
                ("5.5", 2),
                "1",
                "",
                "4",
                {"t1": "3.5", "t2": "4.5"},
                "5",
            )
        ],
    ),
]

ANALYSIS = {
    GoalAssessment.Verdict.FULFILLED: "Indikatorerna når målnivån. Arbetet fortsätter enligt plan.",
    GoalAssessment.Verdict.PARTLY: "Utvecklingen går åt rätt håll men målnivån är ännu inte nådd fullt ut.",
    GoalAssessment.Verdict.NOT_FULFILLED: "Målnivån nås inte. Förvaltningen tar fram åtgärder till nästa period.",
    GoalAssessment.Verdict.NOT_ASSESSED: "Målet saknar en indikator med målnivå och kan därför inte bedömas.",
}


def _passed(period: Period) -> bool:
    return period.is_closed or period.deadline < timezone.localdate()


def load(ctx: DemoContext) -> None:
    this_year = timezone.localdate().year
    year = ctx.years[this_year]
    last_year_end = ctx.period(this_year - 1, "ye")
    board_member = ctx.users.get("bun-ledamot")

    vision, _created = Vision.objects.get_or_create(
        title="Vision 2020",
        defaults={
            "description": "Haparanda och Torneå – två länder, en stad. En gemensam bild av framtiden: en levande "
            "gränsstad där människor bor, arbetar och möts över gränsen.",
            "title_fi": "Visio 2020",
            "description_fi": "Haaparanta ja Tornio – kaksi maata, yksi kaupunki. Yhteinen kuva tulevaisuudesta: elävä "
            "rajakaupunki, jossa ihmiset asuvat, tekevät työtä ja kohtaavat rajan yli.",
            "partner": "Tornio",
            "partner_fi": "Tornion",
            "valid_from": 2012,
            "valid_to": 2030,
        },
    )
    directions = {}
    for position, (key, title, description) in enumerate(DIRECTIONS, start=1):
        directions[key], _created = Direction.objects.get_or_create(
            vision=vision,
            title=title,
            defaults={
                "description": description,
                "valid_from": this_year - 1,
                "valid_to": this_year + 1,
                "position": position,
            },
        )

    for key, text in MISSION.items():
        BoardProfile.objects.get_or_create(board=ctx.units[key], defaults={"mission_statement": text})

    periods = [p for p in year.periods.all().order_by("ends") if p.kind == Period.Kind.INTERIM and _passed(p)]
    goal_count = 0
    for position, (board_key, direction_key, title, timed, smart, indicators) in enumerate(GOALS, start=1):
        # Outcomes are entered by the board's controller where the demo has one (BUN and SN).
        controller = ctx.users.get(f"{board_key}-ekonom")
        specific, accepted, realistic = smart
        goal, _created = Goal.objects.get_or_create(
            board=ctx.units[board_key],
            year=year,
            title=title.format(year=this_year),
            defaults={
                "direction": directions[direction_key],
                "target_year": this_year if timed else None,
                "position": position,
                "status": Goal.Status.ADOPTED,
                "decision_date": datetime.date(this_year - 1, 11, 20),
                "decision_paragraph": f"§ {100 + position}",
                "smart_specific": bool(specific),
                "smart_specific_motivation": specific,
                "smart_accepted": bool(accepted),
                "smart_accepted_motivation": accepted,
                "smart_realistic": bool(realistic),
                "smart_realistic_motivation": realistic,
            },
        )
        goal_count += 1
        for i_pos, (name, unit, better, baseline, tolerance, kpi, target, outcomes, last_year) in enumerate(
            indicators
        ):
            indicator, _created = Indicator.objects.get_or_create(
                goal=goal,
                name=name,
                defaults={
                    "unit": unit,
                    # A kind (or, for weeks, a range of its own) so the range and precision checks apply.
                    **_kind_of(unit),
                    "better": better,
                    "baseline_value": Decimal(baseline[0]),
                    "baseline_year": this_year - baseline[1],
                    "tolerance": Decimal(tolerance),
                    "kolada_kpi": kpi,
                    "source": Indicator.Source.KOLADA if kpi else Indicator.Source.MANUAL,
                    "position": i_pos,
                },
            )
            IndicatorTarget.objects.get_or_create(
                indicator=indicator, year=this_year, defaults={"value": Decimal(target)}
            )
            IndicatorOutcome.objects.get_or_create(
                indicator=indicator,
                period=last_year_end,
                defaults={
                    "value": Decimal(last_year),
                    "source": Indicator.Source.KOLADA if kpi else Indicator.Source.MANUAL,
                    "entered_by": None if kpi else controller,
                },
            )
            for period in periods:
                IndicatorOutcome.objects.get_or_create(
                    indicator=indicator,
                    period=period,
                    defaults={
                        "value": Decimal(outcomes[period.key]),
                        "entered_by": controller,
                        "comment": "Rapporterat av ekonom.",
                    },
                )
        detailed = services.goals_with_details(Goal.objects.filter(pk=goal.pk)).get()
        for period in periods:
            verdict = services.suggest_verdict(detailed, period)
            GoalAssessment.objects.get_or_create(
                goal=goal,
                period=period,
                defaults={"verdict": verdict, "analysis": ANALYSIS[verdict], "assessed_by": board_member},
            )
    ctx.stdout.write(f"Goals: 1 vision, {len(directions)} directions, {goal_count} goals for {this_year}\n")
