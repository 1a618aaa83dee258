"""Demo report sections: this year's interim report of the municipality and of BUN, with sections in every state —
approved texts, one ready for review, drafts, one returned with the controller's comment, and late ones.
Idempotent: a section already written is left as it is."""

from __future__ import annotations

import datetime

from django.utils import timezone

from reporting import services as reporting_services
from reporting.models import Report
from styrmodell.demo import DemoContext
from styrmodell.models import Period, User

from . import services
from .models import ReportSection, SectionEvent

State = ReportSection.State

# (section title as the template names it, state, text, the controller's comment)
MUNICIPALITY: list[tuple[str, str, str, str]] = [
    (
        "Översikt över verksamhetens utveckling",
        State.APPROVED,
        "Kommunen har under perioden arbetat vidare mot den gemensamma Vision 2020 med Tornio. Fullmäktiges "
        "inriktningar har brutits ned till nämndmål med indikatorer och målnivåer, och verksamheterna har tagit "
        "åtaganden ända ned på medarbetarnivå.\n\n"
        "Ekonomin är i huvudsak i balans, men två nämnder prognostiserar underskott för helåret.",
        "",
    ),
    (
        "Väsentliga händelser",
        State.APPROVED,
        "- Ny gemensam gymnasieutbildning med Tornio startade i augusti.\n"
        "- Hemtjänsten har infört nyckelfria lås i hela kommunen.\n"
        "- Upphandlingen av skolskjuts blev dyrare än beräknat.",
        "",
    ),
    (
        "Styrning och uppföljning av den egna verksamheten",
        State.READY,
        "Målstyrningen innebär att politiken äger frågan om VAD som ska åstadkommas och verksamheterna frågan om "
        "HUR. Under perioden har nämnderna följt upp sina mål i delårsbokslutet, och den interna kontrollen har "
        "genomförts enligt nämndernas planer.",
        "",
    ),
    (
        "God ekonomisk hushållning och ekonomisk ställning",
        State.DRAFT,
        "Av fullmäktiges sex mål för god ekonomisk hushållning bedöms fyra uppfyllas.",
        "",
    ),
    (
        "Väsentliga personalförhållanden",
        State.RETURNED,
        "Sjukfrånvaron har minskat något.",
        "Ange sjukfrånvaron i procent jämfört med samma period i fjol, och skriv något om kompetensförsörjningen "
        "inom skola och äldreomsorg.",
    ),
    (
        "Räkenskaper",
        State.APPROVED,
        "Resultaträkning, balansräkning och kassaflödesanalys avser perioden januari–augusti. Driftredovisningen "
        "visar nämndernas utfall mot budget.",
        "",
    ),
]
BOARD: list[tuple[str, str, str, str]] = [
    (
        "Verksamhetsberättelse",
        State.APPROVED,
        "Barn- och utbildningsnämnden har under perioden prioriterat studiero och läsfrämjande insatser. Andelen "
        "elever med slutbetyg från gymnasieskolan ligger på 82 procent mot målnivån 85 procent.\n\n"
        "Förskolan Norrskenet har öppnat två nya avdelningar.",
        "",
    ),
    (
        "Väsentliga händelser",
        State.RETURNED,
        "Skolskjutsen har upphandlats.",
        "Beskriv vad den nya upphandlingen av skolskjuts innebär för nämndens ekonomi i år och nästa år.",
    ),
    (
        "Ekonomi",
        State.READY,
        "Nämnden prognostiserar ett underskott på 5,4 miljoner kronor, främst på grund av ökade kostnader för "
        "skolskjuts och fler elever i grundsärskolan. Förvaltningen tar fram åtgärder till nämndens nästa "
        "sammanträde.",
        "",
    ),
    ("Personal", State.DRAFT, "Personalomsättningen bland lärarna har minskat.", ""),
]
BOARD_SECTION = "Verksamhetsberättelse – "
BOARD_TEXTS = {
    "ks": (State.APPROVED, "Kommunstyrelsen har samordnat arbetet med den gemensamma visionen med Tornio."),
    "bun": (State.READY, "Nämndens verksamheter har följt sina åtaganden; se nämndens egen delårsrapport."),
    "sn": (State.DRAFT, "Socialnämnden har haft fler beslut om hemtjänsttimmar än planerat."),
}


