"""Goal versions: a change of an adopted goal is a draft revision until the board adopts it; the public site, open
data, reports and the goal tree keep the adopted wording; adoption needs a confirmation when SMART fails."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from goals.models import Goal, GoalRevision, Indicator, IndicatorTarget

from .conftest import make_indicator

OLD = "Andelen med slutbetyg från gymnasieskolan skall vara minst 85 % [2026]"
NEW = "Andelen med slutbetyg från gymnasieskolan skall vara minst 88 % [2026]"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _confirm_smart(goal: Goal) -> None:
    goal.smart_specific, goal.smart_specific_motivation = True, "Gäller gymnasieskolan."
    goal.smart_accepted, goal.smart_accepted_motivation = True, "Förankrat med rektorerna."
    goal.smart_realistic, goal.smart_realistic_motivation = True, "Nivån nåddes 2024."


@pytest.fixture
def adopted(goal_world):
    """goal_world's goal, SMART and adopted (§ 12, 10 February 2026)."""
    w = goal_world
    _confirm_smart(w.goal)
    w.goal.status = Goal.Status.ADOPTED
    w.goal.decision_date, w.goal.decision_paragraph = datetime.date(2026, 2, 10), "§ 12"
    w.goal.save()
    return w


def _versions_section(page: str) -> str:
    section = page[page.index('id="versions-heading"') :]
    return section[: section.index("</section>")]


def _goal_post(w, **extra) -> dict:
    goal = w.goal
    data = {
        "direction": goal.direction_id,
        "title": goal.title,
        "description": goal.description,
        "target_year": goal.target_year,
        "position": goal.position,
        "smart_specific": "on",
        "smart_specific_motivation": goal.smart_specific_motivation,
        "smart_accepted": "on",
        "smart_accepted_motivation": goal.smart_accepted_motivation,
        "smart_realistic": "on",
        "smart_realistic_motivation": goal.smart_realistic_motivation,
        "change_reason": "Höjd nivå efter bokslutet",
    }
    data.update(extra)
    return data


def _indicator_post(indicator: Indicator, **extra) -> dict:
    data = {
        "name": indicator.name,
        "unit": indicator.unit,
        "better": indicator.better,
        "baseline_value": "",
        "baseline_year": "",
        "tolerance": "3",
        "kolada_kpi": "",
        "position": "0",
        "target_value": "85",
    }
    data.update(extra)
    return data


def _revise(client, w, title: str = NEW):
    client.force_login(w.users["board_member"])
    return client.post(reverse("goals:goal-update", args=[w.goal.code]), _goal_post(w, title=title))


def _adopt_revision(client, w, **extra):
    data = {"revision-decision_date": "2026-05-20", "revision-decision_paragraph": "§ 48"}
    data.update(extra)
    return client.post(reverse("goals:revision-adopt", args=[w.goal.code]), data)


def _public_texts(client, goal: Goal) -> tuple[str, str, str]:
    page = client.get(reverse("public:goal-detail", args=[goal.code])).content.decode()
    rows = list(
        csv.DictReader(io.StringIO(client.get(reverse("public:dataset-csv", args=["mal"])).content.decode()))
    )
    records = json.loads(client.get(reverse("public:dataset-json", args=["mal"])).content)["records"]
    return page, rows[0]["title"], records[0]["title"]


def test_it_keeps_the_adopted_wording_public_while_a_revision_is_drafted(client, adopted):
    w = adopted
    response = _revise(client, w)
    assert response.status_code == 302
    w.goal.refresh_from_db()
    assert w.goal.title == OLD
    assert w.goal.status == Goal.Status.ADOPTED
    revision = GoalRevision.objects.get(goal=w.goal, status=GoalRevision.Status.DRAFT)
    assert revision.goal_changes == {"title": NEW}
    assert revision.reason == "Höjd nivå efter bokslutet"
    assert revision.created_by == w.users["board_member"]

    client.logout()
    page, csv_title, json_title = _public_texts(client, w.goal)
    assert OLD in page and NEW not in page
    assert csv_title == json_title == OLD

    from reporting import services as reporting

    report = reporting.get_or_create_report(w.units["bun"], w.periods["t2"], None)
    body = reporting.build_report(report.pk).body_html
    assert "minst 85 %" in body and "minst 88 %" not in body

    client.force_login(w.users["employee"])
    tree = client.get(reverse("goals:goal-tree") + "?ar=2026").content.decode()
    assert "minst 85 %" in tree and "minst 88 %" not in tree


