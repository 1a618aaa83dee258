"""Statistics per unit and board, indicators fed from them each period, and the summary in the board's report."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from feedback import services
from feedback.models import Case, Category, Cause, IndicatorFeed, Measure, add_working_days
from goals.models import IndicatorOutcome
from tests.goals.conftest import make_direction, make_goal, make_indicator, make_vision

from .conftest import backdate, make_case


def test_working_days_skip_weekends() -> None:
    friday = datetime.date(2026, 5, 8)
    assert add_working_days(friday, 1) == datetime.date(2026, 5, 11)
    assert add_working_days(friday, 10) == datetime.date(2026, 5, 22)


@pytest.fixture
def cases(world):
    """In tertial 2 of 2026: Skola A has two complaints (one answered in time, one late) and praise; Skola B a
    suggestion; Hemtjänsten (another board) a complaint."""
    t2 = world.periods["t2"]
    day = t2.starts + datetime.timedelta(days=10)
    a = world.units["school_a"]
    made = {
        "in_time": backdate(
            make_case(a), day, answered=day + datetime.timedelta(days=3), closed=day, cause=Cause.TREATMENT
        ),
        "late": backdate(
            make_case(a), day, answered=day + datetime.timedelta(days=30), closed=day, cause=Cause.QUALITY
        ),
        "praise": backdate(make_case(a, category=Category.PRAISE), day),
        "suggestion": backdate(make_case(world.units["school_b"], category=Category.SUGGESTION), day),
        "other_board": backdate(make_case(world.units["home_care"]), day),
        "before": backdate(make_case(a), t2.starts - datetime.timedelta(days=1)),
    }
    return made


def test_board_statistics_count_received_in_time_by_category_and_cause(world, cases) -> None:
    t2 = world.periods["t2"]
    stats = services.board_statistics(world.units["bun"], t2.starts, t2.ends, today=t2.ends)
    total = stats.total
    assert total.received == 4
    assert total.answered == 2
    assert total.answered_in_time == 1
    # Every case's answer deadline has passed by the end of the period: 1 in time of 4 due.
    assert total.due == 4 and total.share_in_time == Decimal("25.0")
    assert total.by_category == {"complaint": 2, "praise": 1, "suggestion": 1}
    assert total.by_cause == {"treatment": 1, "quality": 1}
    by_unit = {unit.name: figures.received for unit, figures in stats.units}
    assert by_unit == {"Skola A": 3, "Skola B": 1}


def test_the_statistics_page_shows_no_personal_data(client, world, cases) -> None:
    Case.objects.filter(pk=cases["late"].pk).update(name="Hemlig Person", email="hemlig@example.se")
    client.force_login(world.users["board_member"])
    response = client.get("/synpunkter/statistik/", {"period": str(world.periods["t2"].code)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Barn- och utbildningsnämnden" in html and "Skola A" in html
    assert "Hemlig" not in html and "hemlig@example.se" not in html
    # A board member of BUN sees BUN, not SN.
    assert "Socialnämnden" not in html


def _feed(world, measure: str, unit_key: str = "bun") -> IndicatorFeed:
    goal = make_goal(world.units["bun"], world.year, make_direction(make_vision()), title="Nöjda medborgare")
    indicator = make_indicator(goal, target="90", name="Andel synpunkter besvarade inom 10 arbetsdagar")
    return IndicatorFeed.objects.create(indicator=indicator, measure=measure, unit=world.units[unit_key])


def test_an_indicator_is_fed_for_an_open_period(world, cases) -> None:
    feed = _feed(world, Measure.SHARE_ANSWERED_IN_TIME)
    t2 = world.periods["t2"]
    result = services.feed_indicators(t2, today=t2.ends)
    assert result.written == [feed]
    outcome = IndicatorOutcome.objects.get(indicator=feed.indicator, period=t2)
    assert outcome.value == Decimal("25.0")
    assert "synpunkter" in outcome.comment
    # Running it again writes nothing new (no extra history).
    history = outcome.history.count()
    assert services.feed_indicators(t2, today=t2.ends).unchanged == [feed]
    assert outcome.history.count() == history


def test_complaints_are_counted_for_one_unit(world, cases) -> None:
    feed = _feed(world, Measure.COMPLAINTS, unit_key="school_a")
    t2 = world.periods["t2"]
    services.feed_indicators(t2, today=t2.ends)
    assert IndicatorOutcome.objects.get(indicator=feed.indicator, period=t2).value == 2


def test_a_closed_period_is_not_fed(world, cases) -> None:
    feed = _feed(world, Measure.RECEIVED)
    t1 = world.periods["t1"]  # closed in the world
    backdate(make_case(world.units["school_a"]), t1.starts + datetime.timedelta(days=5))
    result = services.feed_indicators(t1, today=t1.ends)
    assert result.locked == [feed]
    assert not IndicatorOutcome.objects.filter(indicator=feed.indicator, period=t1).exists()


def test_the_daily_task_feeds_started_open_periods(world, cases) -> None:
    from feedback import tasks

    feed = _feed(world, Measure.RECEIVED)
    t2 = world.periods["t2"]
    result = services.feed_current_periods(today=t2.ends)
    assert feed in result.written
    assert IndicatorOutcome.objects.get(indicator=feed.indicator, period=t2).value == 4
    assert not IndicatorOutcome.objects.filter(indicator=feed.indicator, period=world.periods["t1"]).exists()
    assert set(tasks.daily.delay().get()) == {"reminders", "personal_data_removed", "indicators_written"}


def test_a_controller_links_an_indicator_on_the_page(client, world) -> None:
    goal = make_goal(world.units["bun"], world.year, make_direction(make_vision()), title="Nöjda medborgare")
    indicator = make_indicator(goal, name="Antal klagomål")
    client.force_login(world.users["controller"])
    response = client.post(
        "/synpunkter/indikatorer/",
        {"indicator": indicator.pk, "measure": Measure.COMPLAINTS, "unit": world.units["school_a"].pk},
    )
    assert response.status_code == 302
    feed = IndicatorFeed.objects.get()
    assert (feed.indicator, feed.measure, feed.unit) == (
        indicator,
        Measure.COMPLAINTS,
        world.units["school_a"],
    )
    # Outside the controller's board: refused.
    sn_goal = make_goal(world.units["sn"], world.year, goal.direction, title="SN-mål")
    sn_indicator = make_indicator(sn_goal, name="SN-indikator")
    response = client.post(
        "/synpunkter/indikatorer/",
        {"indicator": sn_indicator.pk, "measure": Measure.RECEIVED, "unit": world.units["school_a"].pk},
    )
    assert response.status_code == 400
    # The unit's manager has no say over indicators.
    client.force_login(world.users["manager"])
    assert client.get("/synpunkter/indikatorer/").status_code == 404


def test_the_report_summary_counts_the_boards_cases(world, cases) -> None:
    summary = services.report_summary(world.units["bun"], world.periods["t2"])
    assert summary.figures.received == 4
    assert summary.top_causes == [("Bemötande", 1), ("Kvalitet", 1)] or {
        c for c, _ in summary.top_causes
    } == {
        "Bemötande",
        "Kvalitet",
    }


def test_the_boards_report_shows_the_summary(world, cases) -> None:
    from django.template.loader import render_to_string

    from reporting import services as reporting_services
    from reporting.models import Report

    report = Report.objects.create(
        unit=world.units["bun"],
        period=world.periods["t2"],
        kind=Report.kind_for(world.periods["t2"]),
        scope=Report.Scope.BOARD,
    )
    ctx = reporting_services.report_context(report)
    assert ctx["feedback_summaries"][world.units["bun"].pk].figures.received == 4
    html = render_to_string("reporting/partials/report_body.html", ctx)
    assert "Synpunkter och klagomål" in html
    assert "Mottagna synpunkter och klagomål" in html
