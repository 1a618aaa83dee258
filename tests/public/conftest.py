"""Builders for the public results site: a vision, a direction, adopted and draft goals, indicators, outcomes and
an archived report, on top of the shared `world` (tertial 1 of 2026 is closed there)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile

from goals.models import Direction, Goal, GoalAssessment, Indicator, IndicatorOutcome, IndicatorTarget, Vision
from reporting.models import ArchivedReport, Report, sha256_of
from styrmodell.models import OrgUnit, Period
from tests.browser.conftest import axe, browser, journey  # noqa: F401 - the browser fixtures, for test_browser.py

PDF = b"%PDF-1.7\n% public test\n%%EOF\n"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def make_vision(title: str = "Vision 2030") -> Vision:
    return Vision.objects.create(
        title=title, description="En levande kommun.", valid_from=2024, valid_to=2030
    )


def make_direction(vision: Vision, title: str = "Barn och unga ska lyckas i skolan") -> Direction:
    return Direction.objects.create(vision=vision, title=title, valid_from=2025, valid_to=2027)


def make_goal(world, direction: Direction, title: str, *, board: str = "bun", adopted: bool = True) -> Goal:
    return Goal.objects.create(
        board=world.units[board],
        year=world.year,
        direction=direction,
        title=title,
        status=Goal.Status.ADOPTED if adopted else Goal.Status.DRAFT,
        decision_date=datetime.date(2025, 11, 20) if adopted else None,
        decision_paragraph="§ 112" if adopted else "",
    )


def make_indicator(goal: Goal, name: str = "Andel med slutbetyg", *, kolada: bool = False, target: str = "85",
                   outcomes: dict[Period, str] | None = None) -> Indicator:  # fmt: skip
    source = Indicator.Source.KOLADA if kolada else Indicator.Source.MANUAL
    indicator = Indicator.objects.create(
        goal=goal, name=name, unit="%", baseline_value=Decimal("80"), baseline_year=2025, source=source,
        kolada_kpi="N17461" if kolada else "", tolerance=Decimal("3"),
    )  # fmt: skip
    IndicatorTarget.objects.create(indicator=indicator, year=goal.year.year, value=Decimal(target))
    for period, value in (outcomes or {}).items():
        IndicatorOutcome.objects.create(
            indicator=indicator, period=period, value=Decimal(value), source=source
        )
    return indicator


def assess(goal: Goal, period: Period, verdict: str, analysis: str = "", by=None) -> GoalAssessment:
    return GoalAssessment.objects.create(
        goal=goal, period=period, verdict=verdict, analysis=analysis, assessed_by=by
    )


def make_report(world, period: Period, *, unit: str = "bun", archived: bool = True,
                status: str = Report.Status.ADOPTED) -> Report:  # fmt: skip
    report = Report.objects.create(
        unit=world.units[unit], period=period, kind=Report.kind_for(period), status=status,
        decision_date=datetime.date(2026, 5, 20), decision_paragraph="§ 45",
    )  # fmt: skip
    if archived:
        archive = ArchivedReport(
            report=report, unit=report.unit, period=period, title=report.title,
            html="<html><body><h2>Måluppfyllelse</h2><p>Arkiverad text.</p></body></html>",
            pdf_sha256=sha256_of(PDF), pdf_size=len(PDF), decision_date=report.decision_date,
            decision_paragraph=report.decision_paragraph,
        )  # fmt: skip
        archive.pdf.save("rapport.pdf", ContentFile(PDF), save=False)
        archive.save()
    return report


@dataclass
class Site:
    vision: Vision
    direction: Direction
    other_direction: Direction
    adopted: Goal
    draft: Goal
    kolada_indicator: Indicator
    t1: Period


@pytest.fixture
def site(world) -> Site:
    """One adopted goal with a Kolada indicator assessed in the closed tertial 1, and one draft goal."""
    vision = make_vision()
    direction = make_direction(vision)
    other = make_direction(vision, "Trygg och god omsorg")
    t1, t2 = world.periods["t1"], world.periods["t2"]
    adopted = make_goal(world, direction, "Andelen med slutbetyg ska vara minst 85 %")
    kolada = make_indicator(adopted, kolada=True, outcomes={t1: "83.5", t2: "61.25"})
    assess(adopted, t1, GoalAssessment.Verdict.PARTLY, "Nära målnivån.", by=world.users["secretary"])
    assess(adopted, t2, GoalAssessment.Verdict.FULFILLED, "Öppen period, ej publik.")
    draft = make_goal(world, direction, "Utkast som aldrig visas", adopted=False)
    make_indicator(draft, "Hemlig indikator", outcomes={t1: "10"})
    return Site(vision, direction, other, adopted, draft, kolada, t1)


def board_code(world, key: str = "bun") -> str:
    return str(OrgUnit.objects.get(pk=world.units[key].pk).code)
