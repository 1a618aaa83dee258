"""The personnel figures in a real browser: the administrator imports a wrong file (the problems listed, the field
names them), then the right one, and reads the municipality's and a board's figures. axe and the 320 px reflow on
every page."""

from __future__ import annotations

import pytest

from .conftest import ROWS, csv_bytes

pytestmark = pytest.mark.browser


def test_the_administrator_imports_the_hr_file_and_reads_the_figures(journey, world, tmp_path) -> None:
    page = journey.page
    journey.log_in("admin")
    page.goto(journey.base_url + "/personal/")
    journey.check_page("no-figures")
    page.get_by_role("link", name="Importera från personalsystemet").click()
    journey.check_page("import")

    wrong = tmp_path / "fel.csv"
    wrong.write_bytes(csv_bytes([ROWS[0], ["Skola Ö", *ROWS[1][1:]]]))
    page.get_by_label("Period").select_option(label="Delår 2026")
    page.get_by_label("Fil från personalsystemet").set_input_files(str(wrong))
    page.get_by_role("button", name="Importera").click()
    assert page.get_by_role("heading", name="Inget importerades").is_visible()
    assert page.get_by_role("cell", name="Ingen enhet i organisationen heter ”Skola Ö”.").is_visible()
    journey.check_page("import-refused")
    # The refused upload answers 422, which the browser logs; that one is expected.
    refused = [e for e in journey.console_errors if "422" in e and "/personal/import/" in e]
    assert len(refused) == 1
    journey.console_errors.remove(refused[0])

    right = tmp_path / "hr.csv"
    right.write_bytes(csv_bytes())
    page.get_by_label("Fil från personalsystemet").set_input_files(str(right))
    page.get_by_role("button", name="Importera").click()
    page.wait_for_url("**/personal/*/")
    journey.check_page("municipality")
    table = page.get_by_role("table", name="Sjukfrånvaro per grupp, procent av den ordinarie arbetstiden")
    assert table.get_by_role("row", name="Sjukfrånvaro totalt").get_by_text("8,4 %").is_visible()

    page.get_by_role("link", name="Barn- och utbildningsnämnden").first.click()
    journey.check_page("board")
    assert page.get_by_text("visas inte: färre än 10 anställda").first.is_visible()
