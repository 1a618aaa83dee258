"""1. The municipality roll-up: status counts per node including its descendants, and the goal tree with its
lights, as pages (server time through the whole stack) against the bare SQL computing the same numbers."""

from __future__ import annotations

from django.db import connection
from django.urls import reverse

from commitments.models import Commitment, StatusReport
from goals.models import Goal, Indicator, IndicatorOutcome, IndicatorTarget
from styrmodell.models import OrgUnit, Period

from .common import Context, Result, bench_urls, client_for, count_queries, get_ok, median_ms, system_admin


def rollup_sql(root: OrgUnit, period: Period) -> list[tuple]:
    """Per node of root's subtree and status: the unit commitments of the node and everything below it. A
    commitment finished in an earlier period of the year keeps that status; one without a report is unreported."""
    # Table names come from the models; every value is a parameter.
    sql = f"""
        WITH RECURSIVE levels(k) AS (
            SELECT 1 UNION ALL SELECT k + 1 FROM levels WHERE k < 40
        ), c AS (
            SELECT u.path,
                   COALESCE(
                       (SELECT r.status FROM {StatusReport._meta.db_table} r
                         WHERE r.commitment_id = c.id AND r.period_id = %(period)s),
                       (SELECT r.status FROM {StatusReport._meta.db_table} r
                          JOIN {Period._meta.db_table} p ON p.id = r.period_id
                         WHERE r.commitment_id = c.id AND p.year_id = %(year)s AND p.starts < %(starts)s
                           AND r.status IN ('done', 'cancelled')
                         ORDER BY p.starts DESC LIMIT 1),
                       'unreported') AS status
              FROM {Commitment._meta.db_table} c
              JOIN {OrgUnit._meta.db_table} u ON u.id = c.unit_id
             WHERE c.year_id = %(year)s AND c.owner_id IS NULL AND u.path LIKE %(prefix)s
        ), leaf AS (
            SELECT path, status, count(*) AS n FROM c GROUP BY path, status
        )
        SELECT substr(leaf.path, 1, k * 4) AS node, status, sum(n)
          FROM leaf JOIN levels ON k BETWEEN %(root_depth)s AND length(leaf.path) / 4
         GROUP BY node, status
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "period": period.pk,
                "year": period.year_id,
                "starts": period.starts,
                "prefix": root.path + "%",
                "root_depth": root.depth,
            },
        )
        return cursor.fetchall()


def lights_sql(period: Period) -> list[tuple]:
    """Per indicator of the year's goals: its light for the period (green / yellow / red / none)."""
    # Table names come from the models; every value is a parameter.
    sql = f"""
        SELECT i.id,
               CASE WHEN o.value IS NULL OR t.value IS NULL THEN 'none'
                    WHEN (i.better = 'higher' AND o.value >= t.value)
                      OR (i.better = 'lower' AND o.value <= t.value) THEN 'green'
                    WHEN abs(o.value - t.value) <= i.tolerance THEN 'yellow'
                    ELSE 'red' END
          FROM {Indicator._meta.db_table} i
          JOIN {Goal._meta.db_table} g ON g.id = i.goal_id
          LEFT JOIN {IndicatorOutcome._meta.db_table} o ON o.indicator_id = i.id AND o.period_id = %(period)s
          LEFT JOIN {IndicatorTarget._meta.db_table} t ON t.indicator_id = i.id AND t.year = %(year)s
         WHERE g.year_id = %(year_id)s
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, {"period": period.pk, "year": period.year.year, "year_id": period.year_id})
        return cursor.fetchall()


def run(ctx: Context) -> list[Result]:
    root = OrgUnit.objects.get(depth=1)
    admin = system_admin()
    client = client_for(admin)
    with bench_urls():
        rollup_url = reverse("commitments:rollup", kwargs={"code": root.code})
        tree_url = reverse("goals:goal-tree")
        rollup_page = get_ok(client, rollup_url)
        period = Period.current()
        tree_page = get_ok(client, tree_url)
        # The goal tree shows, by default, the latest period whose deadline has passed.
        tree_period = (
            Period.objects.filter(year=period.year, is_closed=True).order_by("-starts").first() or period
        )
        results = [
            Result(
                "1a roll-up page, whole municipality (GET)",
                median_ms(rollup_page, ctx.repeat),
                median_ms(lambda: rollup_sql(root, period), ctx.repeat),
                target=1.5,
                notes=[
                    f"{count_queries(rollup_page)} queries; {len(rollup_sql(root, period))} node×status rows"
                ],
            ),
            Result(
                "1b goal tree with lights (GET)",
                median_ms(tree_page, ctx.repeat),
                median_ms(lambda: lights_sql(tree_period), ctx.repeat),
                target=1.5,
                notes=[f"{count_queries(tree_page)} queries; {len(lights_sql(tree_period))} indicators"],
            ),
        ]
    return results
