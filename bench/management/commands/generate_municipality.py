"""Generate a large, realistic and deterministic municipality for benchmarks: the size of Göteborg at
`--scale 1` (60,000 employees, 30 boards, about 3,500 organisation nodes 5–7 levels deep, 300 goals, 1,000
indicators with four years of outcomes, 15,000 unit and 120,000 employee commitments a year with their status
reports, 30 control plans with about 600 risks).

Everything is written with `bulk_create` in batches: the tree's materialised paths are computed here the way
treebeard computes them (steplen 4, `OrgUnit._get_path`), and one password hash is computed once and shared by
every generated person. `bulk_create` sends no signals, so django-simple-history writes no historical rows for the
generated data: the history of a generated object starts with its first real change.

The same `--seed` (and `--year`) always gives the same data, including every `code` UUID. The command refuses to
run on a database that already has an organisation.
"""

from __future__ import annotations

import datetime
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from commitments.models import Commitment, Status, StatusReport
from goals.models import Direction, Goal, GoalAssessment, Indicator, IndicatorOutcome, IndicatorTarget, Vision
from internal_control.models import Control, ControlPlan, Frequency, Process, Risk, RiskMatrix
from styrmodell.models import OrgUnit, Period, Role, RoleGrant, User, Year

BATCH = 5000
PASSWORD_SALT = "skalkommun"  # a fixed salt keeps the generated data identical run after run
DEFAULT_PASSWORD = "styrmodell-skala"

# The full-size municipality (scale 1).
FULL = {
    "boards": 30,
    "nodes": 3500,
    "employees": 60_000,
    "goals": 300,
    "indicators": 1000,
    "unit_commitments": 15_000,
    "employee_commitments": 120_000,
    "risks": 600,
}

BOARD_NAMES = [
    ("Grundskolenämnden", "GSN"),
    ("Förskolenämnden", "FSN"),
    ("Äldre samt vård- och omsorgsnämnden", "ÄVN"),
    ("Utbildningsnämnden", "UBN"),
    ("Socialnämnden Nordost", "SNO"),
    ("Socialnämnden Hisingen", "SNH"),
    ("Socialnämnden Centrum", "SNC"),
    ("Socialnämnden Sydväst", "SNS"),
    ("Nämnden för funktionsstöd", "NFS"),
    ("Kommunstyrelsen", "KS"),
    ("Stadsmiljönämnden", "SMN"),
    ("Byggnadsnämnden", "BN"),
    ("Kulturnämnden", "KN"),
    ("Idrotts- och föreningsnämnden", "IFN"),
    ("Miljö- och klimatnämnden", "MKN"),
    ("Nämnden för arbetsmarknad och vuxenutbildning", "AVN"),
    ("Fastighetsnämnden", "FN"),
    ("Servicenämnden", "SEN"),
    ("Exploateringsnämnden", "EXN"),
    ("Nämnden för demokrati och medborgarservice", "DMN"),
    ("Stadsbyggnadsnämnden", "SBN"),
    ("Valnämnden", "VN"),
    ("Överförmyndarnämnden", "ÖFN"),
    ("Arkivnämnden", "ARN"),
    ("Nämnden för konsument- och medborgarservice", "KMN"),
    ("Trafiknämnden", "TN"),
    ("Parknämnden", "PN"),
    ("Räddningsnämnden", "RN"),
    ("Krisledningsnämnden", "KLN"),
    ("Revisorskollegiet", "REV"),
]
DEPARTMENT_WORDS = ["Område", "Avdelning", "Verksamhet", "Sektor"]
UNIT_WORDS = ["Enhet", "Skola", "Boende", "Mottagning", "Grupp"]
TEAM_WORDS = ["Arbetslag", "Team", "Grupp"]
JOB_TITLES = [
    "Medarbetare",
    "Handläggare",
    "Lärare",
    "Undersköterska",
    "Förskollärare",
    "Ingenjör",
    "Kock",
    "Socionom",
    "Sjuksköterska",
    "Administratör",
]
DIRECTION_TITLES = [
    "Barn och unga ges goda förutsättningar",
    "En trygg och jämlik stad",
    "Hållbar tillväxt och fler jobb",
    "Ett gott liv hela livet",
    "Klimatsmart stad",
    "Effektiv och rättssäker förvaltning",
]
VERBS = ["Öka", "Minska", "Förbättra", "Stärka", "Utveckla", "Säkra", "Införa", "Följa upp"]
OBJECTS = [
    "elevernas måluppfyllelse",
    "sjukfrånvaron",
    "brukarnas nöjdhet",
    "handläggningstiderna",
    "tillgängligheten",
    "kompetensförsörjningen",
    "energianvändningen",
    "den digitala servicen",
    "samverkan med civilsamhället",
    "arbetsmiljön",
    "kostnadskontrollen",
    "tryggheten i närmiljön",
]
INDICATOR_NAMES = [
    ("Andel nöjda brukare", "%"),
    ("Sjukfrånvaro", "%"),
    ("Kostnad per invånare", "kr"),
    ("Antal ärenden", "antal"),
    ("Andel elever med godkända betyg", "%"),
    ("Handläggningstid", "dagar"),
    ("Energianvändning", "kWh/m²"),
    ("Medarbetarindex", "index"),
]
# Weighted status mix of reports by period: commitments are mostly finished at year-end, seldom before.
STATUS_MIX = {
    "t1": [
        (Status.ON_TRACK, 60),
        (Status.NOT_STARTED, 20),
        (Status.AT_RISK, 10),
        (Status.DELAYED, 7),
        (Status.DONE, 2),
        (Status.CANCELLED, 1),
    ],
    "t2": [
        (Status.ON_TRACK, 65),
        (Status.NOT_STARTED, 5),
        (Status.AT_RISK, 13),
        (Status.DELAYED, 11),
        (Status.DONE, 5),
        (Status.CANCELLED, 1),
    ],
    "ye": [
        (Status.ON_TRACK, 30),
        (Status.AT_RISK, 10),
        (Status.DELAYED, 15),
        (Status.DONE, 42),
        (Status.CANCELLED, 3),
    ],
}
MAX_DEPTHS = (6, 7, 5)  # by board, in turn: the tree is 5–7 levels deep


