"""styrmodell.lib.xlsx: every string written is safe from formula injection."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from styrmodell.lib.xlsx import SafeWorkbook, UnreadableWorkbook, neutralise, open_workbook


@pytest.mark.parametrize(
    "value", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", '=HYPERLINK("http://x","y")']
)
def test_it_neutralises_dangerous_strings(value: str) -> None:
    book = SafeWorkbook()
    sheet = book.sheet("Blad")
    sheet.header(["Text"])
    sheet.append([value])
    reopened = load_workbook(io.BytesIO(book.to_bytes()))
    cell = reopened["Blad"]["A2"]
    # XML turns a carriage return into a line feed; what matters is the leading apostrophe.
    assert cell.value == "'" + value.replace("\r", "\n")
    assert cell.data_type == "s"


def test_it_keeps_numbers_and_safe_text() -> None:
    book = SafeWorkbook()
    sheet = book.sheet("=evil")
    sheet.append(["Skola A", -5, Decimal("85.5"), None, "1-2"])
    reopened = load_workbook(io.BytesIO(book.to_bytes()))
    ws = reopened.worksheets[0]
    assert not ws.title.startswith("=")
    assert [c.value for c in ws[1]] == ["Skola A", -5, 85.5, None, "1-2"]


def test_neutralise_handles_other_types() -> None:
    assert neutralise(5) == 5
    assert neutralise(object.__new__(type("X", (), {"__str__": lambda self: "=x"}))) == "'=x"


def test_it_refuses_unreadable_uploads() -> None:
    with pytest.raises(UnreadableWorkbook):
        open_workbook(io.BytesIO(b"not a workbook"))
