"""2. "Mina åtaganden" and the manager's unit view for a manager high in the tree (the head of the largest
board's administration) against a minimal view through the same middleware."""

from __future__ import annotations

from django.urls import reverse

from styrmodell import access
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


def high_manager():
    board = largest_board()
    administration = OrgUnit.objects.get(path__startswith=board.path, depth=board.depth + 1)
    grant = holders(Role.MANAGER, pk=administration.pk)[0]
    return grant.user, administration


def run(ctx: Context) -> list[Result]:
    manager, administration = high_manager()
    client = client_for(manager)
    with bench_urls():
        floor = get_ok(client, reverse("bench-floor-read"))
        floor_ms = median_ms(floor, ctx.repeat)
        mine = get_ok(client, reverse("commitments:commitment-mine"))
        unit = get_ok(client, reverse("commitments:unit-commitments", kwargs={"code": administration.code}))
        visible = access.commitments_visible_to(manager).filter(unit__path__startswith=administration.path)
        period = Period.current()
        rows = visible.filter(year_id=period.year_id).count() if period else 0
        return [
            Result(
                "2a Mina åtaganden, head of the largest administration",
                median_ms(mine, ctx.repeat),
                floor_ms,
                notes=[f"{count_queries(mine)} queries (floor {count_queries(floor)})"],
            ),
            Result(
                "2b unit view of that administration (whole subtree)",
                median_ms(unit, ctx.repeat),
                floor_ms,
                notes=[f"{count_queries(unit)} queries; {rows} commitments of the year on the page"],
            ),
        ]