def test_it_writes_the_revision_into_the_goal_when_the_board_adopts_it(client, adopted):
    w = adopted
    _revise(client, w)
    response = _adopt_revision(client, w)
    assert response.status_code == 302
    w.goal.refresh_from_db()
    assert w.goal.title == NEW
    assert w.goal.decision_date == datetime.date(2026, 5, 20)
    assert w.goal.decision_paragraph == "§ 48"
    revision = GoalRevision.objects.get(goal=w.goal)
    assert revision.status == GoalRevision.Status.ADOPTED
    assert revision.decided_by == w.users["board_member"]
    assert revision.snapshot["title"] == NEW
    assert revision.smart_confirmed == []
    latest = w.goal.history.order_by("-history_date").first()
    assert latest.title == NEW and latest.history_user == w.users["board_member"]
    assert "§ 48" in latest.history_change_reason

    client.logout()
    page, csv_title, json_title = _public_texts(client, w.goal)
    assert NEW in page
    assert csv_title == json_title == NEW


def test_it_drafts_indicator_changes_target_levels_and_new_indicators(client, adopted):
    w = adopted
    client.force_login(w.users["secretary"])
    response = client.post(
        reverse("goals:indicator-update", args=[w.indicator.code]),
        _indicator_post(w.indicator, name="Andel elever med examen", target_value="88"),
    )
    assert response.status_code == 302
    client.post(reverse("goals:target-set", args=[w.indicator.code]), {"year": "2027", "value": "90"})
    client.post(
        reverse("goals:indicator-create", args=[w.goal.code]),
        {**_indicator_post(w.indicator, name="Andel behöriga lärare", target_value="75"), "unit": "%"},
    )
    w.indicator.refresh_from_db()
    assert w.indicator.name == "Andel med slutbetyg"
    assert list(IndicatorTarget.objects.filter(indicator__goal=w.goal).values_list("year", "value")) == [
        (2026, Decimal("85.00"))
    ]
    assert w.goal.indicators.count() == 1
    revision = GoalRevision.objects.get(goal=w.goal, status=GoalRevision.Status.DRAFT)
    entry = revision.indicator_changes[str(w.indicator.code)]
    assert entry["fields"]["name"] == "Andel elever med examen"
    assert "unit" not in entry["fields"]  # only what differs from the adopted indicator
    assert entry["targets"] == {"2026": "88", "2027": "90"}
    new_key = next(key for key, e in revision.indicator_changes.items() if e["new"])

    # The new indicator is edited in the revision before it exists.
    url = reverse("goals:revision-indicator-update", args=[w.goal.code, new_key])
    assert client.get(url).status_code == 200
    client.post(url, _indicator_post(w.indicator, name="Andel legitimerade lärare", target_value="80"))

    _adopt_revision(client, w)
    w.indicator.refresh_from_db()
    assert w.indicator.name == "Andel elever med examen"
    assert {t.year: t.value for t in w.indicator.targets.all()} == {2026: Decimal("88"), 2027: Decimal("90")}
    added = Indicator.objects.get(code=new_key)
    assert added.name == "Andel legitimerade lärare"
    assert [t.value for t in added.targets.all()] == [Decimal("80")]
    assert w.indicator.history.count() == 2  # created, changed by the adoption


