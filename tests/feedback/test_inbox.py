"""The unit's people handle a case: acknowledge, assign, answer by e-mail with a link, close with a cause; the
citizen reads the answer and reopens the case from the link."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from feedback.models import Case, CaseEvent, Cause
from styrmodell.models import Role
from tests.conftest import grant, make_user

from .conftest import make_case


def _url(name: str, case: Case) -> str:
    return reverse(f"feedback:{name}", args=[case.code])


@pytest.fixture
def case(world) -> Case:
    return make_case(world.units["school_a"], name="Medborgare", email="medborgare@example.se")


def test_the_manager_acknowledges_and_assigns(client, world, case) -> None:
    client.force_login(world.users["manager"])
    assert client.post(_url("case-acknowledge", case)).status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.ACKNOWLEDGED and case.assignee == world.users["manager"]
    colleague = make_user("colleague")
    grant(colleague, Role.EMPLOYEE, world.units["school_a"])
    response = client.post(_url("case-assign", case), {"person": colleague.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee == colleague


def test_a_case_is_assigned_only_to_people_of_the_unit(client, world, case) -> None:
    client.force_login(world.users["manager"])
    response = client.post(_url("case-assign", case), {"person": world.users["outsider"].pk})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.assignee is None


def test_the_answer_is_emailed_with_a_link_and_the_citizen_reopens(client, world, case, mailoutbox) -> None:
    client.force_login(world.users["manager"])
    response = client.post(_url("case-answer", case), {"answer": "Vi har pratat med köket. Förlåt!"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.ANSWERED and case.answer_emailed
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["medborgare@example.se"]
    assert case.number in mail.subject
    assert "Vi har pratat med köket" in mail.body
    link = re.search(r"http://testserver(/synpunkter/arende/[^/\s]+/)", mail.body).group(1)

    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "Vi har pratat med köket" in page.content.decode()
    reopen = client.post(link + "oppna-igen/", {"comment": "Maten är fortfarande kall.", "website": ""})
    assert reopen.status_code == 200
    case.refresh_from_db()
    assert case.status == Case.Status.REOPENED
    assert case.events.filter(kind=CaseEvent.Kind.REOPENED, text="Maten är fortfarande kall.").exists()
    # Back in the inbox as an open case.
    client.force_login(world.users["manager"])
    assert case.number in client.get("/synpunkter/inkorg/").content.decode()


def test_an_answer_without_an_email_is_saved_and_nothing_is_sent(client, world, mailoutbox) -> None:
    case = make_case(world.units["school_a"])
    client.force_login(world.users["manager"])
    client.post(_url("case-answer", case), {"answer": "Tack för dina synpunkter."})
    case.refresh_from_db()
    assert case.status == Case.Status.ANSWERED and not case.answer_emailed
    assert mailoutbox == []


def test_a_mail_server_failure_keeps_the_answer(client, world, case, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    client.force_login(world.users["manager"])
    response = client.post(_url("case-answer", case), {"answer": "Svar."}, follow=True)
    assert "kunde inte skickas" in response.content.decode()
    case.refresh_from_db()
    assert case.answer == "Svar." and not case.answer_emailed


def test_close_with_a_cause_then_the_case_is_read_only(client, world, case) -> None:
    client.force_login(world.users["manager"])
    response = client.post(
        _url("case-close", case), {"cause": Cause.QUALITY, "action_taken": "Ny rutin i köket."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.cause, case.action_taken) == (
        Case.Status.CLOSED,
        Cause.QUALITY,
        "Ny rutin i köket.",
    )
    assert case.closed_at is not None
    assert client.get(_url("case-detail", case)).status_code == 200
    for name, data in (
        ("case-answer", {"answer": "x"}),
        ("case-acknowledge", {}),
        ("case-close", {"cause": "other", "action_taken": "x"}),
    ):
        assert client.post(_url(name, case), data).status_code == 403, name


def test_closing_needs_a_cause_and_what_was_done(client, world, case) -> None:
    client.force_login(world.users["manager"])
    response = client.post(_url("case-close", case), {"cause": "", "action_taken": ""})
    assert response.status_code == 400
    assert 'id="id_cause_error"' in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.RECEIVED


@pytest.mark.parametrize(
    ("persona", "unit", "status"),
    [
        ("manager", "school_a", 200),  # manager of the unit
        ("manager", "team_a1", 200),  # a team below the unit
        ("manager", "school_b", 404),  # a sibling unit
        ("employee", "team_a1", 200),  # employee of the unit
        ("employee", "school_a", 404),  # above the employee's own unit
        ("outsider", "home_care", 200),
        ("outsider", "school_a", 404),
        ("board_member", "school_a", 404),  # political roles do not handle cases
        ("secretary", "school_a", 404),
        ("admin", "school_a", 404),  # administrators neither
        ("controller", "school_a", 404),
    ],
)
def test_permission_matrix(client, world, persona, unit, status) -> None:
    case = make_case(world.units[unit], email="medborgare@example.se")
    client.force_login(world.users[persona])
    response = client.get(_url("case-detail", case))
    assert response.status_code == status
    if status == 404:
        assert client.post(_url("case-answer", case), {"answer": "x"}).status_code == 404
        assert client.post(_url("case-acknowledge", case)).status_code == 404
    else:
        assert "medborgare@example.se" in response.content.decode()


def test_anonymous_staff_pages_redirect_to_login(client, world, case) -> None:
    for url in ("/synpunkter/inkorg/", _url("case-detail", case), _url("case-attachment", case)):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/logga-in/")
    assert client.post(_url("case-answer", case), {"answer": "x"}).status_code == 302
    case.refresh_from_db()
    assert case.answer == ""


def test_get_never_changes_state(client, world, case) -> None:
    client.force_login(world.users["manager"])
    for name in ("case-acknowledge", "case-answer", "case-close", "case-assign"):
        assert client.get(_url(name, case)).status_code == 405
    case.refresh_from_db()
    assert case.status == Case.Status.RECEIVED


def test_the_inbox_query_count_does_not_grow(client, world, django_assert_max_num_queries) -> None:
    client.force_login(world.users["manager"])
    for _ in range(3):
        make_case(world.units["school_a"])
    with django_assert_max_num_queries(12) as small:
        client.get("/synpunkter/inkorg/")
    for _ in range(20):
        make_case(world.units["team_a1"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/synpunkter/inkorg/")
    assert response.content.decode().count("/synpunkter/inkorg/") >= 23


def test_the_nav_shows_the_inbox_only_to_those_who_have_one(client, world) -> None:
    client.force_login(world.users["manager"])
    assert 'href="/synpunkter/inkorg/"' in client.get("/").content.decode()
    client.force_login(world.users["board_member"])
    assert 'href="/synpunkter/inkorg/"' not in client.get("/").content.decode()
    assert client.get("/synpunkter/inkorg/").status_code == 404


def test_an_unknown_citizen_link_is_404(client, world) -> None:
    assert client.get("/synpunkter/arende/not-a-real-token/").status_code == 404
    assert client.post("/synpunkter/arende/not-a-real-token/oppna-igen/", {"comment": "x"}).status_code == 404
