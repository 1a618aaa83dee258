"""Reading the rows of an uploaded workbook's sheet without trusting it.

openpyxl reads a read-only sheet lazily, so a damaged cell raises in the middle of the loop: a shared-string index
past the end of the table (IndexError), a date cell reading "2026-13-45" or a number cell reading "abc"
(ValueError), a broken XML or zip stream (SyntaxError, zipfile.BadZipFile …). `bounded_rows` turns each of those
into a `CellError` value in its cell (or one `SheetError` for the rest of the sheet), so the importer can name the
sheet, row and column, and it stops at `max_row`: a sheet of a million rows costs no more than one at the limit.

It uses openpyxl's worksheet parser (`openpyxl.worksheet._reader.WorkSheetParser`, the one its read-only sheets
use) with one change: a cell that cannot be parsed becomes a `CellError` instead of ending the loop.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser


@dataclass(frozen=True)
class CellError:
    """A cell whose stored value openpyxl could not read."""

    reason: str

    def __str__(self) -> str:
        return self.reason


class SheetError(Exception):
    """The rest of the sheet could not be read (broken XML or zip); `row` is the first row not read."""

    def __init__(self, row: int, reason: str) -> None:
        super().__init__(reason)
        self.row = row
        self.reason = reason


class TooManyRows(Exception):
    """The sheet has a row past the limit; `row` is that row's number."""

    def __init__(self, row: int) -> None:
        super().__init__(row)
        self.row = row


# What openpyxl's parser raises on a damaged cell: bad numbers and dates, a shared string out of range, a bad
# style or coordinate.
_CELL_ERRORS = (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError)


class _TolerantParser(WorkSheetParser):
    def parse_cell(self, element):
        try:
            return super().parse_cell(element)
        except _CELL_ERRORS as error:
            coordinate = element.get("r")
            column = None
            if coordinate:
                letters = "".join(ch for ch in coordinate if ch.isalpha())
                try:
                    column = column_index_from_string(letters.upper())
                except ValueError:
                    column = None
            if column is None:
                self.col_counter += 1
                column = self.col_counter
            else:
                self.col_counter = column
            return {
                "row": self.row_counter,
                "column": column,
                "value": CellError(type(error).__name__),
                "data_type": "e",
                "style_id": 0,
            }


def declared_rows(worksheet) -> int | None:
    """The number of rows the sheet says it has (its <dimension>), read without reading the rows; None if absent."""
    try:
        return worksheet.max_row
    except Exception:  # a dimension openpyxl cannot parse is no dimension
        return None


def bounded_rows(worksheet, max_row: int, width: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, `width` values) for each row of a read-only sheet up to `max_row`, 1-based like Excel; rows
    missing from the file are skipped. Raises TooManyRows at the first row past `max_row` (before reading it) and
    SheetError when the sheet's XML or zip stream breaks. A cell that cannot be read holds a CellError."""
    book = worksheet.parent
    last = 0
    try:
        source = worksheet._get_source()
    except (KeyError, OSError, zipfile.BadZipFile, EOFError) as error:
        raise SheetError(1, type(error).__name__) from error
    try:
        parser = _TolerantParser(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        rows = parser.parse()
        while True:
            try:
                with warnings.catch_warnings():
                    # A date serial outside the calendar: openpyxl warns and reads "#VALUE!", refused as text.
                    warnings.simplefilter("ignore")
                    number, cells = next(rows)
            except StopIteration:
                return
            except Exception as error:  # XML syntax, zip CRC, decompression: nothing after this is readable
                raise SheetError(last + 1, type(error).__name__) from error
            if number > max_row:
                raise TooManyRows(number)
            last = number
            values: list[Any] = [None] * width
            for cell in cells:
                column = cell["column"]
                if 1 <= column <= width:
                    values[column - 1] = cell["value"]
            yield number, tuple(values)
    finally:
        source.close()


def column_name(columns: list[str], index: int) -> str:
    """The header of the 1-based column `index`, or its letter past the known columns."""
    return columns[index - 1] if 1 <= index <= len(columns) else get_column_letter(index)
