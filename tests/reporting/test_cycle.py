"""The annual cycle: milestones per year, reporting deadlines, the SVG wheel; admins edit."""

from __future__ import annotations

from django.urls import reverse

from reporting import services
from reporting.models import Milestone


def test_the_cycle_shows_milestones_deadlines_and_an_accessible_wheel(client, world) -> None:
    services.create_default_milestones(world.year)
    client.force_login(world.users["employee"])
    response = client.get(reverse("reporting:cycle-detail", kwargs={"year": 2026}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and 'role="img"' in html and "<title" in html and "<desc" in html
    for milestone in Milestone.objects.filter(year=world.year):
        assert milestone.title in html
    assert html.count("<li>") >= 8  # five milestones and three reporting deadlines
    assert "1 april 2026" in html and "1 september 2026" in html and "1 januari 2027" in html
    assert reverse("reporting:milestone-create", kwargs={"year": 2026}) not in html


def test_default_milestones_follow_the_seed_and_are_idempotent(world) -> None:
    services.create_default_milestones(world.year)
    services.create_default_milestones(world.year)
    months = sorted(Milestone.objects.filter(year=world.year).values_list("month", "end_month"))
    assert months == [(1, None), (6, None), (9, None), (11, 12), (12, None)]


def test_admin_adds_the_defaults(client, world) -> None:
    client.force_login(world.users["admin"])
    response = client.post(reverse("reporting:milestone-defaults", kwargs={"year": 2026}))
    assert response.status_code == 302
    assert Milestone.objects.filter(year=world.year).count() == 5


def test_admin_edits_a_milestone(client, world) -> None:
    milestone = services.create_default_milestones(world.year)[0]
    client.force_login(world.users["admin"])
    url = reverse("reporting:milestone-update", kwargs={"code": milestone.code})
    response = client.post(
        url,
        {
            "title": "Bokslut och måluppföljning",
            "description": "",
            "kind": "follow_up",
            "month": "2",
            "end_month": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:cycle-detail", kwargs={"year": 2026})
    milestone.refresh_from_db()
    assert milestone.title == "Bokslut och måluppföljning"
    assert milestone.month == 2
    assert milestone.end_month is None
    assert milestone.history.count() == 2


def test_a_milestone_cannot_end_before_it_starts(client, world) -> None:
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("reporting:milestone-create", kwargs={"year": 2026}),
        {"title": "X", "description": "", "kind": "budget", "month": "11", "end_month": "3"},
    )
    assert response.status_code == 200
    assert not Milestone.objects.exists()


def test_admin_removes_a_milestone(client, world) -> None:
    milestone = services.create_default_milestones(world.year)[0]
    client.force_login(world.users["admin"])
    client.post(reverse("reporting:milestone-delete", kwargs={"code": milestone.code}))
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


def test_others_cannot_edit_milestones(client, world) -> None:
    milestone = services.create_default_milestones(world.year)[0]
    client.force_login(world.users["secretary"])
    assert (
        client.post(reverse("reporting:milestone-delete", kwargs={"code": milestone.code})).status_code == 403
    )
    assert client.get(reverse("reporting:milestone-create", kwargs={"year": 2026})).status_code == 403


def test_a_boards_page_links_to_its_reports(client, world) -> None:
    client.force_login(world.users["board_member"])
    page = client.get(reverse("unit-detail", kwargs={"code": world.unit("bun").code}))
    assert (
        reverse("reporting:board-reports", kwargs={"code": world.unit("bun").code}) in page.content.decode()
    )
