"""Roll-ups count by status including descendants; the roll-up, "Mina åtaganden", the unit view and the goal
section run in a number of queries that does not grow with the tree or the number of commitments."""

from __future__ import annotations

import itertools

from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments import services
from commitments.models import UNREPORTED, Status
from tests.conftest import make_tree

from .conftest import make_commitment, make_employee_commitment, make_report

STATUSES = itertools.cycle([Status.ON_TRACK, Status.AT_RISK, Status.DELAYED, Status.DONE, None])


def _grow(world, units: int, commitments: int) -> None:
    """Add a subtree below Skola A and commitments spread over it, most with a report in T2."""
    made = make_tree(world.unit("school_a"), breadth=units, depth=2) if units else []
    targets = made or [world.unit("school_a")]
    for i in range(commitments):
        unit = targets[i % len(targets)]
        c = make_commitment(
            unit, world.year, f"Åtagande {i}", responsible=world.users["manager"], goals=[world.goal]
        )
        make_employee_commitment(c, world.users["employee"], f"Del {i}")
        status = next(STATUSES)
        if status:
            make_report(c, world.periods["t2"], status, comment="x")


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_it_counts_each_node_with_everything_below_it(cworld):
    t1, t2 = cworld.periods["t1"], cworld.periods["t2"]
    team = cworld.unit("team_a1")
    team_c = make_commitment(team, cworld.year, "Lagets åtagande")
    make_report(team_c, t2, Status.DELAYED, comment="Sjukdom")
    make_report(cworld.unit_c, t1, Status.DONE)  # finished in T1: still counted as done in T2
    make_report(cworld.personal, t2, Status.AT_RISK, comment="personligt")  # never in the roll-up
    rows = {row.unit.name: row for row in services.rollup(cworld.unit("bun"), t2)}
    assert rows["Lag A1"].counts[Status.DELAYED] == 1 and rows["Lag A1"].total == 1
    assert rows["Skola A"].counts[Status.DONE] == 1 and rows["Skola A"].counts[Status.DELAYED] == 1
    assert rows["Skola A"].total == 2
    assert rows["Skola B"].counts[UNREPORTED] == 1
    bun = rows["Barn- och utbildningsnämnden"]
    assert (bun.counts[Status.DONE], bun.counts[Status.DELAYED], bun.counts[UNREPORTED], bun.total) == (
        1,
        1,
        1,
        3,
    )
    assert bun.counts[Status.AT_RISK] == 0
    assert services.status_counts(cworld.unit("bun"), t2) == bun.counts


def test_it_lists_the_boards_deviations_without_employee_commitments(cworld):
    t2 = cworld.periods["t2"]
    make_report(cworld.unit_c, t2, Status.AT_RISK, comment="Lokaler")
    make_report(cworld.other_c, t2, Status.ON_TRACK)
    make_report(cworld.personal, t2, Status.DELAYED, comment="personligt")
    found = services.deviations(cworld.unit("bun"), t2)
    assert [r.commitment for r in found] == [cworld.unit_c]
    assert services.deviations(cworld.unit("sn"), t2) == []


def test_it_shows_the_rollup_page(client, cworld):
    make_report(cworld.unit_c, cworld.periods["t2"], Status.AT_RISK, comment="Lokaler")
    client.force_login(cworld.users["board_member"])
    response = client.get(
        reverse("commitments:rollup", args=[cworld.units["bun"].code])
        + f"?period={cworld.periods['t2'].code}"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Skola A" in body and "I riskzonen" in body


def test_it_runs_the_rollup_in_constant_queries(client, cworld):
    client.force_login(cworld.users["council"])
    url = (
        reverse("commitments:rollup", args=[cworld.units["kf"].code]) + f"?period={cworld.periods['t2'].code}"
    )
    small = _count(client, url)
    _grow(cworld, units=3, commitments=50)
    assert _count(client, url) == small


def test_it_runs_my_commitments_in_constant_queries(client, cworld):
    client.force_login(cworld.users["manager"])
    url = reverse("commitments:commitment-mine") + f"?period={cworld.periods['t2'].code}"
    small = _count(client, url)
    _grow(cworld, units=0, commitments=5)
    five = _count(client, url)
    _grow(cworld, units=3, commitments=50)
    response = client.get(url)
    assert "Åtagande 49" in response.content.decode()
    assert _count(client, url) == five == small


def test_it_runs_the_unit_view_in_constant_queries(client, cworld):
    client.force_login(cworld.users["manager"])
    url = reverse("commitments:unit-commitments", args=[cworld.units["school_a"].code])
    url += f"?period={cworld.periods['t2'].code}"
    _grow(cworld, units=0, commitments=5)
    five = _count(client, url)
    before = client.get(url).context["total"]
    _grow(cworld, units=3, commitments=50)
    # 50 more unit commitments and their 50 employee parts, counted and paged.
    assert client.get(url).context["total"] == before + 100
    assert _count(client, url) == five


def test_it_runs_the_goal_section_in_constant_queries(cworld):
    request = RequestFactory().get("/")
    request.user = cworld.users["manager"]
    template = Template('{% include "commitments/partials/goal_section.html" %}')

    def render() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            html = template.render(Context({"goal": cworld.goal, "request": request}))
        return len(ctx.captured_queries), html

    render()  # the first render reads the user's grants, which are then cached on the user
    small, html = render()
    assert (
        "Läsfrämjande insatser" in html and "Skola B:s åtagande" not in html
    )  # a sibling unit is out of line
    _grow(cworld, units=2, commitments=20)
    large, html = render()
    assert large == small
    assert "Åtagande 19" in html


def test_it_pages_the_unit_view_and_counts_the_whole_subtree(client, cworld):
    """60 unit commitments and their 60 employee parts below Skola A: the distribution counts all of them, the
    list shows 50 at a time, and the unreported list shows its first 50 with a way to all of them."""
    client.force_login(cworld.users["manager"])
    url = reverse("commitments:unit-commitments", args=[cworld.units["school_a"].code])
    url += f"?period={cworld.periods['t2'].pk}"
    _grow(cworld, units=0, commitments=60)
    response = client.get(url)
    body = response.content.decode()
    distribution = {key: count for key, _label, count in response.context["distribution"]}
    total = response.context["total"]
    # Every 5th grown commitment has no report, and no employee part has one: plus the world's own commitments.
    assert distribution[UNREPORTED] == response.context["missing_total"] > 60
    assert distribution[Status.ON_TRACK] == 12 and total > 120
    assert len(response.context["rows"]) == 50
    assert len(response.context["missing"]) == 50
    assert f"Visar 1–50 av {total}" in body and "Nästa sida" in body and "Föregående sida" not in body
    assert "Visa alla åtaganden utan rapport" in body

    last = client.get(url + f"&sida={response.context['pager'].num_pages}")
    assert len(last.context["rows"]) == total - 50 * (last.context["pager"].num_pages - 1)
    assert "Föregående sida" in last.content.decode()
    # A page past the end shows the last page rather than an error.
    assert client.get(url + "&sida=999").context["pager"].number == last.context["pager"].number

    delayed = client.get(url + "&status=delayed")
    assert {row.status_key for row in delayed.context["rows"]} == {Status.DELAYED}
    assert len(delayed.context["rows"]) == distribution[Status.DELAYED] == 12
