"""The municipality's year: ready-made calendars, a calendar that must make sense, two steps per period, and
reopening one step for one board or unit."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import GoalAssessment, IndicatorOutcome
from styrmodell import access, services
from styrmodell.calendars import apply_calendar, calendar_problems
from styrmodell.models import Period, PeriodReopening, Reporting, Step, Year
from tests.goals.conftest import make_direction, make_goal, make_indicator, make_vision

UNTIL = timezone.localdate() + datetime.timedelta(days=14)


def _fresh(period: Period) -> Period:
    """A new object: the reopenings are cached per period object, as within one request."""
    return Period.objects.select_related("year").get(pk=period.pk)


def test_the_seed_calendar_is_cumulative_and_ends_on_31_december(db):
    year = Year.objects.create(year=2030)
    periods = {p.key: p for p in apply_calendar(year, "tertials")}
    assert [(p.starts, p.ends) for p in periods.values()] == [
        (datetime.date(2030, 1, 1), datetime.date(2030, 4, 30)),
        (datetime.date(2030, 1, 1), datetime.date(2030, 8, 31)),
        (datetime.date(2030, 1, 1), datetime.date(2030, 12, 31)),
    ]
    assert periods["ye"].kind == Period.Kind.YEAR_END
    assert calendar_problems(2030, list(year.periods.all())) == []


def test_quarters_and_months_can_be_added_and_months_collect_economy_only(db):
    year = Year.objects.create(year=2030)
    apply_calendar(year, "quarters")
    months = apply_calendar(year, "months")
    assert len(months) == 11 and {tuple(m.collects) for m in months} == {("economy", "texts")}
    assert sorted(year.periods.values_list("key", flat=True))[:4] == ["m01", "m02", "m03", "m04"]
    assert calendar_problems(2030, list(year.periods.all())) == []
    # Applying a calendar twice adds nothing.
    assert len(apply_calendar(year, "months")) == 11 and year.periods.count() == 15


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"deadline": "2025-12-01"}, "före periodens början"),
        ({"board_deadline": "2026-08-15"}, "före medarbetarnas sista rapportdag"),
        (
            {"board_deadline": "2026-09-01", "deadline": "2026-09-01", "ends": "2026-09-30"},
            "efter periodens slut",
        ),
        ({"kind": "year_end"}, "mer än en helårsperiod"),
        ({"starts": "2026-03-01"}, "överlappar"),
        ({"ends": "2026-04-30"}, "samma månader"),
    ],
)
def test_it_refuses_an_impossible_calendar_with_a_swedish_message(client, world, change, message):
    client.force_login(world.users["admin"])
    period = world.periods["t2"]
    data = {
        "name": period.name,
        "key": period.key,
        "kind": period.kind,
        "starts": "2026-01-01",
        "ends": "2026-08-31",
        "deadline": "2026-09-01",
        "board_deadline": "2026-09-22",
        "collects": period.collects,
        **change,
    }
    response = client.post(reverse("period-update", args=[period.code]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    period.refresh_from_db()
    assert (period.starts, period.ends, period.kind) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 8, 31),
        Period.Kind.INTERIM,
    )


def test_a_year_without_a_year_end_is_refused(client, world):
    client.force_login(world.users["admin"])
    response = client.post(reverse("period-delete", args=[world.periods["ye"].code]), follow=True)
    assert "Året saknar helårsperiod." in response.content.decode()
    assert Period.objects.filter(pk=world.periods["ye"].pk).exists()


def test_an_administrator_adds_a_monthly_period_by_hand(client, world):
    client.force_login(world.users["admin"])
    data = {
        "name": "Till och med oktober",
        "key": "m10",
        "kind": "month",
        "starts": "2026-01-01",
        "ends": "2026-10-31",
        "deadline": "2026-11-10",
        "board_deadline": "2026-11-20",
        "collects": ["economy", "texts"],
    }
    response = client.post(reverse("period-create", args=[2026]), data)
    assert response.status_code == 302
    period = Period.objects.get(year=world.year, key="m10")
    assert period.collects == ["economy", "texts"] and period.kind == Period.Kind.MONTH


def test_the_steps_close_at_their_own_deadlines(world):
    t2 = world.periods["t2"]
    services.close_due_steps(timezone.make_aware(datetime.datetime(2026, 9, 2, 8)))
    t2 = _fresh(t2)
    assert t2.staff_closed and not t2.is_closed
    bun, school = world.unit("bun"), world.unit("school_a")
    assert not access.reporting_is_open(t2, school, Reporting.STATUS)
    for kind in (Reporting.OUTCOMES, Reporting.ASSESSMENTS, Reporting.ECONOMY, Reporting.TEXTS):
        assert access.reporting_is_open(t2, bun, kind)
    services.close_due_steps(timezone.make_aware(datetime.datetime(2026, 9, 23, 8)))
    t2 = _fresh(t2)
    assert t2.is_closed and not access.reporting_is_open(t2, bun, Reporting.OUTCOMES)


def test_a_monthly_period_takes_no_commitment_status(world):
    month = apply_calendar(world.year, "months")[0]
    assert not access.reporting_is_open(month, world.unit("school_a"), Reporting.STATUS)
    assert access.reporting_is_open(month, world.unit("bun"), Reporting.ECONOMY)


def test_a_secretary_writes_the_t2_analysis_the_day_after_the_staff_deadline(client, world):
    """Done means: the board's analysis, outcomes and assessments of T2 can still be written once staff reporting
    has closed."""
    t2 = world.periods["t2"]
    services.close_due_steps(timezone.make_aware(datetime.datetime(2026, 9, 2, 8)))
    goal = make_goal(world.unit("bun"), world.year, make_direction(make_vision()))
    indicator = make_indicator(goal)
    client.force_login(world.users["secretary"])
    response = client.post(
        reverse("goals:assessment-set", args=[goal.code]),
        {"period": t2.pk, "verdict": GoalAssessment.Verdict.PARTLY, "analysis": "Delvis uppfyllt efter T2."},
    )
    assert response.status_code == 302
    assert GoalAssessment.objects.get(goal=goal, period=t2).analysis == "Delvis uppfyllt efter T2."
    client.force_login(world.users["controller"])
    response = client.post(
        reverse("goals:outcome-set", args=[indicator.code]), {"period": t2.pk, "value": "81,5", "comment": ""}
    )
    assert response.status_code == 302
    assert IndicatorOutcome.objects.get(indicator=indicator, period=t2).value == Decimal("81.5")


def test_a_reopened_unit_reports_while_its_neighbour_cannot(world):
    t1 = world.periods["t1"]  # closed in both steps
    services.reopen(
        t1, Step.STAFF, world.unit("school_a"), reason="Sen rapport", until=UNTIL, by=world.users["admin"]
    )
    t1 = _fresh(t1)
    assert access.reporting_is_open(t1, world.unit("school_a"), Reporting.STATUS)
    assert access.reporting_is_open(t1, world.unit("team_a1"), Reporting.STATUS)  # the subtree too
    assert not access.reporting_is_open(t1, world.unit("school_b"), Reporting.STATUS)
    # The staff step only: the board's follow-up stays closed.
    assert not access.reporting_is_open(t1, world.unit("bun"), Reporting.OUTCOMES)


def test_reopening_the_board_step_opens_every_kind_of_it_for_that_board_only(world):
    t1 = world.periods["t1"]
    services.reopen(
        t1, Step.BOARD, world.unit("bun"), reason="Komplettering", until=UNTIL, by=world.users["admin"]
    )
    t1 = _fresh(t1)
    for kind in (Reporting.OUTCOMES, Reporting.ASSESSMENTS, Reporting.ECONOMY, Reporting.TEXTS):
        assert access.reporting_is_open(t1, world.unit("bun"), kind)
        assert not access.reporting_is_open(t1, world.unit("sn"), kind)
    assert not access.reporting_is_open(t1, world.unit("school_a"), Reporting.STATUS)


def test_a_reopening_closes_by_itself_and_is_in_the_history(world):
    t1 = world.periods["t1"]
    reopening = services.reopen(
        t1, Step.STAFF, world.unit("school_a"), reason="Sen rapport", until=UNTIL, by=world.users["secretary"]
    )
    assert reopening.history.get().history_type == "+"
    PeriodReopening.objects.filter(pk=reopening.pk).update(
        until=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert not access.reporting_is_open(_fresh(t1), world.unit("school_a"), Reporting.STATUS)


def test_a_closed_year_stays_read_only_whatever_was_reopened(world):
    t1 = world.periods["t1"]
    services.reopen(t1, Step.BOARD, world.unit("bun"), reason="x", until=UNTIL, by=world.users["admin"])
    world.year.is_closed = True
    world.year.save(update_fields=["is_closed"])
    assert not access.reporting_is_open(_fresh(t1), world.unit("bun"), Reporting.OUTCOMES)


def test_the_secretary_reopens_the_board_step_in_the_browser_form(client, world):
    t1 = world.periods["t1"]
    client.force_login(world.users["secretary"])
    url = reverse("reopening-create", args=[world.unit("bun").code])
    assert client.get(url).status_code == 200
    response = client.post(url, {"period": t1.pk, "step": "board", "reason": "", "until": UNTIL.isoformat()})
    assert response.status_code == 200 and not PeriodReopening.objects.exists()
    response = client.post(
        url, {"period": t1.pk, "step": "board", "reason": "Komplettering", "until": UNTIL.isoformat()}
    )
    assert response.status_code == 302
    reopening = PeriodReopening.objects.get()
    assert (reopening.step, reopening.unit, reopening.reopened_by) == (
        "board",
        world.unit("bun"),
        world.users["secretary"],
    )
    # Another board's secretary may not (the board is visible, the action is not theirs).
    client.force_login(world.users["other_board_member"])
    assert (
        client.post(
            url, {"period": t1.pk, "step": "staff", "reason": "x", "until": UNTIL.isoformat()}
        ).status_code
        == 403
    )


def test_locks_are_read_once_per_period_whatever_the_number_of_units(world, django_assert_num_queries):
    t1 = _fresh(world.periods["t1"])
    units = [world.unit(key) for key in ("school_a", "school_b", "team_a1", "home_care")]
    with django_assert_num_queries(1):
        for unit in units:
            access.reporting_is_open(t1, unit, Reporting.STATUS)


def test_the_year_end_report_cover_says_1_january_to_31_december(world):
    from django.template.loader import render_to_string

    from reporting import services as reporting_services

    report = reporting_services.get_or_create_report(world.unit("bun"), world.periods["ye"], None)
    html = render_to_string("reporting/partials/report_cover.html", reporting_services.cover_context(report))
    assert "1 januari – 31 december 2026" in html
