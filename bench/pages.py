"""2. "Mina åtaganden" and the manager's unit view for a manager high in the tree (the head of the largest
board's administration) against a minimal view through the same middleware."""

from __future__ import annotations

from django.urls import reverse

from commitments import rules as commitments_rules
from styrmodell.models import OrgUnit, Period, Role

from .common import (
    Context,
    Result,
    bench_urls,
    client_for,
    count_queries,
    get_ok,
    holders,
    largest_board,
    median_ms,
)


def department_head(administration: OrgUnit):
    """The head of the administration's largest department: high in the tree, and with commitments of their own
    (the generator puts unit commitments from the departments down)."""
    departments = OrgUnit.objects.filter(path__startswith=administration.path, depth=administration.depth + 1)
    largest = max(departments, key=lambda d: OrgUnit.objects.filter(path__startswith=d.path).count())
    return holders(Role.MANAGER, pk=largest.pk)[0].user, largest


def high_manager():
    board = largest_board()
    administration = OrgUnit.objects.get(path__startswith=board.path, depth=board.depth + 1)
    grant = holders(Role.MANAGER, pk=administration.pk)[0]
    return grant.user, administration


def _unit_page(client, user, unit: OrgUnit, label: str, ctx: Context, floor_ms: float) -> Result:
    page = get_ok(client, reverse("commitments:unit-commitments", kwargs={"code": unit.code}))
    period = Period.current()
    visible = commitments_rules.commitments_visible_to(user).filter(unit__path__startswith=unit.path)
    rows = visible.filter(year_id=period.year_id).count() if period else 0
    return Result(
        label,
        median_ms(page, ctx.repeat),
        floor_ms,
        notes=[
            f"{count_queries(page)} queries; {rows} commitments of the year in the subtree, counted by status,"
            " the first 50 on the page"
        ],
    )


def run(ctx: Context) -> list[Result]:
    chief, administration = high_manager()
    head, department = department_head(administration)
    results = []
    with bench_urls():
        for user, label, unit in [
            (head, "department head", department),
            (chief, "head of the largest administration", administration),
        ]:
            client = client_for(user)
            floor = get_ok(client, reverse("bench-floor-read"))
            floor_ms = median_ms(floor, ctx.repeat)
            mine = get_ok(client, reverse("commitments:commitment-mine"))
            results.append(
                Result(
                    f"2a Mina åtaganden, {label}",
                    median_ms(mine, ctx.repeat),
                    floor_ms,
                    notes=[f"{count_queries(mine)} queries (floor {count_queries(floor)})"],
                )
            )
            results.append(
                _unit_page(client, user, unit, f"2b unit view, {label} (whole subtree)", ctx, floor_ms)
            )
    return results
