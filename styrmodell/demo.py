"""The demo municipality, in the shape of Haparanda: four boards, their administrations and a dozen units.

`manage.py load_demo` runs the `demo.load(ctx)` of every app in DEMO_STEPS order; each step is idempotent
(looks things up by natural keys before creating them), so running the command twice changes nothing.
Demo people are named by their function, not invented names.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TextIO

from django.utils import timezone
from guardian.shortcuts import assign_perm

from .models import OrgUnit, Period, PeriodReopening, Role, Step, User, Year

DEMO_PASSWORD = "styrmodell-demo"

# key, parent key, name, short name, kind
TREE: list[tuple[str, str | None, str, str, str]] = [
    ("kf", None, "Kommunfullmäktige", "KF", OrgUnit.Kind.COUNCIL),
    ("ks", "kf", "Kommunstyrelsen", "KS", OrgUnit.Kind.BOARD),
    ("klf", "ks", "Kommunledningsförvaltningen", "KLF", OrgUnit.Kind.ADMINISTRATION),
    ("ekonomi", "klf", "Ekonomiavdelningen", "", OrgUnit.Kind.DEPARTMENT),
    ("personal", "klf", "Personalavdelningen", "", OrgUnit.Kind.DEPARTMENT),
    ("kansli", "klf", "Kansliavdelningen", "", OrgUnit.Kind.DEPARTMENT),
    ("bun", "kf", "Barn- och utbildningsnämnden", "BUN", OrgUnit.Kind.BOARD),
    ("buf", "bun", "Barn- och utbildningsförvaltningen", "BUF", OrgUnit.Kind.ADMINISTRATION),
    ("forskola", "buf", "Förskoleavdelningen", "", OrgUnit.Kind.DEPARTMENT),
    ("solrosen", "forskola", "Förskolan Solrosen", "", OrgUnit.Kind.UNIT),
    ("norrskenet", "forskola", "Förskolan Norrskenet", "", OrgUnit.Kind.UNIT),
    ("grundskola", "buf", "Grundskoleavdelningen", "", OrgUnit.Kind.DEPARTMENT),
    ("aspen", "grundskola", "Aspenskolan", "", OrgUnit.Kind.UNIT),
    ("aspen-f3", "aspen", "Arbetslag F–3", "", OrgUnit.Kind.TEAM),
    ("aspen-46", "aspen", "Arbetslag 4–6", "", OrgUnit.Kind.TEAM),
    ("kristall", "grundskola", "Kristallskolan", "", OrgUnit.Kind.UNIT),
    ("gymnasiet", "buf", "Tornedalsskolan", "", OrgUnit.Kind.UNIT),
    ("sn", "kf", "Socialnämnden", "SN", OrgUnit.Kind.BOARD),
    ("sof", "sn", "Socialförvaltningen", "SOF", OrgUnit.Kind.ADMINISTRATION),
    ("aldreomsorg", "sof", "Äldreomsorgen", "", OrgUnit.Kind.DEPARTMENT),
    ("hemtjansten", "aldreomsorg", "Hemtjänsten", "", OrgUnit.Kind.UNIT),
    ("strandgarden", "aldreomsorg", "Vård- och omsorgsboendet Strandgården", "", OrgUnit.Kind.UNIT),
    ("ifo", "sof", "Individ- och familjeomsorgen", "IFO", OrgUnit.Kind.DEPARTMENT),
    ("barn-familj", "ifo", "Barn och familj", "", OrgUnit.Kind.UNIT),
    ("sbn", "kf", "Samhällsbyggnadsnämnden", "SBN", OrgUnit.Kind.BOARD),
    ("sbf", "sbn", "Samhällsbyggnadsförvaltningen", "SBF", OrgUnit.Kind.ADMINISTRATION),
    ("teknik", "sbf", "Teknisk service", "", OrgUnit.Kind.DEPARTMENT),
    ("kost", "teknik", "Kostenheten", "", OrgUnit.Kind.UNIT),
    ("gata-park", "teknik", "Gata och park", "", OrgUnit.Kind.UNIT),
    ("miljo-bygg", "sbf", "Miljö- och byggenheten", "", OrgUnit.Kind.UNIT),
]

# username, first name, last name (a function, not a person), role, unit key
PEOPLE: list[tuple[str, str, str, Role, str]] = [
    ("admin", "Systemförvaltare", "(demo)", Role.ADMIN, "kf"),
    ("kf-ledamot", "Ledamot", "kommunfullmäktige (demo)", Role.COUNCIL, "kf"),
    # The municipality's own report and accounts: its secretary and its chief controller (ledger, HR figures,
    # the financial statements and the review of the report's sections).
    ("kommunsekreterare", "Kommunsekreterare", "(demo)", Role.SECRETARY, "kf"),
    ("kommun-ekonom", "Ekonomichef", "kommunen (demo)", Role.CONTROLLER, "kf"),
    ("ks-ledamot", "Ledamot", "KS (demo)", Role.BOARD_MEMBER, "ks"),
    ("ks-sekreterare", "Nämndsekreterare", "KS (demo)", Role.SECRETARY, "ks"),
    ("bun-ledamot", "Ledamot", "BUN (demo)", Role.BOARD_MEMBER, "bun"),
    ("bun-sekreterare", "Nämndsekreterare", "BUN (demo)", Role.SECRETARY, "bun"),
    ("bun-ekonom", "Ekonom", "BUN (demo)", Role.CONTROLLER, "bun"),
    ("bun-ik", "Internkontrollansvarig", "BUN (demo)", Role.IC_OFFICER, "bun"),
    ("chef-buf", "Förvaltningschef", "BUF (demo)", Role.MANAGER, "buf"),
    ("chef-aspen", "Rektor", "Aspenskolan (demo)", Role.MANAGER, "aspen"),
    ("medarbetare-aspen", "Lärare", "Aspenskolan (demo)", Role.EMPLOYEE, "aspen-f3"),
    ("chef-gymnasiet", "Rektor", "Tornedalsskolan (demo)", Role.MANAGER, "gymnasiet"),
    ("sn-ledamot", "Ledamot", "SN (demo)", Role.BOARD_MEMBER, "sn"),
    ("sn-sekreterare", "Nämndsekreterare", "SN (demo)", Role.SECRETARY, "sn"),
    ("sn-ekonom", "Ekonom", "SN (demo)", Role.CONTROLLER, "sn"),
    ("sn-ik", "Internkontrollansvarig", "SN (demo)", Role.IC_OFFICER, "sn"),
    ("chef-hemtjansten", "Enhetschef", "Hemtjänsten (demo)", Role.MANAGER, "hemtjansten"),
    ("medarbetare-hemtjansten", "Undersköterska", "Hemtjänsten (demo)", Role.EMPLOYEE, "hemtjansten"),
    ("sbn-ledamot", "Ledamot", "SBN (demo)", Role.BOARD_MEMBER, "sbn"),
    ("sbn-sekreterare", "Nämndsekreterare", "SBN (demo)", Role.SECRETARY, "sbn"),
    ("chef-kost", "Kostchef", "Kostenheten (demo)", Role.MANAGER, "kost"),
    ("medarbetare-kost", "Kock", "Kostenheten (demo)", Role.EMPLOYEE, "kost"),
]


@dataclass
class DemoContext:
    stdout: TextIO
    units: dict[str, OrgUnit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    years: dict[int, Year] = field(default_factory=dict)

    def period(self, year: int, key: str) -> Period:
        return Period.objects.get(year=self.years[year], key=key)


def _unit(parent: OrgUnit | None, name: str, short_name: str, kind: str) -> OrgUnit:
    if parent is None:
        existing = OrgUnit.objects.filter(depth=1).filter(name=name).first()
        return existing or OrgUnit.objects.create_root(name=name, short_name=short_name, kind=kind)
    existing = OrgUnit.objects.get_children(parent).filter(name=name).first()
    if existing:
        return existing
    unit = OrgUnit.objects.create_child(parent, name=name, short_name=short_name, kind=kind)
    parent.refresh_from_db()
    return unit


def load(ctx: DemoContext) -> None:
    for key, parent_key, name, short_name, kind in TREE:
        parent = ctx.units[parent_key] if parent_key else None
        if parent is not None:
            parent.refresh_from_db()
        ctx.units[key] = _unit(parent, name, short_name, kind)

    for username, first_name, last_name, role, unit_key in PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@example.se"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        assign_perm(f"styrmodell.{role.codename}", user, ctx.units[unit_key])
        ctx.users[username] = user

    # Years around today: last year closed, this year with the steps whose deadlines have passed closed, next year
    # open for planning.
    this_year = timezone.localdate().year
    today = timezone.localdate()
    for y in (this_year - 1, this_year, this_year + 1):
        year, _created = Year.objects.get_or_create(year=y)
        year.create_default_periods()
        ctx.years[y] = year
        if _created:
            for period in year.periods.all():
                if period.deadline < today:
                    period.staff_closed, period.staff_closed_at = True, _midnight(period.deadline)
                if period.board_deadline < today:
                    period.is_closed, period.closed_at = True, _midnight(period.board_deadline)
                period.save(update_fields=["staff_closed", "staff_closed_at", "is_closed", "closed_at"])
            if y < this_year:
                year.is_closed = True
                year.save(update_fields=["is_closed"])
    _reopen_latest_period(ctx, today)
    ctx.stdout.write(
        f"Organisation: {len(ctx.units)} units, {len(ctx.users)} demo people, years {sorted(ctx.years)}\n"
    )


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0)))


def _reopen_latest_period(ctx: DemoContext, today: datetime.date) -> None:
    """A year in progress: the latest period whose staff step has closed keeps the board's follow-up open for BUN
    (reopened if its own deadline has passed too) and staff reporting reopened for Aspenskolan alone."""
    period = (
        Period.objects.filter(year=ctx.years[today.year], staff_closed=True)
        .select_related("year")
        .order_by("-ends")
        .first()
    )
    if period is None:
        return
    admin = ctx.users["admin"]
    wanted = [(Step.STAFF, "aspen", "Sen rapportering godkänd efter sjukfrånvaro i arbetslaget.")]
    if period.is_closed:
        wanted.append((Step.BOARD, "bun", "Nämndens analys kompletteras efter nämndens sammanträde."))
    for step, unit_key, reason in wanted:
        PeriodReopening.objects.get_or_create(
            period=period,
            step=step,
            unit=ctx.units[unit_key],
            defaults={"reason": reason, "until": today + datetime.timedelta(days=21), "reopened_by": admin},
        )
