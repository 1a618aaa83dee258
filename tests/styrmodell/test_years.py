"""Years and reporting periods with their deadlines, edited by administrators."""

import datetime

from django.urls import reverse

from styrmodell.models import Period, Year


def _period_data(period: Period, **changes) -> dict:
    data = {
        "name": period.name,
        "key": period.key,
        "kind": period.kind,
        "starts": period.starts.isoformat(),
        "ends": period.ends.isoformat(),
        "deadline": period.deadline.isoformat(),
        "board_deadline": period.board_deadline.isoformat(),
        "collects": period.collects,
    }
    return {**data, **changes}


def test_it_creates_a_year_with_the_seed_deadlines(client, world):
    client.force_login(world.users["admin"])
    response = client.post(reverse("year-create"), {"year": 2027, "calendar": "tertials"})
    assert response.status_code == 302
    year = Year.objects.get(year=2027)
    deadlines = {p.key: (p.starts, p.ends, p.deadline) for p in year.periods.all()}
    # Cumulative periods as the accounts are; the seed's staff deadlines.
    assert deadlines == {
        "t1": (datetime.date(2027, 1, 1), datetime.date(2027, 4, 30), datetime.date(2027, 4, 1)),
        "t2": (datetime.date(2027, 1, 1), datetime.date(2027, 8, 31), datetime.date(2027, 9, 1)),
        "ye": (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31), datetime.date(2028, 1, 1)),
    }
    assert all(p.board_deadline > p.deadline for p in year.periods.all())


def test_it_refuses_a_year_twice_with_a_message(client, world):
    client.force_login(world.users["admin"])
    response = client.post(reverse("year-create"), {"year": 2026, "calendar": "tertials"}, follow=True)
    assert Year.objects.filter(year=2026).count() == 1
    assert any("2026" in str(m) or "finns" in str(m) for m in response.context["messages"])


def test_it_moves_a_deadline(client, world):
    client.force_login(world.users["admin"])
    period = world.periods["t2"]
    response = client.post(
        reverse("period-update", args=[period.code]), _period_data(period, deadline="2026-08-31")
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.deadline == datetime.date(2026, 8, 31)


def test_it_refuses_a_period_that_ends_before_it_starts(client, world):
    client.force_login(world.users["admin"])
    period = world.periods["t2"]
    response = client.post(
        reverse("period-update", args=[period.code]),
        _period_data(period, starts="2026-09-01", ends="2026-05-01"),
    )
    assert response.status_code == 200
    assert "Perioden måste sluta efter att den börjar." in response.content.decode()
    period.refresh_from_db()
    assert period.starts == datetime.date(2026, 1, 1)


def test_it_closes_and_reopens_a_period_and_a_year(client, world):
    client.force_login(world.users["admin"])
    period = world.periods["t2"]
    client.post(reverse("period-close", args=[period.code, "board"]))
    period.refresh_from_db()
    assert period.is_closed and period.staff_closed and period.is_locked and period.closed_at
    client.post(reverse("period-open", args=[period.code, "staff"]))
    period.refresh_from_db()
    assert not period.is_closed and not period.staff_closed
    client.post(reverse("year-close", args=[2026]))
    period.refresh_from_db()
    assert period.is_locked


def test_it_shows_periods_to_everyone_but_lets_only_administrators_change_them(client, world):
    client.force_login(world.users["employee"])
    page = client.get(reverse("year-list"))
    assert page.status_code == 200
    assert "1 april 2026" in page.content.decode()
    period = world.periods["t2"]
    assert client.post(reverse("period-close", args=[period.code, "staff"])).status_code == 403
    assert client.post(reverse("year-create"), {"year": 2030, "calendar": "tertials"}).status_code == 403
    period.refresh_from_db()
    assert not period.is_closed
