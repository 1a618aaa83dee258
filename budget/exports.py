"""The working budget in Excel: a template with one row per unit of the board, and its import.

The import reads every row first and collects every problem with its sheet, row, column and reason; only when
there is none, and the amounts add up to the board's frame, is anything written (in one transaction).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext as _

from styrmodell.lib.xlsx import SafeWorkbook, UnreadableWorkbook, iter_rows, open_workbook
from styrmodell.models import OrgUnit, User, Year

from . import services
from .models import MAX_FRAME

SHEET = "Arbetsbudget"
COLUMNS = ["Enhetens id", "Enhet", "Belopp (tkr)"]
AMOUNT_COLUMN = COLUMNS[2]
MAX_ROWS = 5000


def template(board: OrgUnit, year: Year) -> bytes:
    """The board's units with their current amounts; a second sheet says which frame they must add up to."""
    budget = services.working_budget(board, year)
    book = SafeWorkbook()
    sheet = book.sheet(SHEET)
    sheet.header(COLUMNS, widths=[40, 50, 16])
    for unit, value in budget.rows:
        sheet.append([str(unit.code), unit.name, value])
    about = book.sheet("Om")
    about.append(["Nämnd", board.name])
    about.append(["Budgetår", year.year + 1])
    about.append(["Ram (tkr)", budget.frame])
    about.append(
        [
            "Anvisning",
            "Fyll i kolumnen Belopp (tkr). Beloppen ska tillsammans bli nämndens ram; tom cell = 0.",
        ]
    )
    return book.to_bytes()


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int | None
    column: str
    reason: str


@dataclass
class ImportResult:
    problems: list[ImportProblem] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _decimal(value: Any) -> Decimal:
    """A number from a cell: numbers, or text with a decimal comma or point and spaces as thousands separators."""
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, int | float | Decimal):
        result = Decimal(str(value))
    else:
        result = Decimal(str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
    if not result.is_finite():
        raise InvalidOperation
    return result


def import_workbook(file: IO[bytes], board: OrgUnit, year: Year, user: User | None) -> ImportResult:
    budget = services.working_budget(board, year)
    if budget.frame is None:
        return ImportResult(
            [
                ImportProblem(
                    "",
                    None,
                    "",
                    _("The budget and strategy plan is not adopted yet: there is no frame to divide."),
                )
            ]
        )
    try:
        book = open_workbook(file)
    except UnreadableWorkbook:
        return ImportResult([ImportProblem("", None, "", _("The file is not an Excel workbook (.xlsx)."))])
    if SHEET not in book.sheetnames:
        book.close()
        return ImportResult(
            [
                ImportProblem(
                    "",
                    None,
                    "",
                    _("The workbook has no sheet “%(sheet)s”; use the template.") % {"sheet": SHEET},
                )
            ]
        )
    problems: list[ImportProblem] = []
    units = {u.code: u for u in budget.units}
    amounts: dict[int, Decimal] = {}
    seen: dict[uuid.UUID, int] = {}
    rows = iter_rows(book[SHEET])
    first = next(rows, None)
    header = [str(v).strip() if v is not None else "" for v in (first[1] if first else ())][: len(COLUMNS)]
    if header != COLUMNS:
        problems.append(
            ImportProblem(
                SHEET, 1, "", _("The header row must read: %(columns)s.") % {"columns": ", ".join(COLUMNS)}
            )
        )
    else:
        for number, values in rows:
            if number > MAX_ROWS:
                problems.append(ImportProblem(SHEET, number, "", _("Too many rows.")))
                break
            values = tuple(values) + (None,) * (len(COLUMNS) - len(values))
            raw_id, raw_amount = values[0], values[2]
            if all(_blank(v) for v in values):
                continue
            try:
                code = uuid.UUID(str(raw_id).strip())
            except ValueError:
                problems.append(
                    ImportProblem(SHEET, number, COLUMNS[0], _("Not a unit id from the template."))
                )
                continue
            unit = units.get(code)
            if unit is None:
                problems.append(
                    ImportProblem(SHEET, number, COLUMNS[0], _("No unit of this board has this id."))
                )
                continue
            if code in seen:
                problems.append(
                    ImportProblem(
                        SHEET,
                        number,
                        COLUMNS[0],
                        _("The unit is already on row %(row)s.") % {"row": seen[code]},
                    )
                )
                continue
            seen[code] = number
            if _blank(raw_amount):
                continue
            try:
                value = _decimal(raw_amount)
            except (InvalidOperation, ValueError):
                problems.append(ImportProblem(SHEET, number, AMOUNT_COLUMN, _("Not a number.")))
                continue
            if value < 0 or value > MAX_FRAME:
                problems.append(
                    ImportProblem(
                        SHEET, number, AMOUNT_COLUMN, _("The amount must lie between 0 and 100 000 000 tkr.")
                    )
                )
                continue
            if value != value.quantize(Decimal("0.1")):
                problems.append(ImportProblem(SHEET, number, AMOUNT_COLUMN, _("At most one decimal.")))
                continue
            amounts[unit.pk] = value
    book.close()
    if not problems:
        try:
            services.check_working_budget(budget, amounts)
        except services.WorkingBudgetError as error:
            problems.append(ImportProblem(SHEET, None, AMOUNT_COLUMN, str(error)))
    if problems:
        return ImportResult(problems)
    services.save_working_budget(board, year, amounts, user)
    return ImportResult([], rows=len(amounts))