@dataclass(frozen=True)
class Plan:
    """How many of everything, for one scale."""

    boards: int
    nodes: int
    employees: int
    goals: int
    indicators: int
    unit_commitments: int
    employee_commitments: int
    risks: int

    @classmethod
    def for_scale(cls, scale: float) -> Plan:
        def n(key: str, minimum: int) -> int:
            return max(minimum, round(FULL[key] * scale))

        boards = min(len(BOARD_NAMES), n("boards", 2))
        # Every board needs its administration and one chain down to its deepest level.
        nodes = n("nodes", 1 + boards * 2 + sum(MAX_DEPTHS[i % 3] - 3 for i in range(boards)))
        employees = n("employees", nodes * 3)
        goals = n("goals", boards * 2)
        unit_commitments = n("unit_commitments", nodes)
        return cls(
            boards=boards,
            nodes=nodes,
            employees=employees,
            goals=goals,
            indicators=n("indicators", goals),
            unit_commitments=unit_commitments,
            employee_commitments=n("employee_commitments", employees),
            risks=n("risks", boards),
        )


def administration_name(board_name: str) -> str:
    if "nämnden" in board_name:
        return board_name.replace("nämnden", "förvaltningen", 1)
    return f"{board_name}s förvaltning"


@dataclass
class Node:
    path: str
    depth: int
    kind: str
    name: str
    board_index: int
    numchild: int = 0
    pk: int | None = None


