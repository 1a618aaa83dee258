"""The personnel part of the interim and annual reports: "Väsentliga personalförhållanden"."""

from __future__ import annotations

import io

from personnel import importer
from reporting import parts
from reporting import services as report_services
from reporting.models import Report
from tests.reporting.conftest import make_report

from .conftest import csv_bytes


def test_the_part_is_registered_for_interim_and_annual_reports_of_boards_and_the_municipality() -> None:
    part = parts.get("personnel.figures")
    assert part is not None
    assert (part.order, str(part.title)) == (270, "Väsentliga personalförhållanden")
    assert part.kinds == {Report.Kind.INTERIM, Report.Kind.ANNUAL}
    assert part.scopes == {Report.Scope.BOARD, Report.Scope.MUNICIPALITY}


def test_a_built_board_report_has_the_boards_figures_beside_last_year(world, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    assert "Väsentliga personalförhållanden" not in make_report(world).body_html  # nothing imported: left out
    assert importer.import_file(io.BytesIO(csv_bytes()), world.periods["t2"], None, filename="hr.csv").ok
    report = make_report(world)
    body = report.body_html
    assert "Väsentliga personalförhållanden" in body
    assert "Anställda vid periodens slut: 47." in body  # BUN's units only
    assert "7,6 %" in body
    assert "visas inte: färre än 10 anställda" in body


def test_the_municipalitys_report_has_the_whole_and_one_line_per_board(world) -> None:
    assert importer.import_file(io.BytesIO(csv_bytes()), world.periods["t2"], None, filename="hr.csv").ok
    report = report_services.get_or_create_report(world.unit("kf"), world.periods["t2"], None)
    html = parts.get("personnel.figures").render(report, 3)
    assert "Anställda vid periodens slut: 78." in html
    assert "8,4 %" in html
    assert "Barn- och utbildningsnämnden" in html and "Socialnämnden" in html
    assert "<h3>" in html
