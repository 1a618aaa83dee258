"""Operational plans of a board and a unit: who reads them, what they show, their query budget and the PDF."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import PlanFrame, StrategyPlan, WorkingBudgetLine
from reporting.models import BudgetFrame
from styrmodell.models import Job, Year

from .conftest import adopt_board_idea, make_commitment, make_goal, make_indicator

pytestmark = pytest.mark.django_db

IN_LINE_WITH_BUN = [
    "admin",
    "council",
    "board_member",
    "secretary",
    "manager",
    "employee",
    "controller",
    "ic_officer",
]


def _board_plan(w) -> str:
    return reverse("plans:board-plan", args=[w.units["bun"].code]) + "?ar=2026"


def _unit_plan(w) -> str:
    return reverse("plans:unit-plan", args=[w.units["school_a"].code]) + "?ar=2026"


@pytest.mark.parametrize("persona", [*IN_LINE_WITH_BUN, "outsider", "other_board_member"])
def test_permission_matrix_of_the_board_plan(client, plan_world, persona) -> None:
    client.force_login(plan_world.users[persona])
    expected = 200 if persona in IN_LINE_WITH_BUN else 404
    assert client.get(_board_plan(plan_world)).status_code == expected
    assert client.get(_unit_plan(plan_world)).status_code == expected
    pdf = reverse("plans:plan-pdf", args=[plan_world.units["bun"].code, 2026])
    assert client.post(pdf).status_code == (302 if expected == 200 else 404)


def test_anonymous_visitors_are_sent_to_log_in(client, plan_world) -> None:
    response = client.get(_board_plan(plan_world))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_board_plan_shows_goals_targets_unit_commitments_controls_and_budget(client, plan_world) -> None:
    w = plan_world
    adopt_board_idea(w.units["bun"], "Vi lär för livet.")
    BudgetFrame.objects.create(board=w.units["bun"], year=w.year, amount=Decimal("418500"))
    client.force_login(w.users["manager"])
    page = client.get(_board_plan(w)).content.decode()
    assert "Verksamhetsplan 2026 – Barn- och utbildningsnämnden" in page
    assert "Vi lär för livet." in page
    assert w.goal.title in page
    assert "Andel med slutbetyg (%)" in page and ">85<" in page
    assert "Läsfrämjande insatser i alla klasser" in page
    assert "Personligt åtagande" not in page  # employee commitments never appear in a plan
    assert "Inköp görs utanför avtal" in page and "Stickprov på fakturor" in page
    assert "418\xa0500 tkr" in page and "Från budgetramen som registrerats för året." in page


def test_the_budget_comes_from_the_adopted_plan_and_working_budget_when_there_is_one(
    client, plan_world
) -> None:
    w = plan_world
    planning = Year.objects.create(year=2025)
    plan = StrategyPlan.objects.create(year=planning, status=StrategyPlan.Status.ADOPTED)
    PlanFrame.objects.create(plan=plan, board=w.units["bun"], amount=Decimal("420000"))
    WorkingBudgetLine.objects.create(
        board=w.units["bun"], year=planning, unit=w.units["school_a"], amount=Decimal("42000")
    )
    BudgetFrame.objects.create(board=w.units["bun"], year=w.year, amount=Decimal("1"))
    client.force_login(w.users["controller"])
    page = client.get(_board_plan(w)).content.decode()
    assert "420\xa0000 tkr" in page and "Från den antagna budget- och strategiplanen." in page
    assert "42\xa0000" in page
    client.force_login(w.users["manager"])
    unit_page = client.get(_unit_plan(w)).content.decode()
    assert "Enhetens del av arbetsbudgeten: 42\xa0000 tkr." in unit_page


def test_the_unit_plan_shows_its_commitments_and_the_goals_they_serve(client, plan_world) -> None:
    w = plan_world
    client.force_login(w.users["employee"])
    page = client.get(_unit_plan(w)).content.decode()
    assert "Läsfrämjande insatser i alla klasser" in page
    assert w.goal.title in page
    assert "Personligt åtagande" not in page


def test_a_board_is_not_a_unit_plan_and_a_unit_is_not_a_board_plan(client, plan_world) -> None:
    client.force_login(plan_world.users["admin"])
    assert client.get(reverse("plans:unit-plan", args=[plan_world.units["bun"].code])).status_code == 404
    assert (
        client.get(reverse("plans:board-plan", args=[plan_world.units["school_a"].code])).status_code == 404
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_plan_page_query_count_does_not_grow_with_the_goals(client, plan_world) -> None:
    w = plan_world
    client.force_login(w.users["manager"])

    def add_goals(n: int) -> None:
        for i in range(n):
            goal = make_goal(w.units["bun"], w.year, f"Mål {i}", position=i + 1)
            make_indicator(goal, name=f"Indikator {i}")
            make_commitment(w.units["school_b"], w.year, f"Åtagande {i}", [goal])

    add_goals(2)  # 3 goals with the fixture's
    _count(client, _board_plan(w))  # warm the session and caches
    three = _count(client, _board_plan(w))
    add_goals(27)  # 30 goals
    thirty = _count(client, _board_plan(w))
    assert thirty == three


def test_the_board_plan_pdf_is_built_in_the_background(
    client, plan_world, django_capture_on_commit_callbacks
) -> None:
    w = plan_world
    for i in range(12):
        goal = make_goal(w.units["bun"], w.year, f"Mål nummer {i} om läsning och skrivning", position=i + 1)
        make_indicator(goal, name=f"Indikator {i}")
        make_commitment(w.units["school_b"], w.year, f"Åtagande nummer {i}", [goal])
    client.force_login(w.users["secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:plan-pdf", args=[w.units["bun"].code, 2026]))
    job = Job.objects.get()
    assert response["Location"] == reverse("reporting:job-detail", kwargs={"code": job.code})
    assert job.state == Job.State.DONE, job.message
    assert job.result_name == "verksamhetsplan-bun-2026.pdf"
    download = client.get(reverse("reporting:job-download", kwargs={"code": job.code}))
    data = b"".join(download.streaming_content) if download.streaming else download.content
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert 2 <= len(reader.pages) <= 8
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Verksamhetsplan 2026" in text
    assert "Andelen med slutbetyg" in text and "Mål nummer 11" in text
    assert "Läsfrämjande insatser i alla klasser" in text and "Åtagande nummer 11" in text
    assert "Stickprov på fakturor" in text
    assert "Personligt åtagande" not in text
    assert reader.metadata.title == "Verksamhetsplan 2026 – Barn- och utbildningsnämnden"
    # Someone else's job is not theirs to see.
    client.force_login(w.users["board_member"])
    assert client.get(reverse("reporting:job-detail", kwargs={"code": job.code})).status_code == 404


def test_the_unit_plan_pdf(client, plan_world, django_capture_on_commit_callbacks) -> None:
    w = plan_world
    client.force_login(w.users["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("plans:plan-pdf", args=[w.units["school_a"].code, 2026]))
    job = Job.objects.get()
    assert job.state == Job.State.DONE, job.message
    with job.result.open("rb") as file:
        reader = pypdf.PdfReader(file)
        text = " ".join(page.extract_text() for page in reader.pages)
    assert "Läsfrämjande insatser i alla klasser" in text and w.goal.title[:20] in text
    assert len(reader.pages) == 1


def test_the_plan_pdf_is_only_started_by_post(client, plan_world) -> None:
    client.force_login(plan_world.users["secretary"])
    url = reverse("plans:plan-pdf", args=[plan_world.units["bun"].code, 2026])
    assert client.get(url).status_code == 405
    assert not Job.objects.exists()


def test_the_unit_view_links_to_the_unit_plan(client, plan_world) -> None:
    client.force_login(plan_world.users["manager"])
    page = client.get(reverse("commitments:unit-commitments", args=[plan_world.units["school_a"].code]))
    assert reverse("plans:unit-plan", args=[plan_world.units["school_a"].code]) in page.content.decode()
