"""Excel in and out. Every workbook the application writes goes through `SafeWorkbook`.

A spreadsheet program runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and a leading tab or
carriage return can hide one), so text a user typed could become a formula in someone else's Excel
("CSV/formula injection"). Every string written here that starts with one of those characters is written as
text with a leading apostrophe, which Excel shows as the plain text.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Sheet names may not contain these characters and are at most 31 characters long.
_SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def neutralise(value: Any) -> Any:
    """A value safe to put in a cell: dangerous strings get a leading apostrophe, other types pass through."""
    if isinstance(value, str):
        if value.startswith(DANGEROUS_PREFIXES):
            return "'" + value
        return value
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date | datetime.datetime):
        return value
    return neutralise(str(value))


class SafeSheet:
    """One worksheet; only safe values reach its cells."""

    def __init__(self, worksheet: Worksheet) -> None:
        self.worksheet = worksheet
        self.row_count = 0

    @property
    def title(self) -> str:
        return self.worksheet.title

    def append(self, values: Iterable[Any]) -> None:
        self.row_count += 1
        for column, value in enumerate(values, start=1):
            self.write(self.row_count, column, value)

    def write(self, row: int, column: int, value: Any) -> None:
        safe = neutralise(value)
        cell = self.worksheet.cell(row=row, column=column)
        cell.value = safe
        if isinstance(safe, str):
            # Never let openpyxl infer a formula from a string.
            cell.data_type = TYPE_STRING

    def header(self, values: Iterable[Any], widths: Iterable[int] | None = None) -> None:
        """A bold first row that stays visible when scrolling."""
        self.append(values)
        for cell in self.worksheet[self.row_count]:
            cell.font = Font(bold=True)
        self.worksheet.freeze_panes = self.worksheet.cell(row=self.row_count + 1, column=1)
        for index, width in enumerate(widths or [], start=1):
            self.worksheet.column_dimensions[get_column_letter(index)].width = width


class SafeWorkbook:
    """A workbook whose every written cell is neutralised against formula injection.

    book = SafeWorkbook()
    sheet = book.sheet("Mål")
    sheet.header(["Mål", "Status"])
    sheet.append([goal.title, goal.status])
    data = book.to_bytes()
    """

    def __init__(self) -> None:
        self._workbook = Workbook()
        self._first_unused = True

    def sheet(self, title: str) -> SafeSheet:
        # A sheet name is never evaluated, but one that looks like a formula is confusing; drop the prefix.
        clean = title.translate(_SHEET_NAME_FORBIDDEN).lstrip("=+-@'\t\r ")[:31] or "Sheet"
        if self._first_unused:
            worksheet = self._workbook.active
            worksheet.title = clean
            self._first_unused = False
        else:
            worksheet = self._workbook.create_sheet(clean)
        return SafeSheet(worksheet)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._workbook.save(buffer)
        return buffer.getvalue()


class UnreadableWorkbook(ValueError):
    """The uploaded file is not an Excel workbook we can read."""


def open_workbook(file: IO[bytes]):
    """Open an uploaded .xlsx for reading values (never formulas): raises UnreadableWorkbook."""
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (zipfile, KeyError, InvalidFileException …)
        raise UnreadableWorkbook(str(error)) from error


def iter_rows(worksheet) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) for each row of a read-only sheet, 1-based like Excel."""
    yield from enumerate(worksheet.iter_rows(values_only=True), start=1)
