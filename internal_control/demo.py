"""Demo data: an adopted internal-control plan for this year per demo board, with risks in every band, controls
owned by demo people, results for the occurrences that have passed and a few deviations with actions.

Idempotent: everything is looked up by its natural key (board and year, plan and name, risk description …)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from goals.models import Goal
from styrmodell.demo import DemoContext

from .models import Action, Control, ControlPlan, ControlResult, Frequency, Process, Risk, RiskMatrix
from .services import report_result

DEVIATION = ControlResult.Outcome.DEVIATION
OK = ControlResult.Outcome.NO_REMARK

# Per board: processes (name, description, owner) and risks:
# (process, risk, category, likelihood, consequence, owner, mitigation, goal title starts with, controls).
# A control: (what, method, frequency, control owner, reported to, deviations, occurrences left unreported).
# Every occurrence that has passed is reported "no remark" except the deviations {occurrence: (findings, actions)}
# and those left unreported. An action: (description, responsible, DONE | OPEN | LATE).
DONE, OPEN, LATE = "done", "open", "late"

PLANS: dict[str, tuple[list, list]] = {
    "ks": (
        [
            ("Löneutbetalning", "Månadslön, tillägg och avdrag för kommunens anställda.", "Personalchef"),
            ("Inköp och upphandling", "Direktupphandling och avrop på ramavtal.", "Ekonomichef"),
            ("Diarieföring", "Registrering av allmänna handlingar.", "Kanslichef"),
        ],
        [
            (
                "Löneutbetalning",
                "Felaktiga löneutbetalningar på grund av sena underlag",
                Risk.Category.OPERATIONS,
                3,
                3,
                "Personalchef",
                "Påminnelser till chefer inför lönekörning.",
                "Sjukfrånvaron",
                [
                    (
                        "Stickprov på lönetillägg",
                        "Tio slumpvis valda tillägg jämförs med beslut.",
                        Frequency.TERTIAL,
                        "ks-sekreterare",
                        "Kommunstyrelsen",
                        {},
                        (),
                    )
                ],
            ),
            (
                "Inköp och upphandling",
                "Inköp görs utanför ramavtal",
                Risk.Category.LEGAL,
                3,
                4,
                "Ekonomichef",
                "Utbildning i inköpsrutiner för beställare.",
                "Kommunens resultat",
                [
                    (
                        "Avtalstrohet vid inköp",
                        "Genomgång av 20 fakturor mot gällande avtal.",
                        Frequency.TERTIAL,
                        "ks-sekreterare",
                        "Kommunstyrelsen",
                        {
                            1: (
                                "Tre av 20 fakturor avsåg inköp utanför avtal.",
                                [("Utbilda beställare i avtalssökning", "Ekonomichef", DONE)],
                            )
                        },
                        (),
                    )
                ],
            ),
            (
                "Diarieföring",
                "Allmänna handlingar diarieförs inte i tid",
                Risk.Category.REPORTING,
                2,
                2,
                "Kanslichef",
                "Rutin för daglig registrering.",
                None,
                [
                    (
                        "Diarieföring inom fem dagar",
                        "Stickprov på inkommande post.",
                        Frequency.YEARLY,
                        "ks-sekreterare",
                        "Kommunstyrelsen",
                        {},
                        (),
                    )
                ],
            ),
        ],
    ),
    "bun": (
        [
            ("Betygssättning", "Betyg och nationella prov i grundskola och gymnasieskola.", "Skolchef"),
            ("Elevhälsa", "Elevhälsans arbete med elever i behov av stöd.", "Förvaltningschef BUF"),
            ("IT-säkerhet", "Behörigheter i elevdokumentationssystemet.", "IT-samordnare"),
        ],
        [
            (
                "Betygssättning",
                "Elever får inte stöd i tid och når inte examen",
                Risk.Category.OPERATIONS,
                3,
                4,
                "Skolchef",
                "Tidiga insatser och uppföljning per elev varje termin.",
                "Andelen med slutbetyg",
                [
                    (
                        "Uppföljning av elever som riskerar att inte nå målen",
                        "Genomgång av åtgärdsprogram per skola.",
                        Frequency.TERTIAL,
                        "chef-aspen",
                        "Barn- och utbildningsnämnden",
                        {
                            1: (
                                "Åtgärdsprogram saknades för fyra elever i årskurs 9.",
                                [("Upprätta åtgärdsprogram för berörda elever", "Rektor Aspenskolan", LATE)],
                            )
                        },
                        (),
                    )
                ],
            ),
            (
                "Betygssättning",
                "Nationella prov förvaras eller hanteras felaktigt",
                Risk.Category.LEGAL,
                2,
                4,
                "Skolchef",
                "Låsta skåp och rutin för utlämning.",
                None,
                [
                    (
                        "Hantering av nationella prov",
                        "Kontroll av förvaring och kvittenser.",
                        Frequency.YEARLY,
                        "bun-ik",
                        "Barn- och utbildningsnämnden",
                        {},
                        (),
                    )
                ],
            ),
            (
                "Elevhälsa",
                "Anmälningar om kränkande behandling utreds inte",
                Risk.Category.LEGAL,
                2,
                3,
                "Förvaltningschef BUF",
                "Digital anmälan och månatlig uppföljning.",
                None,
                [
                    (
                        "Utredning av anmälningar om kränkningar",
                        "Varje anmälan stäms av mot utredning och åtgärd.",
                        Frequency.MONTHLY,
                        "bun-ik",
                        "Barn- och utbildningsnämnden",
                        {
                            3: (
                                "Två anmälningar saknade påbörjad utredning efter två veckor.",
                                [("Påminnelserutin till rektorer", "Förvaltningschef BUF", DONE)],
                            )
                        },
                        (),
                    )
                ],
            ),
            (
                "IT-säkerhet",
                "Obehöriga har kvar behörighet i elevsystemet",
                Risk.Category.IT,
                1,
                3,
                "IT-samordnare",
                "Behörigheter tas bort vid avslutad anställning.",
                None,
                [
                    (
                        "Genomgång av behörigheter",
                        "Lista över aktiva konton jämförs med personalregistret.",
                        Frequency.TERTIAL,
                        "bun-ik",
                        "Förvaltningschef BUF",
                        {},
                        (),
                    )
                ],
            ),
        ],
    ),
    "sn": (
        [
            ("Hemtjänst", "Planering och utförande av beviljade insatser.", "Enhetschef hemtjänsten"),
            (
                "Läkemedelshantering",
                "Delegering och signering av läkemedel.",
                "Medicinskt ansvarig sjuksköterska",
            ),
            ("Personalförsörjning", "Bemanning och sjukfrånvaro.", "Socialchef"),
        ],
        [
            (
                "Hemtjänst",
                "Beviljade insatser utförs inte",
                Risk.Category.OPERATIONS,
                2,
                4,
                "Enhetschef hemtjänsten",
                "Daglig avstämning av planerade och utförda besök.",
                None,
                [
                    (
                        "Utförda besök mot beviljade insatser",
                        "Jämförelse i verksamhetssystemet för tio brukare.",
                        Frequency.TERTIAL,
                        "chef-hemtjansten",
                        "Socialnämnden",
                        {
                            2: (
                                "Två brukare fick färre besök än beviljat under semestern.",
                                [
                                    (
                                        "Bemanningsplan för sommaren tas fram i mars",
                                        "Enhetschef hemtjänsten",
                                        OPEN,
                                    )
                                ],
                            )
                        },
                        (),
                    )
                ],
            ),
            (
                "Läkemedelshantering",
                "Läkemedel ges utan giltig delegering",
                Risk.Category.LEGAL,
                3,
                4,
                "Medicinskt ansvarig sjuksköterska",
                "Delegeringar förnyas årligen.",
                None,
                [
                    (
                        "Giltiga delegeringar",
                        "Delegeringsregistret stäms av mot schemalagd personal.",
                        Frequency.MONTHLY,
                        "sn-ik",
                        "Socialnämnden",
                        {
                            2: (
                                "Tre delegeringar hade gått ut.",
                                [("Förnya utgångna delegeringar", "Medicinskt ansvarig sjuksköterska", DONE)],
                            )
                        },
                        (10,),
                    )
                ],
            ),
            (
                "Personalförsörjning",
                "Hög sjukfrånvaro gör att verksamheten inte kan bemannas",
                Risk.Category.ENVIRONMENT,
                4,
                3,
                "Socialchef",
                "Tidig rehabilitering och friskvård.",
                "Frisknärvaron",
                [
                    (
                        "Uppföljning av sjukfrånvaro",
                        "Månadsstatistik per enhet analyseras.",
                        Frequency.TERTIAL,
                        "sn-ik",
                        "Socialnämnden",
                        {},
                        (),
                    )
                ],
            ),
        ],
    ),
    "sbn": (
        [
            ("Livsmedelsinköp", "Inköp av livsmedel till kommunens kök.", "Kostchef"),
            ("Bygglov", "Handläggning av ansökningar om bygglov.", "Bygglovschef"),
        ],
        [
            (
                "Livsmedelsinköp",
                "Leverantörer levererar inte enligt avtalets krav",
                Risk.Category.LEGAL,
                2,
                2,
                "Kostchef",
                "Uppföljningsmöten med leverantörer.",
                "Andelen ekologiska",
                [
                    (
                        "Leveranskontroll",
                        "Följesedlar jämförs med beställningar i ett kök per månad.",
                        Frequency.TERTIAL,
                        "chef-kost",
                        "Samhällsbyggnadsnämnden",
                        {},
                        (),
                    )
                ],
            ),
            (
                "Bygglov",
                "Beslut om bygglov fattas inte inom lagstadgad tid",
                Risk.Category.LEGAL,
                3,
                3,
                "Bygglovschef",
                "Veckovis genomgång av ärendebalansen.",
                "Handläggningstiden för bygglov",
                [
                    (
                        "Handläggningstider",
                        "Ärenden äldre än tio veckor tas fram ur ärendesystemet.",
                        Frequency.TERTIAL,
                        "chef-kost",
                        "Samhällsbyggnadsnämnden",
                        {
                            1: (
                                "Fem ärenden överskred tio veckor.",
                                [("Tillfällig förstärkning av handläggare", "Bygglovschef", DONE)],
                            )
                        },
                        (),
                    )
                ],
            ),
            (
                "Livsmedelsinköp",
                "Allergener i maten märks inte ut",
                Risk.Category.OPERATIONS,
                1,
                4,
                "Kostchef",
                "Specialkost lagas i separat zon.",
                None,
                [
                    (
                        "Märkning av specialkost",
                        "Besök i två kök per tertial.",
                        Frequency.TERTIAL,
                        "chef-kost",
                        "Samhällsbyggnadsnämnden",
                        {},
                        (),
                    )
                ],
            ),
        ],
    ),
}


def load(ctx: DemoContext) -> None:
    today = timezone.localdate()
    year = ctx.years[today.year]
    matrix = RiskMatrix.objects.current()
    counts = {"plans": 0, "risks": 0, "results": 0}
    for board_key, (processes, risks) in PLANS.items():
        board = ctx.units[board_key]
        plan, created = ControlPlan.objects.get_or_create(
            board=board,
            year=year,
            defaults={
                "matrix": matrix,
                "status": ControlPlan.Status.ADOPTED,
                "decision_date": datetime.date(year.year - 1, 11, 20),
                "decision_paragraph": "§ 98",
            },
        )
        counts["plans"] += 1
        by_name = {}
        for name, description, owner in processes:
            by_name[name], _c = Process.objects.get_or_create(
                plan=plan, name=name, defaults={"description": description, "owner": owner}
            )
        for (
            process_name,
            text,
            category,
            likelihood,
            consequence,
            owner,
            mitigation,
            goal_prefix,
            controls,
        ) in risks:
            goal = None
            if goal_prefix:
                goal = Goal.objects.filter(board=board, year=year, title__startswith=goal_prefix).first()
            risk, _c = Risk.objects.get_or_create(
                plan=plan,
                description=text,
                defaults={
                    "process": by_name[process_name],
                    "category": category,
                    "likelihood": likelihood,
                    "consequence": consequence,
                    "owner": owner,
                    "mitigation": mitigation,
                    "goal": goal,
                },
            )
            counts["risks"] += 1
            for what, method, frequency, owner_name, report_to, deviations, unreported in controls:
                control, _c = Control.objects.get_or_create(
                    risk=risk,
                    what=what,
                    defaults={
                        "method": method,
                        "frequency": frequency,
                        "owner": ctx.users[owner_name],
                        "report_to": report_to,
                    },
                )
                counts["results"] += _load_results(control, deviations, unreported, year.year, today)
    ctx.stdout.write(
        f"Internal control: {counts['plans']} plans, {counts['risks']} risks, {counts['results']} results\n"
    )


def _load_results(
    control: Control, deviations: dict, unreported: tuple, year: int, today: datetime.date
) -> int:
    """Results only for occurrences that have passed, so the demo reads true whatever the date."""
    made = 0
    for occurrence in control.occurrences(year):
        if occurrence.ends >= today or occurrence.number in unreported:
            continue
        findings, actions = deviations.get(occurrence.number, ("", []))
        result = ControlResult.objects.current().filter(control=control, occurrence=occurrence.number).first()
        if result is None:
            result = report_result(
                control,
                occurrence=occurrence.number,
                performed_on=min(occurrence.ends + datetime.timedelta(days=10), today),
                outcome=DEVIATION if findings else OK,
                findings=findings,
                reported_by=control.owner,
            )
        made += 1
        for description, owner, state in actions:
            due = {
                DONE: result.performed_on + datetime.timedelta(days=30),
                OPEN: today + datetime.timedelta(days=45),
                LATE: today - datetime.timedelta(days=14),
            }[state]
            Action.objects.get_or_create(
                result=result,
                description=description,
                defaults={
                    "owner": owner,
                    "due_date": due,
                    "status": Action.Status.DONE if state == DONE else Action.Status.OPEN,
                    "done_on": min(due, today) if state == DONE else None,
                },
            )
    return made
