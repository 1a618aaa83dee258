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
    commitment finished in an earlier period of the year keeps that status; one without a report is unreported.

    Set-based, the least SQL that gives the numbers: the period's report and the latest earlier finished report
    joined (hash joins, no subquery per row), grouped by unit path and status, then folded up the tree by the
    levels of each path. Portable (window function and recursive CTE), so the tests run it on SQLite too."""
    # Table names come from the models; every value is a parameter.
    sql = f"""
        WITH RECURSIVE levels(k) AS (
            SELECT 1 UNION ALL SELECT k + 1 FROM levels WHERE k < 40
        ), earlier AS (
            SELECT r.commitment_id, r.status,
                   row_number() OVER (PARTITION BY r.commitment_id ORDER BY p.ends DESC) AS nth
              FROM {StatusReport._meta.db_table} r
              JOIN {Period._meta.db_table} p ON p.id = r.period_id
             WHERE p.year_id = %(year)s AND p.ends < %(ends)s AND r.status IN ('done', 'cancelled')
        ), leaf AS (
            SELECT c.unit_path AS path, COALESCE(now.status, e.status, 'unreported') AS status, count(*) AS n
              FROM {Commitment._meta.db_table} c
              LEFT JOIN {StatusReport._meta.db_table} now
                     ON now.commitment_id = c.id AND now.period_id = %(period)s
              LEFT JOIN earlier e ON e.commitment_id = c.id AND e.nth = 1
             WHERE c.year_id = %(year)s AND c.owner_id IS NULL AND c.unit_path LIKE %(prefix)s
             GROUP BY 1, 2
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
                "ends": period.ends,
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
            Period.objects.filter(year=period.year, is_closed=True).order_by("-ends").first() or period
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
