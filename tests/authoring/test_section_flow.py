"""Writing a section, marking it ready, returning and approving it: the right people, and 403/404 for the rest."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from authoring import services
from authoring.models import ReportSection, SectionEvent
from dialogue.models import Notification
from reporting.models import Report
from styrmodell.models import PeriodReopening, Step

from .conftest import make_report, school_section

State = ReportSection.State


def _write(client, section, text="Skola A har infört läsfrämjande insatser.", **extra):
    data = {"text": text, "table_caption": "", "table_data": "", "figure_alt": "", **extra}
    return client.post(reverse("authoring:section-write", kwargs={"code": section.code}), data)


def _review(client, section, action, comment=""):
    return client.post(
        reverse("authoring:section-review", kwargs={"code": section.code}),
        {"action": action, "comment": comment},
    )


def test_the_manager_writes_and_marks_ready_the_controller_returns_and_then_approves(world, client) -> None:
    section = school_section(world)
    client.force_login(world.users["manager"])
    response = _write(client, section)
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.state == State.DRAFT and section.text.startswith("Skola A har")
    assert section.updated_by == world.users["manager"]
    response = _write(
        client, section, text="Skola A har infört läsfrämjande insatser i alla klasser.", ready="1"
    )
    section.refresh_from_db()
    assert section.state == State.READY

    client.force_login(world.users["controller"])
    page = client.get(reverse("authoring:section-detail", kwargs={"code": section.code}))
    assert "Godkänn" in page.content.decode()
    response = _review(client, section, "return")
    assert response.status_code == 400
    assert "en återsändning kräver en kommentar" in response.content.decode()
    section.refresh_from_db()
    assert section.state == State.READY
    _review(client, section, "return", "Lägg till resultaten från nationella proven.")
    section.refresh_from_db()
    assert section.state == State.RETURNED
    note = Notification.objects.get(recipient=world.users["manager"])
    assert "Lägg till resultaten" in note.text and str(section.code) in note.url

    client.force_login(world.users["manager"])
    assert "Lägg till resultaten från nationella proven." in client.get(note.url).content.decode()
    _write(
        client,
        section,
        text="Andelen elever med godkänt på nationella proven ökade till 82 procent.",
        ready="1",
    )
    section.refresh_from_db()
    assert section.state == State.READY

    client.force_login(world.users["controller"])
    _review(client, section, "approve")
    section.refresh_from_db()
    assert section.state == State.APPROVED
    assert list(section.events.values_list("action", flat=True)) == [
        SectionEvent.Action.READY,
        SectionEvent.Action.RETURNED,
        SectionEvent.Action.READY,
        SectionEvent.Action.APPROVED,
    ]
    # Every version is kept.
    texts = set(section.history.values_list("text", flat=True))
    assert {"Skola A har infört läsfrämjande insatser.", section.text} <= texts

    # Approved: the writer can no longer change it; the controller reopens it.
    client.force_login(world.users["manager"])
    assert _write(client, section, text="Ändrat i efterhand").status_code == 403
    client.force_login(world.users["controller"])
    _review(client, section, "reopen")
    section.refresh_from_db()
    assert section.state == State.DRAFT and section.text.startswith("Andelen elever")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("manager", 200),
        ("controller", 200),
        ("secretary", 200),
        ("admin", 200),  # the municipality's administrator reads everything
        ("employee", 403),
        ("board_member", 403),
        ("outsider", 404),
        ("other_board_member", 404),
    ],
)
def test_who_sees_a_section(world, client, persona, status) -> None:
    section = school_section(world)
    client.force_login(world.users[persona])
    response = client.get(reverse("authoring:section-detail", kwargs={"code": section.code}))
    assert response.status_code == status


def test_a_section_in_scope_but_not_theirs_is_403_and_one_out_of_scope_404(world, client) -> None:
    report = make_report(world)
    board_section = report.sections.order_by("order").first()  # written by BUN (its secretary and controller)
    client.force_login(world.users["manager"])
    assert _write(client, board_section).status_code == 403
    assert (
        client.get(reverse("authoring:section-detail", kwargs={"code": board_section.code})).status_code
        == 403
    )
    client.force_login(world.users["outsider"])
    assert _write(client, board_section).status_code == 404
    board_section.refresh_from_db()
    assert board_section.state == State.NOT_STARTED and board_section.text == ""


def test_only_a_controller_returns_or_approves(world, client) -> None:
    section = school_section(world)
    client.force_login(world.users["manager"])
    _write(client, section, ready="1")
    for persona in ("manager", "secretary"):
        client.force_login(world.users[persona])
        assert _review(client, section, "approve").status_code == 403
        assert _review(client, section, "return", "Nej").status_code == 403
    section.refresh_from_db()
    assert section.state == State.READY
    # The page shows no review buttons to the writer.
    client.force_login(world.users["manager"])
    page = client.get(reverse("authoring:section-detail", kwargs={"code": section.code})).content.decode()
    assert "Godkänn" not in page and "Skicka tillbaka" not in page


def test_an_empty_section_cannot_be_marked_ready(world, client) -> None:
    section = school_section(world)
    client.force_login(world.users["manager"])
    _write(client, section, text="", ready="1")
    section.refresh_from_db()
    assert section.state == State.DRAFT


def test_the_section_locks_when_the_board_step_closes_and_opens_when_reopened(world, client) -> None:
    section = school_section(world)
    period = world.periods["t2"]
    period.staff_closed = period.is_closed = True
    period.save()
    client.force_login(world.users["manager"])
    assert _write(client, section).status_code == 403
    page = client.get(reverse("authoring:section-detail", kwargs={"code": section.code})).content.decode()
    assert "avsnittet kan inte längre ändras" in page and "Spara utkast" not in page
    section.refresh_from_db()
    assert section.text == ""
    PeriodReopening.objects.create(
        period=period,
        unit=world.unit("bun"),
        step=Step.BOARD,
        until=datetime.date.today() + datetime.timedelta(days=3),
        reason="Sen rättelse",
    )
    assert _write(client, section).status_code == 302


def test_the_section_locks_when_the_report_is_adopted(world, client) -> None:
    section = school_section(world)
    client.force_login(world.users["manager"])
    _write(client, section, ready="1")
    Report.objects.filter(pk=section.report_id).update(status=Report.Status.ADOPTED)
    client.force_login(world.users["controller"])
    assert _review(client, section, "approve").status_code == 403
    section.refresh_from_db()
    assert section.state == State.READY
    with pytest.raises(services.SectionLocked):
        services.approve(section, world.users["controller"])


def test_each_boards_section_of_the_municipality_report_is_the_boards_to_write_and_review(
    world, client
) -> None:
    report = make_report(world, "kf", "t2")
    bun_section = report.sections.get(board=world.unit("bun"))
    sn_section = report.sections.get(board=world.unit("sn"))
    client.force_login(world.users["secretary"])  # BUN's secretary
    assert _write(client, bun_section, text="BUN:s verksamhetsberättelse.", ready="1").status_code == 302
    assert _write(client, sn_section).status_code == 403  # in scope (the municipality's report), not theirs
    client.force_login(world.users["controller"])  # BUN's controller
    _review(client, bun_section, "approve")
    bun_section.refresh_from_db()
    assert bun_section.state == State.APPROVED
    assert _review(client, sn_section, "approve").status_code == 403
    # Reopening tells the writer.
    _review(client, bun_section, "reopen", "Komplettera med siffrorna från augusti.")
    assert Notification.objects.filter(recipient=world.users["secretary"], text__contains="öppnade").exists()
