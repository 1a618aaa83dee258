"""The personnel part of the interim and annual reports (reporting.parts): "Väsentliga personalförhållanden", the
sick-leave figures the law names for the municipality or the report's board beside the same period last year, and
in the municipality's report one line per board. Empty when no figures are imported for the report's period."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from reporting import parts
from reporting.models import Report
from styrmodell.models import OrgUnit

from . import services


def render_figures(report: Report, level: int) -> str:
    board = report.unit if report.scope == Report.Scope.BOARD else None
    figures = services.figures_for(report.period, board)
    if figures is None:
        return ""
    board_lines = []
    if board is None:
        board_lines = services.boards_for(report.period, list(OrgUnit.objects.boards().order_by("path")))
    ctx = {
        "figures": figures,
        "board_lines": board_lines,
        "level": level,
        "min_group": services.MIN_GROUP,
        "table_id": f"personnel-{report.pk}",
    }
    return render_to_string("personnel/partials/report_part.html", ctx)


def register() -> None:
    parts.register(
        parts.Part("personnel.figures", _("Significant personnel matters"), render_figures, order=270)
    )
