"""The generator at a tiny scale: a consistent municipality, proportional to the plan, deterministic."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from bench.management.commands.generate_municipality import Plan
from commitments.models import Commitment, StatusReport
from goals.models import Goal, Indicator, IndicatorOutcome
from internal_control.models import ControlPlan, Risk
from styrmodell.models import OrgUnit, Role, RoleGrant, User

SCALE = 0.004
pytestmark = pytest.mark.django_db


def generate(seed: int = 11) -> str:
    out = io.StringIO()
    call_command(
        "generate_municipality", scale=SCALE, seed=seed, year=2026, years_of_commitments=1, stdout=out
    )
    return out.getvalue()


def fingerprint() -> str:
    """Everything that identifies the generated data, ids left out (sequences differ between runs)."""
    parts = [
        list(
            OrgUnit.objects.order_by("path").values_list("path", "depth", "numchild", "name", "kind", "code")
        ),
        list(User.objects.order_by("username").values_list("username", "last_name", "code", "password")),
        sorted(
            RoleGrant.objects.values_list("user__username", "permission__codename", "content_object__path")
        ),
        list(Goal.objects.order_by("code").values_list("code", "title", "board__path")),
        list(Indicator.objects.order_by("code").values_list("code", "goal__code", "baseline_value")),
        list(
            Commitment.objects.order_by("code").values_list(
                "code", "unit__path", "owner__username", "parent__code"
            )
        ),
        list(
            StatusReport.objects.order_by("code").values_list(
                "code", "commitment__code", "period__kind", "status"
            )
        ),
        list(Risk.objects.order_by("code").values_list("code", "plan__board__path", "score")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def test_it_generates_the_planned_counts():
    generate()
    plan = Plan.for_scale(SCALE)
    assert OrgUnit.objects.boards().count() == plan.boards
    assert OrgUnit.objects.count() == plan.nodes
    assert (
        RoleGrant.objects.filter(permission__codename=Role.EMPLOYEE.codename).count()
        + RoleGrant.objects.filter(permission__codename=Role.MANAGER.codename).count()
        == plan.employees
    )
    assert Goal.objects.count() == plan.goals
    assert Indicator.objects.count() == plan.indicators
    assert Commitment.objects.of_units().count() == plan.unit_commitments
    assert Commitment.objects.of_employees().count() == plan.employee_commitments
    assert ControlPlan.objects.count() == plan.boards
    assert Risk.objects.count() == plan.risks
    # Closed periods are almost fully reported, the open one about half: between 1.5 and 3 reports a commitment.
    commitments = Commitment.objects.count()
    assert 1.5 * commitments < StatusReport.objects.count() < 3 * commitments
    # Four years of outcomes: every closed period of every year has one per indicator.
    assert IndicatorOutcome.objects.count() == plan.indicators * 11


def test_it_scales_the_counts_in_proportion():
    small, large = Plan.for_scale(0.1), Plan.for_scale(1)
    assert large.employees == 10 * small.employees == 60_000
    assert large.employee_commitments == 10 * small.employee_commitments == 120_000
    assert large.unit_commitments == 10 * small.unit_commitments == 15_000
    assert (large.boards, large.nodes, large.goals, large.indicators, large.risks) == (
        30,
        3500,
        300,
        1000,
        600,
    )


def test_it_builds_a_valid_tree_five_to_seven_levels_deep():
    generate()
    nodes = list(OrgUnit.objects.order_by("path"))
    by_path = {n.path: n for n in nodes}
    assert [n.kind for n in nodes if n.depth == 1] == [OrgUnit.Kind.COUNCIL]
    for node in nodes:
        assert len(node.path) == node.depth * OrgUnit.steplen
        children = [n for n in nodes if n.depth == node.depth + 1 and n.path.startswith(node.path)]
        assert node.numchild == len(children), node.name
        if node.depth > 1:
            assert node.path[: -OrgUnit.steplen] in by_path
    for board in OrgUnit.objects.boards():
        deepest = max(n.depth for n in nodes if n.path.startswith(board.path))
        assert 5 <= deepest <= 7
        assert OrgUnit.objects.get_children(board).get().kind == OrgUnit.Kind.ADMINISTRATION
    # treebeard agrees with the paths written directly: its own API walks the same tree.
    root = OrgUnit.objects.get_first_root_node()
    assert OrgUnit.objects.get_descendant_count(root) == len(nodes) - 1
    OrgUnit.objects.create_child(root, name="Ny nämnd", kind=OrgUnit.Kind.BOARD)  # the next free path works


def test_it_puts_every_commitment_under_its_goals_board_and_employees_under_their_unit_commitment():
    generate()
    for commitment in Commitment.objects.select_related("unit", "parent__unit").prefetch_related(
        "goals__board"
    ):
        board = commitment.unit.board()
        assert all(goal.board_id == board.pk for goal in commitment.goals.all())
        if commitment.owner_id:
            assert commitment.parent.unit_id == commitment.unit_id
            assert commitment.parent.owner_id is None
    # Every manager's role is on a node with commitments or above one; every employee is on a node.
    manager_nodes = set(
        RoleGrant.objects.filter(permission__codename=Role.MANAGER.codename).values_list(
            "content_object", flat=True
        )
    )
    assert set(Commitment.objects.values_list("unit", flat=True)) <= manager_nodes


def test_it_is_deterministic_for_a_seed():
    prints = []
    for seed in (11, 11, 12):
        with transaction.atomic():
            generate(seed)
            prints.append(fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    assert prints[0] != prints[2]


def test_it_refuses_a_database_with_an_organisation():
    OrgUnit.objects.create_root(name="Kommunfullmäktige", kind=OrgUnit.Kind.COUNCIL)
    with pytest.raises(CommandError):
        generate()
