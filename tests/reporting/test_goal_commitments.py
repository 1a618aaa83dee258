"""Under each goal, the report shows the commitments that contribute to it and their deviations."""

from commitments.models import Status
from reporting import services

from .conftest import make_commitment, make_goal


def test_it_lists_each_goals_commitments_and_deviations_under_the_goal(world):
    reading = make_goal(world, title="Fler elever ska läsa på fritiden")
    other = make_goal(world, title="Frisknärvaron ska öka")
    delayed = make_commitment(world, status=Status.DELAYED, comment="Brist på lärare.")
    delayed.goals.set([reading])
    on_track = make_commitment(world, "school_b", status=Status.ON_TRACK, comment="")
    on_track.goals.set([reading, other])

    part = services.board_part(world.unit("bun"), world.periods["t2"], charts=False)
    sections = {g.goal.title: g for d in part.directions for g in d.goals}
    assert dict(sections["Fler elever ska läsa på fritiden"].commitment_counts) == {
        "Försenat": 1,
        "Enligt plan": 1,
    }
    assert [d.comment for d in sections["Fler elever ska läsa på fritiden"].deviations] == [
        "Brist på lärare."
    ]
    assert dict(sections["Frisknärvaron ska öka"].commitment_counts) == {"Enligt plan": 1}
    assert sections["Frisknärvaron ska öka"].deviations == []


def test_it_prints_the_goals_deviations_in_the_report(world):
    goal = make_goal(world, title="Fler elever ska läsa på fritiden")
    make_commitment(world, status=Status.AT_RISK, comment="Biblioteket stängt i två månader.").goals.set(
        [goal]
    )
    report = services.build_report(
        services.get_or_create_report(world.unit("bun"), world.periods["t2"], None).pk
    )
    html = report.body_html
    goal_part = html[html.index("Fler elever ska läsa på fritiden") :]
    assert "Åtaganden som bidrar till målet" in goal_part
    assert "Biblioteket stängt i två månader." in goal_part