def _controller_on_root(ctx: DemoContext) -> User | None:
    """The municipality's controller (the core demo's `kommun-ekonom` on the root) reviews the sections written on
    the root (the compilation's own)."""
    return ctx.users.get("kommun-ekonom")


def _interim_period(ctx: DemoContext, today: datetime.date) -> Period | None:
    year = ctx.years.get(today.year)
    if year is None:
        return None
    periods = list(year.periods.filter(kind=Period.Kind.INTERIM).order_by("ends", "key"))
    started = [p for p in periods if p.starts <= today]
    return (started or periods or [None])[-1]


def _fill(
    report: Report, wanted: list[tuple[str, str, str, str]], writer: User | None, reviewer: User | None
) -> int:
    """Give each named section its state and text (demo history, written as of the period's follow-up, so the
    period's lock does not apply); a section someone has already touched is left alone."""
    sections = {s.title: s for s in report.sections.all()}
    filled = 0
    for title, state, text, comment in wanted:
        section = sections.get(title)
        if section is None or section.state != State.NOT_STARTED:
            continue
        section.text, section.state, section.updated_by = text, state, writer
        section.updated_at = timezone.now()
        section.save(update_fields=["text", "state", "updated_by", "updated_at"])
        if state in (State.READY, State.RETURNED, State.APPROVED):
            SectionEvent.objects.create(section=section, action=SectionEvent.Action.READY, by=writer)
        if state == State.RETURNED:
            SectionEvent.objects.create(
                section=section, action=SectionEvent.Action.RETURNED, text=comment, by=reviewer
            )
        if state == State.APPROVED:
            SectionEvent.objects.create(section=section, action=SectionEvent.Action.APPROVED, by=reviewer)
        filled += 1
    return filled


def load(ctx: DemoContext) -> None:
    today = timezone.localdate()
    period = _interim_period(ctx, today)
    root, bun = ctx.units.get("kf"), ctx.units.get("bun")
    if period is None or root is None or bun is None:
        return
    root_controller = _controller_on_root(ctx)
    municipal = reporting_services.get_or_create_report(root, period, ctx.users.get("kommunsekreterare"))
    board = reporting_services.get_or_create_report(bun, period, ctx.users.get("bun-sekreterare"))
    if municipal.is_adopted or board.is_adopted:
        return
    services.sync_sections(municipal)
    services.sync_sections(board)
    filled = _fill(municipal, MUNICIPALITY, ctx.users.get("kommunsekreterare"), root_controller)
    filled += _fill(board, BOARD, ctx.users.get("bun-sekreterare"), ctx.users.get("bun-ekonom"))
    by_board = []
    for key, (state, text) in BOARD_TEXTS.items():
        unit = ctx.units.get(key)
        if unit is not None:
            reviewer = ctx.users.get(f"{key}-ekonom") or root_controller
            by_board.append(
                (BOARD_SECTION + unit.name, state, text, "", ctx.users.get(f"{key}-sekreterare"), reviewer)
            )
    for title, state, text, comment, writer, reviewer in by_board:
        filled += _fill(municipal, [(title, state, text, comment)], writer, reviewer)
    # One section is late whatever the date the demo is loaded on: due yesterday and not started.
    late = board.sections.filter(title="Förväntad utveckling", state=State.NOT_STARTED).first()
    if late is not None and late.due >= today:
        late.due = today - datetime.timedelta(days=1)
        late.save(update_fields=["due"])
    ctx.stdout.write(
        f"Report sections: {municipal.sections.count()} in the municipality's and {board.sections.count()} in "
        f"BUN's {period} report, {filled} written now\n"
    )
