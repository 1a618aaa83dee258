"""Builders for the report-section tests: a report of BUN for the open period t2 with its sections."""

from __future__ import annotations

from authoring import services
from authoring.models import ReportSection, Responsible
from reporting.models import Report
from tests.conftest import World


def make_report(world: World, unit_key: str = "bun", period_key: str = "t2") -> Report:
    unit = world.unit(unit_key)
    scope = Report.Scope.BOARD if unit.kind == "board" else Report.Scope.MUNICIPALITY
    return Report.objects.create(
        unit=unit, period=world.periods[period_key], kind=Report.Kind.INTERIM, scope=scope
    )


def school_section(world: World, title: str = "Skola A:s verksamhet") -> ReportSection:
    """A section of BUN's interim report written by Skola A (its manager writes it, BUN's controller reviews)."""
    template = services.template_for(Report.Kind.INTERIM, Report.Scope.BOARD)
    template.sections.create(
        order=999, title=title, responsible=Responsible.UNIT, unit=world.unit("school_a"), days_before=10
    )
    report = Report.objects.filter(unit=world.unit("bun"), period=world.periods["t2"]).first() or make_report(
        world
    )
    services.sync_sections(report)
    return report.sections.get(title=title)