def test_it_shows_the_versions_side_by_side_with_the_differences_in_text(client, adopted):
    w = adopted
    _revise(client, w)
    page = client.get(reverse("goals:goal-detail", args=[w.goal.code])).content.decode()
    assert 'id="revision-heading"' in page
    assert '<del><span class="visually-hidden">borttaget: </span>85</del>' in page
    assert '<ins><span class="visually-hidden">tillagt: </span>88</ins>' in page
    assert "<strong>Ändrad</strong>" in page
    assert "Höjd nivå efter bokslutet" in page
    assert "§ 12" in page  # version 1 in the history

    _adopt_revision(client, w)
    page = client.get(reverse("goals:goal-detail", args=[w.goal.code])).content.decode()
    assert 'id="revision-heading"' not in page
    history = _versions_section(page)
    assert "§ 48" in history and "§ 12" not in history  # the first version predates recorded versions
    assert "(gäller)" in history


def test_it_records_each_adopted_version_with_its_decision(client, goal_world):
    w = goal_world
    _confirm_smart(w.goal)
    w.goal.save()
    client.force_login(w.users["board_member"])
    client.post(
        reverse("goals:goal-adopt", args=[w.goal.code]),
        {"decision_date": "2026-02-10", "decision_paragraph": "§ 12"},
    )
    _revise(client, w)
    _adopt_revision(client, w)
    versions = list(GoalRevision.objects.filter(goal=w.goal).adopted())
    assert [(v.decision_paragraph, v.snapshot["title"]) for v in versions] == [("§ 12", OLD), ("§ 48", NEW)]
    page = client.get(reverse("goals:goal-detail", args=[w.goal.code])).content.decode()
    history = _versions_section(page)
    assert history.index("§ 48") < history.index("§ 12")  # newest first
    assert OLD in history and NEW in history


def test_it_discards_a_draft_revision(client, adopted):
    w = adopted
    _revise(client, w)
    response = client.post(reverse("goals:revision-discard", args=[w.goal.code]))
    assert response.status_code == 302
    assert GoalRevision.objects.get(goal=w.goal).status == GoalRevision.Status.DISCARDED
    w.goal.refresh_from_db()
    assert w.goal.title == OLD
    page = client.get(reverse("goals:goal-detail", args=[w.goal.code])).content.decode()
    assert 'id="revision-heading"' not in page
    assert client.post(reverse("goals:revision-discard", args=[w.goal.code])).status_code == 404


PERSONAS = [
    "admin",
    "council",
    "board_member",
    "secretary",
    "manager",
    "employee",
    "controller",
    "ic_officer",
    "outsider",
    "other_board_member",
]
EDITORS = {"board_member", "secretary"}
OUT_OF_SCOPE = {"outsider", "other_board_member"}


