from __future__ import annotations

import datetime

from django.urls import reverse

from internal_control.models import Action, ControlResult

from .conftest import make_action, make_control, make_plan, make_result, make_risk


def _control(world, adopted=True):
    plan = make_plan(world.units["bun"], world.year, adopted=adopted)
    return make_control(make_risk(plan), world.users["manager"])


def test_it_lets_the_control_owner_report_a_result(world, client):
    control = _control(world)
    client.force_login(world.users["manager"])
    response = client.post(
        reverse("internal_control:result-create", args=[control.code]),
        {"occurrence": 2, "performed_on": "2026-08-25", "outcome": "deviation", "findings": "Avtal saknas"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("internal_control:control-detail", args=[control.code])
    result = ControlResult.objects.get()
    assert (result.occurrence, result.outcome, result.findings) == (2, "deviation", "Avtal saknas")
    assert result.performed_on == datetime.date(2026, 8, 25)
    assert result.reported_by == world.users["manager"]
    assert result.is_current


def test_it_lets_the_officer_report_and_refuses_the_board(world, client):
    control = _control(world)
    data = {"occurrence": 1, "performed_on": "2026-04-20", "outcome": "no_remark", "findings": ""}
    client.force_login(world.users["board_member"])
    assert (
        client.post(reverse("internal_control:result-create", args=[control.code]), data).status_code == 403
    )
    client.force_login(world.users["ic_officer"])
    assert (
        client.post(reverse("internal_control:result-create", args=[control.code]), data).status_code == 302
    )
    assert ControlResult.objects.get().reported_by == world.users["ic_officer"]


def test_it_reports_results_on_a_draft_plan_too(world, client):
    control = _control(world, adopted=False)
    client.force_login(world.users["manager"])
    data = {"occurrence": 1, "performed_on": "2026-04-20", "outcome": "no_remark", "findings": ""}
    assert (
        client.post(reverse("internal_control:result-create", args=[control.code]), data).status_code == 302
    )


def test_it_wants_findings_for_a_deviation(world, client):
    control = _control(world)
    client.force_login(world.users["manager"])
    data = {"occurrence": 1, "performed_on": "2026-04-20", "outcome": "deviation", "findings": ""}
    response = client.post(reverse("internal_control:result-create", args=[control.code]), data)
    assert response.status_code == 200
    assert "findings" in response.context["form"].errors
    assert not ControlResult.objects.exists()


def test_it_refuses_a_second_result_for_an_occurrence(world, client):
    control = _control(world)
    make_result(control, 1)
    client.force_login(world.users["manager"])
    data = {"occurrence": 1, "performed_on": "2026-04-21", "outcome": "no_remark", "findings": ""}
    response = client.post(reverse("internal_control:result-create", args=[control.code]), data)
    assert response.status_code == 200
    assert ControlResult.objects.count() == 1


def test_it_offers_only_the_occurrences_of_the_frequency(world, client):
    control = _control(world)
    client.force_login(world.users["manager"])
    data = {"occurrence": 4, "performed_on": "2026-04-21", "outcome": "no_remark", "findings": ""}
    response = client.post(reverse("internal_control:result-create", args=[control.code]), data)
    assert "occurrence" in response.context["form"].errors


def test_it_corrects_a_result_with_a_new_entry_and_keeps_both(world, client):
    control = _control(world)
    first = make_result(control, 1, ControlResult.Outcome.DEVIATION)
    client.force_login(world.users["manager"])
    response = client.post(
        reverse("internal_control:result-correct", args=[first.code]),
        {"occurrence": 3, "performed_on": "2026-04-22", "outcome": "no_remark", "findings": "Avtal fanns"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert not first.is_current
    assert first.outcome == ControlResult.Outcome.DEVIATION
    assert first.findings == "Två fakturor saknade avtal."
    correction = ControlResult.objects.get(is_current=True)
    assert correction.supersedes == first
    assert correction.occurrence == 1  # the occurrence of the corrected result, whatever was posted
    assert correction.outcome == ControlResult.Outcome.NO_REMARK
    page = client.get(reverse("internal_control:control-detail", args=[control.code])).content.decode()
    assert "Avtal fanns" in page and "Två fakturor saknade avtal." in page


def test_it_corrects_only_the_current_result(world, client):
    control = _control(world)
    first = make_result(control, 1)
    make_result(control, supersedes=first, performed_on=datetime.date(2026, 4, 25))
    client.force_login(world.users["manager"])
    assert client.get(reverse("internal_control:result-correct", args=[first.code])).status_code == 404


def test_it_adds_an_action_and_marks_it_done(world, client):
    control = _control(world)
    result = make_result(control, 1, ControlResult.Outcome.DEVIATION)
    client.force_login(world.users["ic_officer"])
    response = client.post(
        reverse("internal_control:action-create", args=[result.code]),
        {"description": "Ny rutin", "owner": "Rektor", "due_date": "2026-06-30"},
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.result, action.owner, action.due_date) == (result, "Rektor", datetime.date(2026, 6, 30))
    assert action.is_open
    response = client.post(reverse("internal_control:action-complete", args=[action.code]))
    assert response["Location"] == reverse("internal_control:control-detail", args=[control.code])
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.done_on is not None


def test_it_hides_results_from_outsiders_and_refuses_readers(world, client):
    control = _control(world)
    result = make_result(control, 1, ControlResult.Outcome.DEVIATION)
    action = make_action(result)
    client.force_login(world.users["outsider"])
    assert client.post(reverse("internal_control:action-complete", args=[action.code])).status_code == 404
    client.force_login(world.users["controller"])
    assert client.post(reverse("internal_control:action-complete", args=[action.code])).status_code == 403
    action.refresh_from_db()
    assert action.is_open


def test_it_refuses_to_remove_a_control_with_results(world, client):
    plan = make_plan(world.units["bun"], world.year)
    control = make_control(make_risk(plan), world.users["manager"])
    make_result(control)
    client.force_login(world.users["ic_officer"])
    client.post(reverse("internal_control:control-delete", args=[control.code]))
    assert control.results.exists()
    client.post(reverse("internal_control:risk-delete", args=[control.risk.code]))
    control.refresh_from_db()


def test_it_marks_an_action_done_in_place_with_htmx(world, client):
    control = _control(world)
    action = make_action(make_result(control, 1, ControlResult.Outcome.DEVIATION), description="Ny rutin")
    client.force_login(world.users["manager"])
    response = client.post(
        reverse("internal_control:action-complete", args=[action.code]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.strip().startswith(f'<div id="action-{action.code}">')
    assert "Klar" in body
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
