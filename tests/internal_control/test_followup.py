from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from internal_control import services
from internal_control.models import Band, ControlResult, Frequency, RiskMatrix
from styrmodell.models import OrgUnit

from .conftest import make_action, make_control, make_plan, make_process, make_result, make_risk

SEPT = datetime.date(2026, 9, 15)


def test_it_counts_risks_per_cell_and_band_in_the_heat_map(world):
    plan = make_plan(world.units["bun"], world.year)
    for lk, cq in [(4, 4), (4, 4), (1, 1), (2, 3)]:
        make_risk(plan, likelihood=lk, consequence=cq)
    heat = services.heat_map(plan.matrix, plan.risks.all())
    assert [row.likelihood for row in heat.rows] == [4, 3, 2, 1]
    top_right = heat.rows[0].cells[-1]
    assert (top_right.count, top_right.band, top_right.score) == (2, Band.VERY_HIGH, 16)
    assert {band: n for band, _lo, _hi, n in heat.band_counts} == {
        Band.LOW: 1,
        Band.MEDIUM: 1,
        Band.HIGH: 0,
        Band.VERY_HIGH: 2,
    }
    assert heat.total == 4


def test_it_ranks_risks_by_score_on_the_plan_page(world, client):
    plan = make_plan(world.units["bun"], world.year)
    make_risk(plan, likelihood=1, consequence=2, description="Låg risk")
    make_risk(plan, likelihood=4, consequence=3, description="Hög risk")
    client.force_login(world.users["employee"])
    body = client.get(reverse("internal_control:plan-detail", args=[plan.code])).content.decode()
    assert body.index("Hög risk") < body.index("Låg risk")
    assert 'class="heat-map"' in body


def test_it_follows_up_due_missing_and_deviating_controls(world):
    plan = make_plan(world.units["bun"], world.year, adopted=True)
    risk = make_risk(plan)
    tertial = make_control(risk, world.users["manager"], Frequency.TERTIAL)
    yearly = make_control(risk, world.users["manager"], Frequency.YEARLY, what="Årlig kontroll")
    deviation = make_result(tertial, 1, ControlResult.Outcome.DEVIATION)
    overdue = make_action(deviation, due_date=datetime.date(2026, 6, 30))
    make_action(deviation, due_date=datetime.date(2026, 12, 31), description="Senare")
    followup = services.follow_up(plan, SEPT)
    assert followup.planned == 4
    assert followup.due == 2  # tertial 1 and 2 have ended; the yearly control has not
    assert followup.reported == 1
    assert [(c.pk, o.number) for c, o in followup.missing] == [(tertial.pk, 2)]
    assert followup.deviations == [deviation]
    assert len(followup.open_actions) == 2
    assert followup.overdue_actions == [overdue]
    assert yearly.pk in [c.control.pk for c in followup.controls]


def _statuses(world):
    boards = OrgUnit.objects.boards()
    return {s.board.short_name: s for s in services.compile_year(boards, world.year, SEPT)}


def test_it_gives_every_board_a_traffic_light_with_reasons(world):
    bun = make_plan(world.units["bun"], world.year, adopted=True)
    control = make_control(
        make_risk(bun, likelihood=4, consequence=4), world.users["manager"], Frequency.YEARLY
    )
    statuses = _statuses(world)
    assert statuses["BUN"].light == "green"
    assert statuses["BUN"].light_label == "Inga anmärkningar"
    assert statuses["BUN"].risks_by_band[-1] == (Band.VERY_HIGH, 1)
    assert statuses["SN"].light == "none"

    result = make_result(control, 1, ControlResult.Outcome.DEVIATION)
    assert _statuses(world)["BUN"].light == "red"  # a deviation without an action
    action = make_action(result, due_date=datetime.date(2026, 12, 1))
    status = _statuses(world)["BUN"]
    assert (status.light, status.deviations, status.open_actions) == ("yellow", 1, 1)
    action.due_date = datetime.date(2026, 9, 1)
    action.save(update_fields=["due_date"])
    status = _statuses(world)["BUN"]
    assert (status.light, status.overdue_actions) == ("red", 1)
    assert status.reasons == ["1 försenad åtgärd."]


def test_it_marks_a_draft_plan_red(world):
    make_plan(world.units["sn"], world.year)
    assert _statuses(world)["SN"].light == "red"


def test_it_shows_missing_reports_as_yellow(world):
    plan = make_plan(world.units["bun"], world.year, adopted=True)
    make_control(make_risk(plan), world.users["manager"], Frequency.TERTIAL)
    status = _statuses(world)["BUN"]
    assert (status.due, status.reported_due, status.light) == (2, 0, "yellow")


def _fill(plan, owner, n):
    process = make_process(plan, f"Process {n}")
    for i in range(n):
        risk = make_risk(
            plan, process, likelihood=1 + i % 4, consequence=1 + (i // 4) % 4, description=f"Risk {i}"
        )
        control = make_control(risk, owner, Frequency.TERTIAL)
        result = make_result(control, 1, ControlResult.Outcome.DEVIATION)
        make_action(result)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("view", ["plan-detail", "plan-followup", "plan-export", "compilation"])
def test_it_renders_in_the_same_number_of_queries_for_5_and_50_risks(world, client, view):
    RiskMatrix.objects.current()
    small = make_plan(world.units["bun"], world.year, adopted=True)
    _fill(small, world.users["manager"], 5)
    client.force_login(world.users["council"])

    def url(plan):
        if view == "compilation":
            return reverse("internal_control:compilation", args=[2026])
        return reverse(f"internal_control:{view}", args=[plan.code])

    _queries(client, url(small))  # warm up (session, content types)
    few = _queries(client, url(small))
    large = make_plan(world.units["sn"], world.year, adopted=True)
    _fill(large, world.users["manager"], 50)
    many = _queries(client, url(large))
    assert few == many
    assert many <= 16


def test_it_compiles_every_board_for_the_oversight_roles_only(world, client):
    make_plan(world.units["bun"], world.year, adopted=True)
    make_plan(world.units["sn"], world.year, adopted=True)
    client.force_login(world.users["council"])
    body = client.get(reverse("internal_control:compilation", args=[2026])).content.decode()
    assert "Barn- och utbildningsnämnden" in body and "Socialnämnden" in body
    client.force_login(world.users["manager"])
    body = client.get(reverse("internal_control:compilation", args=[2026])).content.decode()
    assert "Barn- och utbildningsnämnden" in body and "Socialnämnden" not in body


def test_it_lets_the_executive_board_read_every_plan(world, client):
    from styrmodell.models import Role
    from tests.conftest import grant, make_user

    kf = world.unit("kf")
    ks = OrgUnit.objects.create_child(kf, name="Kommunstyrelsen", short_name="KS", kind=OrgUnit.Kind.BOARD)
    ks_member = make_user("ks_member")
    grant(ks_member, Role.BOARD_MEMBER, ks)
    plan = make_plan(world.units["bun"], world.year)
    client.force_login(ks_member)
    assert client.get(reverse("internal_control:plan-detail", args=[plan.code])).status_code == 200
    assert client.post(reverse("internal_control:process-create", args=[plan.code]), {}).status_code == 403
    body = client.get(reverse("internal_control:compilation", args=[2026])).content.decode()
    assert "Socialnämnden" in body


def test_it_answers_404_for_a_year_that_does_not_exist(world, client):
    client.force_login(world.users["council"])
    assert client.get(reverse("internal_control:compilation", args=[1999])).status_code == 404
