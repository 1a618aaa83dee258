"""Demo data of the ideas: the municipality's common mission statement, leadership idea and employee idea in the
spirit of the seed's section 3 ("Kärnan – idéerna"), adopted by the council; every board's mission statement as an
adopted version (taken from the goals demo's board profiles), and for BUN three versions: an older adopted text,
the text in force and a draft waiting for the board. Idempotent: nothing is added when the ideas have versions."""

from __future__ import annotations

import datetime

from goals.models import BoardProfile
from styrmodell.demo import DemoContext

from .models import Idea, IdeaVersion

MUNICIPAL = {
    Idea.Kind.MISSION: (
        "Vi finns till för medborgarna. Tillsammans skapar vi varje dag bästa möjliga värde för dem vi är till för, "
        "med kunden och medborgaren i fokus, i dialog med dem och med ständiga förbättringar av hur vi arbetar.",
        "Kommunens gemensamma uppdrag, antaget som en del av mål- och resultatstyrningen.",
    ),
    Idea.Kind.LEADERSHIP: (
        "Som ledare skapar jag förutsättningar för medarbetarna att agera självständigt och själva hitta lösningar "
        "för att nå mål och resultat. Jag visar förtroende, ger tydliga mål och återkoppling och ser misstag som en "
        "del av lärandet.",
        "Ledaridén, som beskriver förhållningssättet som ledare.",
    ),
    Idea.Kind.EMPLOYEE: (
        "Som medarbetare skapar jag kvalitet varje dag och representerar Haparanda stad. Jag tar ansvar för mitt "
        "uppdrag, är självkritisk till våra arbetsprocesser och bidrar till ständiga förbättringar.",
        "Medarbetaridén, som beskriver förhållningssättet som medarbetare.",
    ),
}

BUN_HISTORY = [
    (
        "Barn- och utbildningsnämnden ger barn och elever en god utbildning i en trygg miljö.",
        "Första verksamhetsidén.",
    ),
]
BUN_DRAFT = (
    "Barn- och utbildningsnämnden ger varje barn och elev en trygg miljö och en utbildning som rustar för ett "
    "livslångt lärande, på båda sidor om gränsen.",
    "Samarbetet över gränsen med Torneå lyfts fram.",
)


def load(ctx: DemoContext) -> None:
    year = max(ctx.years) if ctx.years else datetime.date.today().year
    for position, (kind, (text, note)) in enumerate(MUNICIPAL.items(), start=1):
        idea, _created = Idea.objects.get_or_create(kind=kind, board=None)
        if not idea.versions.exists():
            IdeaVersion.objects.create(
                idea=idea,
                text=text,
                change_note=note,
                status=IdeaVersion.Status.ADOPTED,
                decision_date=datetime.date(year - 2, 11, 20),
                decision_paragraph=f"§ {100 + position}",
            )
    for profile in BoardProfile.objects.exclude(mission_statement="").select_related("board"):
        idea, _created = Idea.objects.get_or_create(kind=Idea.Kind.BOARD, board=profile.board)
        if idea.versions.exists():
            continue
        is_bun = profile.board_id == ctx.units["bun"].pk if "bun" in ctx.units else False
        if is_bun:
            for text, note in BUN_HISTORY:
                IdeaVersion.objects.create(
                    idea=idea,
                    text=text,
                    change_note=note,
                    status=IdeaVersion.Status.ADOPTED,
                    decision_date=datetime.date(year - 4, 2, 14),
                    decision_paragraph="§ 12",
                )
        IdeaVersion.objects.create(
            idea=idea,
            text=profile.mission_statement,
            change_note="Uppdaterad efter nämndens omvärldsanalys." if is_bun else "",
            status=IdeaVersion.Status.ADOPTED,
            decision_date=datetime.date(year - 1, 9, 18),
            decision_paragraph="§ 58",
        )
        if is_bun:
            IdeaVersion.objects.create(idea=idea, text=BUN_DRAFT[0], change_note=BUN_DRAFT[1])
