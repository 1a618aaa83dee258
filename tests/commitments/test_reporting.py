"""Reporting a commitment's status in a period: in place with htmx, or with a plain form that redirects back."""

import datetime

import pytest
from django.urls import reverse

from commitments.models import Status, StatusReport
from styrmodell.models import Step
from styrmodell.services import reopen

from .conftest import make_report


def url(commitment, period):
    return reverse("commitments:report-update", args=[commitment.code, period.code])


def post_data(commitment, status, comment="", version=0, **extra):
    prefix = f"c{commitment.pk}"
    return {f"{prefix}-status": status, f"{prefix}-comment": comment, f"{prefix}-version": version, **extra}


def test_it_saves_a_report_and_lands_on_a_light_page_that_leads_back(client, cworld):
    t2 = cworld.periods["t2"]
    client.force_login(cworld.users["employee"])
    response = client.post(
        url(cworld.personal, t2),
        post_data(cworld.personal, Status.ON_TRACK, "Går enligt plan", next="/ataganden/"),
    )
    assert response.status_code == 302
    # Without JavaScript the browser lands on the commitment's own report page (one card, not the whole list)...
    assert response["Location"] == url(cworld.personal, t2) + "?next=%2Fataganden%2F"
    landed = client.get(response["Location"])
    body = landed.content.decode()
    assert "Din rapport om" in body and "Går enligt plan" in body
    # ... which leads back to the card in the list it came from.
    assert f'href="/ataganden/#commitment-{cworld.personal.code}-{t2.code}"' in body
    report = StatusReport.objects.get(commitment=cworld.personal, period=t2)
    assert (report.status, report.comment, report.reported_by, report.version) == (
        Status.ON_TRACK,
        "Går enligt plan",
        cworld.users["employee"],
        1,
    )
    assert report.history.count() == 1


def test_it_ignores_an_unsafe_next_address(client, cworld):
    client.force_login(cworld.users["manager"])
    response = client.post(
        url(cworld.unit_c, cworld.periods["t2"]),
        post_data(cworld.unit_c, Status.ON_TRACK, next="https://evil.example/"),
    )
    assert response["Location"] == url(cworld.unit_c, cworld.periods["t2"]) + "?next=%2Fataganden%2F"


def test_it_swaps_the_card_in_place_with_htmx(client, cworld):
    t2 = cworld.periods["t2"]
    client.force_login(cworld.users["manager"])
    response = client.post(
        url(cworld.unit_c, t2), post_data(cworld.unit_c, Status.DONE), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<article")
    assert "Klart" in body and "Din rapport sparades." in body
    assert StatusReport.objects.get(commitment=cworld.unit_c, period=t2).status == Status.DONE


@pytest.mark.parametrize("status", [Status.AT_RISK, Status.DELAYED])
def test_it_requires_a_comment_when_at_risk_or_delayed(client, cworld, status):
    t2 = cworld.periods["t2"]
    client.force_login(cworld.users["manager"])
    response = client.post(url(cworld.unit_c, t2), post_data(cworld.unit_c, status, "  "))
    assert response.status_code == 200
    assert "Förklara vad" in response.content.decode()
    assert not StatusReport.objects.filter(commitment=cworld.unit_c).exists()


def test_it_updates_an_existing_report_and_raises_its_version(client, cworld):
    t2 = cworld.periods["t2"]
    report = make_report(cworld.unit_c, t2, Status.NOT_STARTED)
    client.force_login(cworld.users["manager"])
    client.post(url(cworld.unit_c, t2), post_data(cworld.unit_c, Status.AT_RISK, "Personalbrist", version=1))
    report.refresh_from_db()
    assert (report.status, report.comment, report.version) == (Status.AT_RISK, "Personalbrist", 2)
    assert report.history.count() == 2


def test_it_refuses_reports_in_a_closed_period(client, cworld):
    t1 = cworld.periods["t1"]
    client.force_login(cworld.users["manager"])
    response = client.post(url(cworld.unit_c, t1), post_data(cworld.unit_c, Status.ON_TRACK))
    assert response.status_code == 403
    assert not StatusReport.objects.exists()


def test_it_refuses_everyone_when_the_year_is_closed(client, cworld):
    cworld.year.is_closed = True
    cworld.year.save(update_fields=["is_closed"])
    client.force_login(cworld.users["manager"])
    response = client.post(
        url(cworld.unit_c, cworld.periods["t2"]), post_data(cworld.unit_c, Status.ON_TRACK)
    )
    assert response.status_code == 403


def test_it_accepts_reports_in_a_period_reopened_for_the_unit_only(client, cworld):
    t1 = cworld.periods["t1"]
    until = datetime.date.today() + datetime.timedelta(days=30)
    reopen(
        t1,
        Step.STAFF,
        cworld.units["school_a"],
        reason="Sen rapport godkänd",
        until=until,
        by=cworld.users["admin"],
    )
    client.force_login(cworld.users["manager"])
    assert client.post(url(cworld.unit_c, t1), post_data(cworld.unit_c, Status.ON_TRACK)).status_code == 302
    other = cworld.other_c
    other.responsible = cworld.users["manager"]
    other.save(update_fields=["responsible"])
    assert client.post(url(other, t1), post_data(other, Status.ON_TRACK)).status_code == 403


def test_it_hides_personal_commitments_from_outsiders_and_board_members(client, cworld):
    for persona in ("outsider", "board_member", "controller", "secretary"):
        client.force_login(cworld.users[persona])
        response = client.post(
            url(cworld.personal, cworld.periods["t2"]), post_data(cworld.personal, "on_track")
        )
        assert response.status_code == 404, persona


def test_it_lets_read_only_roles_see_but_not_report(client, cworld):
    client.force_login(cworld.users["board_member"])
    response = client.post(
        url(cworld.unit_c, cworld.periods["t2"]), post_data(cworld.unit_c, Status.ON_TRACK)
    )
    assert response.status_code == 403
    client.force_login(cworld.users["employee"])
    response = client.post(
        url(cworld.unit_c, cworld.periods["t2"]), post_data(cworld.unit_c, Status.ON_TRACK)
    )
    assert response.status_code == 403


def test_it_starts_the_report_page_from_the_stored_report_so_a_second_save_is_no_conflict(client, cworld):
    t2 = cworld.periods["t2"]
    client.force_login(cworld.users["employee"])
    client.post(url(cworld.personal, t2), post_data(cworld.personal, Status.ON_TRACK, "Första"))
    form = client.get(url(cworld.personal, t2)).context["row"].form
    version = form.initial["version"]
    assert version == 1
    response = client.post(
        url(cworld.personal, t2), post_data(cworld.personal, Status.DONE, "Klart", version)
    )
    assert response.status_code == 302
    report = StatusReport.objects.get(commitment=cworld.personal, period=t2)
    assert (report.status, report.comment, report.version) == (Status.DONE, "Klart", 2)
