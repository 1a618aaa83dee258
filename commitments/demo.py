"""Demo commitments across the demo units, linked to the demo goals, with reports: some on track, some at risk or
delayed, some late (no report in a period that has passed), so every page has something to show.

Idempotent: commitments are looked up by unit, year, title and owner, reports by commitment and period.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from goals.models import Goal
from styrmodell.demo import DemoContext
from styrmodell.models import Period

from . import services
from .models import Commitment, Status, StatusReport

T1, T2, YE = "t1", "t2", "ye"
S = Status

# unit key, goal (board key, title start) or None, title, how, responsible, {period: (status, comment)},
# employee commitments [(owner, title, {period: (status, comment)})], copy to the units below?
COMMITMENTS = [
    (
        "gymnasiet",
        ("bun", "Andelen med slutbetyg"),
        "Studiecoacher för elever som riskerar att inte nå examen",
        "Varje elev med underkänt i två kurser får en studiecoach och en individuell plan.",
        "chef-gymnasiet",
        {
            T1: (S.ON_TRACK, ""),
            T2: (S.AT_RISK, "Två coacher är föräldralediga; vikarier rekryteras till hösten."),
            YE: (S.ON_TRACK, "Vikarierna är på plats."),
        },
        [],
        False,
    ),
    (
        "aspen",
        ("bun", "Andelen med slutbetyg"),
        "Läsfrämjande insatser i alla årskurser",
        "Daglig högläsning, bokcirklar och ett samarbete med biblioteket.",
        "chef-aspen",
        {T1: (S.ON_TRACK, ""), T2: (S.ON_TRACK, "Biblioteksbesök varannan vecka är införda.")},
        [
            (
                "medarbetare-aspen",
                "Högläsning varje dag i åk 1–3",
                {T1: (S.ON_TRACK, ""), T2: (S.DONE, "Rutinen är etablerad i alla klasser.")},
            )
        ],
        True,
    ),
    (
        "buf",
        ("bun", "Utveckla ett kvalitetssystem"),
        "Systematiskt kvalitetsarbete i alla verksamheter",
        "Gemensam årscykel för uppföljning och analys i förskola och skola.",
        "chef-buf",
        {T1: (S.NOT_STARTED, ""), T2: (S.ON_TRACK, "Årscykeln är beslutad i ledningsgruppen.")},
        [],
        False,
    ),
    (
        "hemtjansten",
        ("sn", "Frisknärvaron bland anställda"),
        "Förebyggande hälsoarbete och friskvård",
        "Friskvårdstimme, ergonomigenomgångar och tidig kontakt vid korttidsfrånvaro.",
        "chef-hemtjansten",
        {T1: (S.ON_TRACK, ""), T2: (S.AT_RISK, "Korttidsfrånvaron ökade under sommaren.")},
        [
            (
                "medarbetare-hemtjansten",
                "Ergonomiombud i arbetslaget",
                {
                    T1: (S.ON_TRACK, ""),
                    T2: (S.ON_TRACK, ""),
                    YE: (S.ON_TRACK, "Genomgångar gjorda i alla grupper."),
                },
            )
        ],
        False,
    ),
    (
        "strandgarden",
        ("sn", "Frisknärvaron bland anställda"),
        "Hälsosam schemaläggning",
        "Scheman utan delade turer och med minst elva timmars dygnsvila.",
        None,
        {T1: (S.DELAYED, "Schemaverktyget levererades sent.")},
        [],
        False,
    ),
    (
        "kost",
        ("sbn", "Andelen ekologiska livsmedel"),
        "Fler ekologiska råvaror i upphandlingen",
        "Krav på ekologiska alternativ i de nya livsmedelsavtalen.",
        "chef-kost",
        {T1: (S.ON_TRACK, ""), T2: (S.DONE, "Avtalen är tecknade.")},
        [
            (
                "medarbetare-kost",
                "Säsongsanpassade menyer",
                {T1: (S.NOT_STARTED, ""), T2: (S.DELAYED, "Menyplaneringen skjuts upp till nästa termin.")},
            )
        ],
        False,
    ),
    (
        "miljo-bygg",
        ("sbn", "Handläggningstiden för bygglov"),
        "E-tjänst för bygglovsansökan",
        "Komplett digital ansökan med automatisk kontroll av bilagor.",
        None,
        {T1: (S.ON_TRACK, ""), T2: (S.ON_TRACK, "E-tjänsten är i test.")},
        [],
        False,
    ),
]

# Reports for the copies in the units below Aspenskolan (one of them late).
COPY_REPORTS = {
    "aspen-f3": {
        T1: (S.ON_TRACK, ""),
        T2: (S.DELAYED, "Bokinköpen försenades."),
        YE: (S.AT_RISK, "Böckerna har kommit men tiden för bokcirklar räcker inte."),
    },
    "aspen-46": {T1: (S.NOT_STARTED, "")},
}


def _goal(ctx: DemoContext, year, spec) -> Goal | None:
    if spec is None:
        return None
    board_key, title_start = spec
    return Goal.objects.filter(board=ctx.units[board_key], year=year, title__startswith=title_start).first()


def _report(commitment: Commitment, period: Period, status: str, comment: str, by) -> None:
    reported_at = timezone.make_aware(
        datetime.datetime.combine(period.deadline - datetime.timedelta(days=10), datetime.time(10))
    )
    StatusReport.objects.get_or_create(
        commitment=commitment,
        period=period,
        defaults={"status": status, "comment": comment, "reported_by": by, "reported_at": reported_at},
    )


def _commitment(unit, year, title: str, owner=None, **defaults) -> Commitment:
    commitment = Commitment.objects.filter(unit=unit, year=year, title=title, owner=owner).first()
    if commitment is None:
        goals = defaults.pop("goals", [])
        commitment = Commitment.objects.create(unit=unit, year=year, title=title, owner=owner, **defaults)
        commitment.goals.set(goals)
    return commitment


def load(ctx: DemoContext) -> None:
    this_year = timezone.localdate().year
    year = ctx.years[this_year]
    periods = {p.key: p for p in year.periods.all()}
    starts, ends = datetime.date(this_year, 1, 1), datetime.date(this_year, 12, 31)
    count = 0
    for unit_key, goal_spec, title, how, responsible_key, reports, parts, copy_down in COMMITMENTS:
        goal = _goal(ctx, year, goal_spec)
        responsible = ctx.users.get(responsible_key) if responsible_key else None
        commitment = _commitment(
            ctx.units[unit_key],
            year,
            title,
            description=how,
            responsible=responsible,
            starts=starts,
            ends=ends,
            goals=[goal] if goal else [],
            created_by=responsible,
        )
        count += 1
        reporter = responsible or ctx.users.get("admin")
        for kind, (status, comment) in reports.items():
            _report(commitment, periods[kind], status, comment, reporter)
        for owner_key, part_title, part_reports in parts:
            owner = ctx.users[owner_key]
            part = _commitment(
                commitment.unit,
                year,
                part_title,
                owner=owner,
                parent=commitment,
                starts=starts,
                ends=ends,
                goals=[goal] if goal else [],
                created_by=responsible,
            )
            count += 1
            for kind, (status, comment) in part_reports.items():
                _report(part, periods[kind], status, comment, owner)
        if copy_down:
            services.copy_down(commitment, responsible)
            for copy in commitment.copies.select_related("unit"):
                key = next((k for k, u in ctx.units.items() if u.pk == copy.unit_id), None)
                for kind, (status, comment) in COPY_REPORTS.get(key, {}).items():
                    _report(copy, periods[kind], status, comment, responsible)
    ctx.stdout.write(f"Commitments: {count} commitments for {this_year} with their reports\n")