def batched(items: Iterable, size: int = BATCH) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Generator:
    def __init__(
        self,
        *,
        scale: float,
        seed: int,
        year: int,
        out,
        years_of_commitments: int = 2,
        password: str = DEFAULT_PASSWORD,
    ) -> None:
        self.plan = Plan.for_scale(scale)
        self.rng = random.Random(seed)
        self.year_number = year
        self.out = out
        self.years_of_commitments = years_of_commitments
        self.password = password
        self.moment = timezone.make_aware(datetime.datetime(year, 1, 2, 8, 0))
        self.started = time.monotonic()

    # --- helpers ------------------------------------------------------------------------------------------

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def log(self, message: str) -> None:
        self.out.write(f"[{time.monotonic() - self.started:6.1f} s] {message}")

    def status(self, period: Period) -> str:
        mix = STATUS_MIX[period.key]
        return self.rng.choices([s for s, _w in mix], weights=[w for _s, w in mix])[0]

    # --- the run ------------------------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        self.permissions = {
            role: Permission.objects.get(
                codename=role.codename, content_type=ContentType.objects.get_for_model(OrgUnit)
            ).pk
            for role in Role
        }
        self.years_and_periods()
        self.tree()
        self.people()
        self.goals()
        self.commitments()
        self.internal_control()
        return self.counts()

    def years_and_periods(self) -> None:
        self.years: dict[int, Year] = {}
        self.periods: dict[int, list[Period]] = {}
        today = timezone.localdate()
        for number in range(self.year_number - 3, self.year_number + 1):
            year = Year.objects.create(year=number, is_closed=number < self.year_number - 1)
            self.years[number] = year
            periods = year.create_default_periods()
            for period in periods:
                if number < self.year_number or period.deadline < today:
                    period.is_closed = True
                    period.closed_at = self.moment
                    period.save(update_fields=["is_closed", "closed_at"])
            self.periods[number] = periods
        self.log(f"years {min(self.years)}–{max(self.years)} with their periods")

    def tree(self) -> None:
        """The council, its boards with one administration each, and below every administration levels of
        departments, units and teams down to the board's depth (5–7). Paths exactly as treebeard builds them."""
        plan = self.plan
        get_path = OrgUnit._get_path
        root = Node(get_path(None, 1, 1), 1, OrgUnit.Kind.COUNCIL, "Kommunfullmäktige", -1)
        nodes = [root]
        self.boards: list[Node] = []
        self.administrations: list[Node] = []
        weights = [1 / (i + 1) ** 0.7 for i in range(plan.boards)]
        below = plan.nodes - 1 - 2 * plan.boards
        minimum = [MAX_DEPTHS[i % 3] - 3 for i in range(plan.boards)]
        spare = below - sum(minimum)
        budgets = [m + int(spare * w / sum(weights)) for m, w in zip(minimum, weights, strict=True)]
        budgets[0] += below - sum(budgets)
        for index in range(plan.boards):
            name, short = BOARD_NAMES[index]
            board = Node(get_path(root.path, 2, index + 1), 2, OrgUnit.Kind.BOARD, name, index)
            board_admin = Node(
                get_path(board.path, 3, 1), 3, OrgUnit.Kind.ADMINISTRATION, administration_name(name), index
            )
            board.short = short  # type: ignore[attr-defined]
            board_admin.short = short + "F"  # type: ignore[attr-defined]
            root.numchild += 1
            board.numchild = 1
            nodes += [board, board_admin]
            self.boards.append(board)
            self.administrations.append(board_admin)
            nodes += self._subtree(board_admin, levels=MAX_DEPTHS[index % 3] - 3, budget=budgets[index])
        self.nodes = nodes
        units = [
            OrgUnit(
                path=n.path,
                depth=n.depth,
                numchild=n.numchild,
                name=n.name,
                kind=n.kind,
                short_name=getattr(n, "short", ""),
                code=self.uuid(),
                created=self.moment,
            )
            for n in nodes
        ]
        for batch in batched(units):
            OrgUnit.objects.bulk_create(batch)
        ids = dict(OrgUnit.objects.values_list("path", "pk"))
        for node in nodes:
            node.pk = ids[node.path]
        self.root = root
        self.log(
            f"{len(nodes)} organisation nodes, {plan.boards} boards, depth {max(n.depth for n in nodes)}"
        )

    def _subtree(self, admin: Node, *, levels: int, budget: int) -> list[Node]:
        """`budget` nodes in `levels` levels below the administration, each level wider than the one above."""
        rng = self.rng
        ratio = 1.0
        # The branching factor f with f + f² + … + f^levels ≈ budget.
        low, high = 1.0, 64.0
        for _ in range(40):
            ratio = (low + high) / 2
            if sum(ratio**k for k in range(1, levels + 1)) > budget:
                high = ratio
            else:
                low = ratio
        sizes = [max(1, round(ratio**k)) for k in range(1, levels + 1)]
        sizes[-1] = max(1, sizes[-1] + budget - sum(sizes))
        while sum(sizes) > budget and any(s > 1 for s in sizes):
            i = max(range(levels), key=lambda k: sizes[k])
            sizes[i] -= 1
        made: list[Node] = []
        parents = [admin]
        for level, size in enumerate(sizes):
            depth = admin.depth + level + 1
            kind, words = (
                (OrgUnit.Kind.DEPARTMENT, DEPARTMENT_WORDS)
                if level == 0
                else (OrgUnit.Kind.UNIT, UNIT_WORDS)
                if level == 1
                else (OrgUnit.Kind.TEAM, TEAM_WORDS)
            )
            # Every parent gets at least one child while there are enough, the rest spread at random.
            owners = [parents[i % len(parents)] for i in range(min(size, len(parents)))]
            owners += [rng.choice(parents) for _ in range(size - len(owners))]
            owners.sort(key=lambda p: p.path)
            level_nodes = []
            for parent in owners:
                parent.numchild += 1
                path = OrgUnit._get_path(parent.path, depth, parent.numchild)
                word = rng.choice(words)
                level_nodes.append(
                    Node(
                        path,
                        depth,
                        kind,
                        f"{word} {admin.name.split()[-1][:12]} {path[-8:]}",
                        admin.board_index,
                    )
                )
            made += level_nodes
            parents = level_nodes
        return made

    def people(self) -> None:
        """Employees spread over the nodes below the administrations (more in the deeper ones); one manager per
        node from the administration down; board members, secretaries, controllers (each serving three boards),
        internal-control officers, council members and one administrator."""
        plan, rng = self.plan, self.rng
        hashed = make_password(self.password, salt=PASSWORD_SALT)
        users: list[User] = []
        grants: list[tuple[int, Role, int]] = []  # (user index, role, unit pk)
        working = [n for n in self.nodes if n.depth >= 3]
        weights = [n.depth - 2 for n in working]
        self.staff_by_node: dict[int, list[int]] = defaultdict(list)
        self.manager_of: dict[int, int] = {}

        def person(first: str, last: str, title: str) -> int:
            index = len(users)
            users.append(
                User(
                    username=f"p{index + 1:06d}",
                    first_name=first,
                    last_name=last,
                    title=title,
                    email=f"p{index + 1:06d}@skala.example.se",
                    password=hashed,
                    code=self.uuid(),
                    date_joined=self.moment,
                )
            )
            return index

        for node in working:  # every node from the administration down has a manager
            title = "Förvaltningschef" if node.kind == OrgUnit.Kind.ADMINISTRATION else "Chef"
            index = person(title, f"{node.name} (skala)", title)
            grants.append((index, Role.MANAGER, node.pk))
            self.manager_of[node.pk] = index
            self.staff_by_node[node.pk].append(index)
        placed = rng.choices(working, weights=weights, k=max(0, plan.employees - len(working)))
        for node in placed:
            title = rng.choice(JOB_TITLES)
            index = person(title, f"nr {len(users) + 1} (skala)", title)
            grants.append((index, Role.EMPLOYEE, node.pk))
            self.staff_by_node[node.pk].append(index)
        self.employee_count = len(users)
        for board in self.boards:
            for seat in range(1, 10):
                grants.append(
                    (
                        person("Ledamot", f"{board.short} {seat} (skala)", "Ledamot"),
                        Role.BOARD_MEMBER,
                        board.pk,
                    )
                )
            grants.append(
                (
                    person("Nämndsekreterare", f"{board.short} (skala)", "Nämndsekreterare"),
                    Role.SECRETARY,
                    board.pk,
                )
            )
            grants.append(
                (
                    person("Internkontrollansvarig", f"{board.short} (skala)", "Internkontrollansvarig"),
                    Role.IC_OFFICER,
                    board.pk,
                )
            )
        for start in range(0, len(self.boards), 3):  # a controller serves three boards
            index = person("Controller", f"{start // 3 + 1} (skala)", "Controller")
            for board in self.boards[start : start + 3]:
                grants.append((index, Role.CONTROLLER, board.pk))
        for seat in range(1, 62 if plan.boards >= 10 else 4):
            grants.append(
                (
                    person("Ledamot", f"kommunfullmäktige {seat} (skala)", "Ledamot"),
                    Role.COUNCIL,
                    self.root.pk,
                )
            )
        grants.append((person("Systemförvaltare", "(skala)", "Systemförvaltare"), Role.ADMIN, self.root.pk))
        for batch in batched(users):
            User.objects.bulk_create(batch)
        self.user_ids = [u.pk for u in users]
        rows = (
            RoleGrant(
                user_id=self.user_ids[i],
                permission_id=self.permissions[role],
                content_object_id=unit,
                granted_at=self.moment,
            )
            for i, role, unit in grants
        )
        for batch in batched(rows):
            RoleGrant.objects.bulk_create(batch)
        self.log(f"{len(users)} people ({self.employee_count} employees), {len(grants)} roles")

    def goals(self) -> None:
        plan, rng = self.plan, self.rng
        year = self.years[self.year_number]
        vision = Vision.objects.create(
            title="Staden där alla kan växa",
            valid_from=self.year_number - 3,
            valid_to=self.year_number + 5,
            code=self.uuid(),
        )
        directions = Direction.objects.bulk_create(
            [
                Direction(
                    vision=vision,
                    title=title,
                    valid_from=self.year_number - 1,
                    valid_to=self.year_number + 1,
                    position=i,
                    code=self.uuid(),
                )
                for i, title in enumerate(DIRECTION_TITLES)
            ]
        )
        goals = []
        for i in range(plan.goals):
            board = self.boards[i % len(self.boards)]
            goals.append(
                Goal(
                    board_id=board.pk,
                    year=year,
                    direction=directions[i % len(directions)],
                    title=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} ({board.short} {i // len(self.boards) + 1})",
                    position=i // len(self.boards),
                    status=Goal.Status.ADOPTED,
                    decision_date=datetime.date(self.year_number - 1, 11, 20),
                    decision_paragraph=f"§ {100 + i}",
                    target_year=self.year_number + 2,
                    created=self.moment,
                    code=self.uuid(),
                )
            )
        goals = Goal.objects.bulk_create(goals)
        self.goals_by_board: dict[int, list[int]] = defaultdict(list)
        for goal in goals:
            self.goals_by_board[goal.board_id].append(goal.pk)
        indicators = []
        for i in range(plan.indicators):
            name, unit = rng.choice(INDICATOR_NAMES)
            better = (
                Indicator.Better.LOWER
                if unit in ("dagar", "kr") or name.startswith("Sjuk")
                else (Indicator.Better.HIGHER)
            )
            indicators.append(
                Indicator(
                    goal=goals[i % len(goals)],
                    name=f"{name} {i + 1}",
                    unit=unit,
                    better=better,
                    baseline_value=Decimal(rng.randint(20, 80)),
                    baseline_year=self.year_number - 4,
                    tolerance=Decimal(5),
                    position=i // len(goals),
                    code=self.uuid(),
                )
            )
        indicators = Indicator.objects.bulk_create(indicators)
        targets, outcomes = [], []
        for indicator in indicators:
            base = float(indicator.baseline_value)
            for number, periods in self.periods.items():
                targets.append(
                    IndicatorTarget(
                        indicator=indicator,
                        year=number,
                        value=Decimal(round(base * 1.05, 2)).quantize(Decimal("0.01")),
                    )
                )
                for period in periods:
                    if not period.is_closed:
                        continue
                    value = Decimal(base * rng.uniform(0.85, 1.2)).quantize(Decimal("0.01"))
                    outcomes.append(
                        IndicatorOutcome(
                            indicator=indicator, period=period, value=value, entered_at=self.moment
                        )
                    )
        for batch in batched(targets):
            IndicatorTarget.objects.bulk_create(batch)
        for batch in batched(outcomes):
            IndicatorOutcome.objects.bulk_create(batch)
        verdicts = [v for v, _label in GoalAssessment.Verdict.choices]
        assessments = [
            GoalAssessment(goal=goal, period=period, verdict=rng.choice(verdicts), assessed_at=self.moment)
            for goal in goals
            for period in self.periods[self.year_number]
            if period.is_closed
        ]
        GoalAssessment.objects.bulk_create(assessments)
        self.log(f"{len(goals)} goals, {len(indicators)} indicators, {len(outcomes)} outcomes")

    def commitments(self) -> None:
        """Per year: unit commitments on every node below the administrations (more on the bigger ones), each
        contributing to one or two of its board's goals; employee commitments broken down from their unit's
        commitments; a status report per commitment and period (almost all in closed periods, about half in the
        open one), until a commitment is done or cancelled."""
        plan, rng = self.plan, self.rng
        holders = [n for n in self.nodes if n.depth >= 4]
        goal_link = Commitment.goals.through
        total_reports = total_commitments = 0
        first_year = self.year_number - self.years_of_commitments + 1
        for number in range(first_year, self.year_number + 1):
            year = self.years[number]
            periods = self.periods[number]
            starts, ends = datetime.date(number, 1, 1), datetime.date(number, 12, 31)
            # Every node holds at least one unit commitment; the rest go with the node's staff.
            sizes = [len(self.staff_by_node[n.pk]) for n in holders]
            placed = holders + rng.choices(
                holders, weights=sizes, k=max(0, plan.unit_commitments - len(holders))
            )
            placed.sort(key=lambda n: n.path)
            unit_rows = [
                Commitment(
                    unit_id=node.pk,
                    unit_path=node.path,
                    year=year,
                    title=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
                    description="Genom planerade insatser under året.",
                    responsible_id=self.user_ids[self.manager_of[node.pk]],
                    starts=starts,
                    ends=ends,
                    created=self.moment,
                    code=self.uuid(),
                )
                for node in placed
            ]
            by_node: dict[int, list[int]] = defaultdict(list)
            board_of = {n.pk: self.boards[n.board_index].pk for n in holders}
            for batch in batched(unit_rows):
                Commitment.objects.bulk_create(batch)
                links = []
                for c in batch:
                    by_node[c.unit_id].append(c.pk)
                    own_goals = self.goals_by_board[board_of[c.unit_id]]
                    if own_goals:
                        for goal_id in rng.sample(own_goals, min(len(own_goals), rng.choice((1, 1, 2)))):
                            links.append(goal_link(commitment_id=c.pk, goal_id=goal_id))
                goal_link.objects.bulk_create(links)
                total_reports += self._reports(batch, periods)
            # Employee commitments: on the nodes' staff (managers too), broken down from the node's commitments.
            staff_nodes = [n for n in holders if self.staff_by_node[n.pk]]
            weights = [len(self.staff_by_node[n.pk]) for n in staff_nodes]

            rows = self._employee_rows(year, staff_nodes, weights, by_node)
            for batch in batched(rows):
                Commitment.objects.bulk_create(batch)
                total_reports += self._reports(batch, periods)
            total_commitments += len(unit_rows) + plan.employee_commitments
            self.log(f"{number}: {len(unit_rows)} unit and {plan.employee_commitments} employee commitments")
        self.log(f"{total_commitments} commitments, {total_reports} status reports")

    def _employee_rows(
        self, year: Year, staff_nodes: list[Node], weights: list[int], by_node: dict[int, list[int]]
    ) -> Iterator[Commitment]:
        rng = self.rng
        starts, ends = datetime.date(year.year, 1, 1), datetime.date(year.year, 12, 31)
        for node in rng.choices(staff_nodes, weights=weights, k=self.plan.employee_commitments):
            yield Commitment(
                unit_id=node.pk,
                unit_path=node.path,
                year=year,
                parent_id=rng.choice(by_node[node.pk]),
                owner_id=self.user_ids[rng.choice(self.staff_by_node[node.pk])],
                title=f"Mitt bidrag: {rng.choice(VERBS).lower()} {rng.choice(OBJECTS)}",
                starts=starts,
                ends=ends,
                created=self.moment,
                code=self.uuid(),
            )

    def _reports(self, commitments: list[Commitment], periods: list[Period]) -> int:
        rng = self.rng
        rows = []
        for c in commitments:
            for period in periods:
                if rng.random() > (0.99 if period.is_closed else 0.5):
                    continue
                status = self.status(period)
                comment = (
                    "Resurserna räcker inte; åtgärder planeras."
                    if status in (Status.AT_RISK, Status.DELAYED)
                    else ""
                )
                reporter = c.owner_id or c.responsible_id
                rows.append(
                    StatusReport(
                        commitment_id=c.pk,
                        period=period,
                        status=status,
                        comment=comment,
                        reported_by_id=reporter,
                        reported_at=timezone.make_aware(
                            datetime.datetime.combine(period.deadline, datetime.time(9))
                        )
                        - datetime.timedelta(days=rng.randint(1, 20)),
                        code=self.uuid(),
                    )
                )
                if status in (Status.DONE, Status.CANCELLED):
                    break
        for batch in batched(rows):
            StatusReport.objects.bulk_create(batch)
        return len(rows)

    def internal_control(self) -> None:
        plan, rng = self.plan, self.rng
        matrix = RiskMatrix.objects.current()
        year = self.years[self.year_number]
        plans = ControlPlan.objects.bulk_create(
            [
                ControlPlan(
                    board_id=b.pk,
                    year=year,
                    matrix=matrix,
                    status=ControlPlan.Status.ADOPTED,
                    decision_date=datetime.date(self.year_number, 2, 15),
                    created=self.moment,
                    code=self.uuid(),
                )
                for b in self.boards
            ]
        )
        processes = Process.objects.bulk_create(
            [
                Process(plan=p, name=name, owner="Förvaltningschef", code=self.uuid())
                for p in plans
                for name in ("Ekonomiprocessen", "Upphandling", "Myndighetsutövning")
            ]
        )
        by_plan: dict[int, list[Process]] = defaultdict(list)
        for process in processes:
            by_plan[process.plan_id].append(process)
        categories = [c for c, _label in Risk.Category.choices]
        risks = []
        for i in range(plan.risks):
            control_plan = plans[i % len(plans)]
            likelihood, consequence = rng.randint(1, 4), rng.randint(1, 4)
            goal_ids = self.goals_by_board[control_plan.board_id]
            risks.append(
                Risk(
                    plan=control_plan,
                    process=rng.choice(by_plan[control_plan.pk]),
                    description=f"Risk att {rng.choice(OBJECTS)} inte hanteras enligt plan ({i + 1})",
                    category=rng.choice(categories),
                    likelihood=likelihood,
                    consequence=consequence,
                    score=likelihood * consequence,
                    owner="Avdelningschef",
                    goal_id=rng.choice(goal_ids) if goal_ids and rng.random() < 0.3 else None,
                    code=self.uuid(),
                )
            )
        risks = Risk.objects.bulk_create(risks)
        board_staff = {
            b.pk: self.user_ids[self.manager_of[self.administrations[i].pk]]
            for i, b in enumerate(self.boards)
        }
        board_of_plan = {p.pk: p.board_id for p in plans}
        frequencies = [f for f, _label in Frequency.choices]
        Control.objects.bulk_create(
            [
                Control(
                    risk=risk,
                    what=f"Stickprov {i + 1}",
                    method="Stickprovskontroll av underlag.",
                    frequency=rng.choice(frequencies),
                    owner_id=board_staff[board_of_plan[risk.plan_id]],
                    report_to="Nämnden",
                    code=self.uuid(),
                )
                for i, risk in enumerate(risks)
            ]
        )
        self.log(f"{len(plans)} control plans, {len(risks)} risks")

    def counts(self) -> dict[str, int]:
        return {
            "boards": OrgUnit.objects.boards().count(),
            "nodes": OrgUnit.objects.count(),
            "people": User.objects.count(),
            "employees": self.employee_count,
            "role grants": RoleGrant.objects.count(),
            "goals": Goal.objects.count(),
            "indicators": Indicator.objects.count(),
            "outcomes": IndicatorOutcome.objects.count(),
            "unit commitments": Commitment.objects.of_units().count(),
            "employee commitments": Commitment.objects.of_employees().count(),
            "status reports": StatusReport.objects.count(),
            "control plans": ControlPlan.objects.count(),
            "risks": Risk.objects.count(),
        }


class Command(BaseCommand):
    help = "Generate a large deterministic municipality (Göteborg-sized at --scale 1) into an empty database."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1 = Göteborg-sized; 0.01 for quick runs."
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--year", type=int, default=None, help="The current year (default: this year).")
        parser.add_argument(
            "--years-of-commitments",
            type=int,
            default=2,
            help="Years with commitments and status reports, ending with the current year.",
        )
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help="The password of every generated person."
        )

    def handle(self, *args, **options) -> None:
        if OrgUnit.objects.exists():
            raise CommandError("The database already has an organisation; generate into an empty database.")
        generator = Generator(
            scale=options["scale"],
            seed=options["seed"],
            year=options["year"] or timezone.localdate().year,
            out=self.stdout,
            years_of_commitments=options["years_of_commitments"],
            password=options["password"],
        )
        with transaction.atomic():
            counts = generator.run()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # VACUUM as well: the visibility map lets counts be answered from indexes alone, as in a database
            # that autovacuum has visited; benchmarks on a freshly loaded database would measure the load instead.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        for key, value in counts.items():
            self.stdout.write(f"{key:>22}: {value}")
        self.stdout.write(
            self.style.SUCCESS(f"Municipality generated in {time.monotonic() - generator.started:.0f} s.")
        )