def _expected(persona: str, ok: int) -> int:
    return ok if persona in EDITORS else (404 if persona in OUT_OF_SCOPE else 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_every_persona_on_the_revision_views(client, adopted, persona):
    w = adopted
    _revise(client, w)
    revision = GoalRevision.objects.get(goal=w.goal)
    new_key = "8c0e6cf5-8c83-4b55-9d39-13a3b9a2f0a1"
    revision.indicator_changes = {
        new_key: {"fields": {"name": "Ny", "unit": "%"}, "targets": {}, "new": True}
    }
    revision.save()
    client.force_login(w.users[persona])
    # The goal's own edit pages answer another board as the goal's reading rule says: 404 where the goal is out of
    # scope, 403 where adopted goals are read municipality-wide; neither shows or reveals the draft. The
    # revision's own views are always 404 outside the board.
    goal_pages = {403, 404} if persona in OUT_OF_SCOPE else {_expected(persona, 0)}
    calls = [
        ("get", reverse("goals:goal-update", args=[w.goal.code]), 200, goal_pages),
        ("post", reverse("goals:goal-update", args=[w.goal.code]), 302, goal_pages),
        ("get", reverse("goals:indicator-update", args=[w.indicator.code]), 200, goal_pages),
        ("get", reverse("goals:revision-indicator-update", args=[w.goal.code, new_key]), 200, None),
        ("post", reverse("goals:revision-adopt", args=[w.goal.code]), 302, None),
        ("post", reverse("goals:revision-discard", args=[w.goal.code]), 302, None),
    ]
    for method, url, ok, refused in calls:
        data = _goal_post(w, title="Annan text 90 % 2026") if "andra" in url and method == "post" else {}
        response = getattr(client, method)(url, data)
        if persona in EDITORS or refused is None:
            assert response.status_code == _expected(persona, ok), (persona, method, url)
        else:
            assert response.status_code in refused, (persona, method, url)
        if response.status_code == 302 and "kasta" in url:
            break
    w.goal.refresh_from_db()
    assert w.goal.title == OLD


@pytest.mark.parametrize("persona", ["employee", "controller", "manager", "outsider", "other_board_member"])
def test_it_shows_the_draft_revision_only_to_the_boards_editors_and_staff(client, adopted, persona):
    w = adopted
    _revise(client, w)
    client.force_login(w.users[persona])
    response = client.get(reverse("goals:goal-detail", args=[w.goal.code]))
    content = response.content.decode()
    if persona in OUT_OF_SCOPE:
        # Another board either does not see the goal or sees only its adopted version, never the draft.
        assert response.status_code == 404 or (
            response.status_code == 200
            and 'id="revision-heading"' not in content
            and "tillagt:" not in content
        )
    else:
        assert response.status_code == 200
        assert 'id="revision-heading"' in content  # staff of the board read the draft, like draft goals
        assert 'action="' + reverse("goals:revision-adopt", args=[w.goal.code]) not in content


def test_it_keeps_a_closed_year_read_only(client, adopted):
    w = adopted
    _revise(client, w)
    w.year.is_closed = True
    w.year.save(update_fields=["is_closed"])
    client.force_login(w.users["board_member"])
    assert client.get(reverse("goals:goal-update", args=[w.goal.code])).status_code == 403
    assert client.post(reverse("goals:goal-update", args=[w.goal.code]), _goal_post(w)).status_code == 403
    assert _adopt_revision(client, w).status_code == 403
    assert client.post(reverse("goals:revision-discard", args=[w.goal.code])).status_code == 403
    assert GoalRevision.objects.get(goal=w.goal).status == GoalRevision.Status.DRAFT


def test_adopting_a_goal_that_fails_smart_asks_for_a_confirmation_and_records_it(client, goal_world):
    w = goal_world
    w.goal.title = "Utveckla ett kvalitetssystem för att säkerställa en näringsrik mat och trivsam miljö"
    w.goal.save(update_fields=["title"])
    client.force_login(w.users["secretary"])
    url = reverse("goals:goal-adopt", args=[w.goal.code])
    decision = {"decision_date": "2026-02-10", "decision_paragraph": "§ 12"}

    first = client.post(url, decision)
    assert first.status_code == 200
    page = first.content.decode()
    assert "Anta ändå" in page
    for label in ["Specifikt (S)", "Accepterat (A)", "Realistiskt (R)"]:
        assert label in page
    assert "Utveckla" in page  # what the words say against it
    w.goal.refresh_from_db()
    assert w.goal.status == Goal.Status.DRAFT

    criteria = "specific,accepted,realistic"
    without_tick = client.post(url, {**decision, "criteria": criteria})
    assert without_tick.status_code == 200
    assert "Kryssa i" in without_tick.content.decode()
    w.goal.refresh_from_db()
    assert w.goal.status == Goal.Status.DRAFT

    response = client.post(url, {**decision, "criteria": criteria, "adopt_anyway": "on"})
    assert response.status_code == 302
    w.goal.refresh_from_db()
    assert w.goal.status == Goal.Status.ADOPTED
    version = GoalRevision.objects.get(goal=w.goal)
    assert version.smart_confirmed == ["specific", "accepted", "realistic"]
    assert version.smart_confirmed_by == w.users["secretary"]
    assert version.smart_confirmed_at is not None
    page = client.get(reverse("goals:goal-detail", args=[w.goal.code])).content.decode()
    assert "S, A, R" in page


def test_the_confirmation_is_asked_again_when_the_failing_criteria_changed(client, goal_world):
    w = goal_world
    client.force_login(w.users["board_member"])
    url = reverse("goals:goal-adopt", args=[w.goal.code])
    response = client.post(
        url,
        {
            "decision_date": "2026-02-10",
            "decision_paragraph": "§ 12",
            "criteria": "specific",
            "adopt_anyway": "on",
        },
    )
    assert response.status_code == 200
    w.goal.refresh_from_db()
    assert w.goal.status == Goal.Status.DRAFT


def test_a_smart_goal_is_adopted_without_the_second_step(client, goal_world):
    w = goal_world
    _confirm_smart(w.goal)
    w.goal.save()
    client.force_login(w.users["board_member"])
    response = client.post(
        reverse("goals:goal-adopt", args=[w.goal.code]),
        {"decision_date": "2026-02-10", "decision_paragraph": "§ 12"},
    )
    assert response.status_code == 302
    version = GoalRevision.objects.get(goal=w.goal)
    assert version.status == GoalRevision.Status.ADOPTED and version.smart_confirmed == []


def test_adopting_a_revision_that_fails_smart_asks_for_a_confirmation(client, adopted):
    w = adopted
    _revise(client, w, title="Utveckla ett kvalitetssystem för skolmaten")
    response = _adopt_revision(client, w)
    assert response.status_code == 200
    assert "Anta ändå" in response.content.decode()
    w.goal.refresh_from_db()
    assert w.goal.title == OLD
    response = _adopt_revision(client, w, **{"revision-criteria": "specific", "revision-adopt_anyway": "on"})
    assert response.status_code == 302
    w.goal.refresh_from_db()
    assert w.goal.title == "Utveckla ett kvalitetssystem för skolmaten"
    assert GoalRevision.objects.adopted().get(goal=w.goal).smart_confirmed == ["specific"]


def test_the_goal_form_reads_the_wording_without_saving(client, goal_world):
    w = goal_world
    client.force_login(w.users["board_member"])
    page = client.get(reverse("goals:goal-update", args=[w.goal.code])).content.decode()
    assert 'id="wording-heading"' in page and "minst" in page
    response = client.post(
        reverse("goals:goal-update", args=[w.goal.code]),
        {**_goal_post(w, title="Arbeta för en bättre skolmat"), "check": "1"},
    )
    assert response.status_code == 200
    assert "Arbeta för" in response.content.decode()
    w.goal.refresh_from_db()
    assert w.goal.title == OLD


def _grow(goal: Goal, count: int) -> None:
    """`count` more indicators, each changed by the draft revision, and `count` more adopted versions."""
    for _ in range(count):
        make_indicator(goal, name=f"Indikator {goal.indicators.count()}")
    revision = GoalRevision.objects.drafts().get(goal=goal)
    revision.indicator_changes = {
        str(i.code): {"fields": {"name": f"{i.name} (ny)"}, "targets": {"2026": "90"}, "new": False}
        for i in goal.indicators.all()
    }
    revision.save()
    for number in range(count):
        GoalRevision.objects.create(
            goal=goal,
            status=GoalRevision.Status.ADOPTED,
            decision_paragraph=f"§ {number}",
            snapshot={"title": OLD, "indicators": [{"name": "x", "unit": "%", "targets": {"2026": "85"}}]},
        )


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert "(ny)" in response.content.decode()
    return len(queries)


def test_the_goal_page_reads_the_same_number_of_queries_however_many_indicators_and_versions(client, adopted):
    w = adopted
    _revise(client, w)
    url = reverse("goals:goal-detail", args=[w.goal.code])
    _grow(w.goal, 1)
    client.get(url)  # warm the session and caches
    small = _queries(client, url)
    _grow(w.goal, 6)
    assert _queries(client, url) == small
