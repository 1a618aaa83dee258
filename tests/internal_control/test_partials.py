"""The partials other apps include: risks on a goal's page, and a board's results in its reports."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import RequestFactory

from internal_control.models import ControlResult
from tests.goals.conftest import make_direction, make_goal, make_vision

from .conftest import make_action, make_control, make_plan, make_result, make_risk


def _goal(world):
    direction = make_direction(make_vision())
    return make_goal(world.units["bun"], world.year, direction, title="Alla elever ska nå målen")


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_it_shows_the_risks_that_threaten_a_goal(world):
    goal = _goal(world)
    plan = make_plan(world.units["bun"], world.year)
    make_risk(plan, description="Brist på behöriga lärare", goal=goal)
    make_risk(plan, description="Annan risk")
    html = render_to_string(
        "internal_control/partials/goal_section.html",
        {"goal": goal, "request": _request(world.users["employee"])},
    )
    assert "Brist på behöriga lärare" in html
    assert "Annan risk" not in html


def test_it_hides_the_risks_from_those_outside_the_board(world):
    goal = _goal(world)
    make_risk(make_plan(world.units["bun"], world.year), description="Brist på behöriga lärare", goal=goal)
    html = render_to_string(
        "internal_control/partials/goal_section.html",
        {"goal": goal, "request": _request(world.users["outsider"])},
    )
    assert "Brist på behöriga lärare" not in html


def test_it_offers_only_the_boards_goals_of_the_year_on_a_risk(world, client):
    goal = _goal(world)
    other = make_goal(world.units["sn"], world.year, goal.direction, title="SN-mål")
    plan = make_plan(world.units["bun"], world.year)
    from internal_control.forms import RiskForm

    form = RiskForm(plan=plan)
    assert list(form.fields["goal"].queryset) == [goal]
    assert other not in form.fields["goal"].queryset


def test_it_puts_the_boards_results_in_a_report(world):
    plan = make_plan(world.units["bun"], world.year, adopted=True)
    control = make_control(make_risk(plan), world.users["manager"], what="Granskning av provrutiner")
    result = make_result(control, 1, ControlResult.Outcome.DEVIATION, findings="Proven förvarades olåst")
    make_action(result, description="Låsbart skåp köps in")
    html = render_to_string(
        "internal_control/partials/report_section.html",
        {"board": world.units["bun"], "period": world.periods["t2"]},
    )
    assert "Proven förvarades olåst" in html
    assert "Låsbart skåp köps in" in html
    html = render_to_string(
        "internal_control/partials/report_section.html", {"board": world.units["sn"], "year": world.year}
    )
    assert "ingen internkontrollplan" in html.lower()


def test_it_lists_my_controls_on_the_start_page(world, client):
    plan = make_plan(world.units["bun"], world.year, adopted=True)
    make_control(make_risk(plan), world.users["manager"], what="Granskning av provrutiner")
    client.force_login(world.users["manager"])
    body = client.get("/").content.decode()
    assert "Granskning av provrutiner" in body
    client.force_login(world.users["employee"])
    assert "Granskning av provrutiner" not in client.get("/").content.decode()
