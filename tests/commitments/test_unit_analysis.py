"""The unit's analysis of a period: written by its managers while the staff step is open (and again after a staff
reopening), read by the managers above, the board's members, secretary and controllers; 404 for everyone else; shown
under the goals it concerns in the board's report."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from commitments.models import UnitAnalysis
from reporting import services as reporting_services
from styrmodell import services as core_services
from styrmodell.lib import pdf
from styrmodell.models import Role, Step
from tests.conftest import grant, make_user

from .conftest import make_commitment, make_goal

TEXT = {
    "went_well": "Fler elever läser varje dag.",
    "went_badly": "Frånvaron ökade i åk 8.",
    "next_steps": "Mentorer.",
}


@pytest.fixture
def aworld(world):
    world.goal = make_goal(world.units["bun"], world.year)
    world.goal.status = "adopted"
    world.goal.save(update_fields=["status"])
    make_commitment(
        world.units["school_a"], world.year, responsible=world.users["manager"], goals=[world.goal]
    )
    world.users["dept_manager"] = boss = make_user("dept_manager")
    grant(boss, Role.MANAGER, world.units["schools"])
    world.t2 = world.periods["t2"]
    return world


def _url(w, unit_key="school_a", period=None):
    period = period or w.t2
    return reverse("commitments:unit-analysis", args=[w.units[unit_key].code, period.code])


def _write(client, w, persona="manager", **extra):
    client.force_login(w.users[persona])
    return client.post(_url(w), {**TEXT, "goals": [w.goal.pk], **extra})


def test_a_manager_writes_the_units_t2_analysis(client, aworld):
    w = aworld
    response = _write(client, w)
    assert response.status_code == 302
    analysis = UnitAnalysis.objects.get(unit=w.units["school_a"], period=w.t2)
    assert (analysis.went_well, analysis.written_by) == (TEXT["went_well"], w.users["manager"])
    assert list(analysis.goals.all()) == [w.goal]
    assert analysis.history.count() >= 1
    page = client.get(response["Location"]).content.decode()
    assert TEXT["went_badly"] in page


READERS = {
    "manager": 200,
    "dept_manager": 200,
    "board_member": 200,
    "secretary": 200,
    "controller": 200,
    "admin": 200,
}
OTHERS = ["employee", "ic_officer", "council", "outsider", "other_board_member"]


@pytest.mark.parametrize("persona", [*READERS, *OTHERS])
def test_who_reads_the_analysis(client, aworld, persona):
    w = aworld
    _write(client, w)
    client.force_login(w.users[persona])
    response = client.get(_url(w))
    assert response.status_code == READERS.get(persona, 404)
    if response.status_code == 200:
        assert TEXT["went_well"] in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("board_member", 403), ("controller", 403), ("outsider", 404)]
)
def test_readers_who_are_not_managers_may_not_write(client, aworld, persona, status):
    w = aworld
    assert _write(client, w, persona).status_code == status
    assert not UnitAnalysis.objects.exists()


def test_the_manager_above_writes_too(client, aworld):
    assert _write(client, aworld, "dept_manager").status_code == 302
    assert UnitAnalysis.objects.get().written_by == aworld.users["dept_manager"]


def test_writing_is_locked_when_the_staff_step_is_closed_and_open_after_a_staff_reopening(client, aworld):
    w = aworld
    core_services.set_step_closed(w.t2, Step.STAFF, True)
    assert _write(client, w).status_code == 403
    assert not UnitAnalysis.objects.exists()
    page = client.get(_url(w)).content.decode()
    assert 'name="went_well"' not in page

    core_services.reopen(
        w.t2,
        Step.STAFF,
        w.unit("school_a"),
        reason="Analysen saknas.",
        until=datetime.date.today() + datetime.timedelta(days=7),
        by=w.users["admin"],
    )
    assert _write(client, w).status_code == 302
    assert UnitAnalysis.objects.get().next_steps == TEXT["next_steps"]


def test_a_board_step_reopening_does_not_open_the_analysis(client, aworld):
    w = aworld
    core_services.set_step_closed(w.t2, Step.STAFF, True)
    core_services.reopen(
        w.t2,
        Step.BOARD,
        w.unit("bun"),
        reason="Nämndens text.",
        until=datetime.date.today() + datetime.timedelta(days=7),
        by=w.users["admin"],
    )
    assert _write(client, w).status_code == 403


def test_the_boards_interim_report_shows_the_analysis_under_its_goal(client, aworld):
    w = aworld
    _write(client, w)
    report = reporting_services.get_or_create_report(w.unit("bun"), w.t2, w.users["secretary"])
    body = pdf.render_html("reporting/partials/report_body.html", reporting_services.report_context(report))
    assert TEXT["went_well"] in body and TEXT["next_steps"] in body
    assert "Skola A" in body
    assert body.index(w.goal.title) < body.index(TEXT["went_well"])


def test_an_empty_analysis_is_left_out_of_the_report(client, aworld):
    w = aworld
    _write(client, w, went_well="", went_badly="", next_steps="")
    report = reporting_services.get_or_create_report(w.unit("bun"), w.t2, w.users["secretary"])
    body = pdf.render_html("reporting/partials/report_body.html", reporting_services.report_context(report))
    assert "Mentorer" not in body


def test_analyses_are_ordered_by_their_periods_end(aworld):
    w = aworld
    UnitAnalysis.objects.create(unit=w.units["school_a"], period=w.periods["ye"], went_well="Helår")
    UnitAnalysis.objects.create(unit=w.units["school_a"], period=w.periods["t1"], went_well="T1")
    UnitAnalysis.objects.create(unit=w.units["school_a"], period=w.periods["t2"], went_well="Delår")
    assert [a.went_well for a in UnitAnalysis.objects.all()] == ["T1", "Delår", "Helår"]
