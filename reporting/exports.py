"""Excel out (goals, indicators, commitments and economy of a board and period; the import template) and Excel in
(indicator outcomes and economic figures from that template).

All output goes through `SafeWorkbook`. An import validates every row first and collects every problem with its
sheet, row, column and reason; if there is any problem nothing is imported.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from commitments.models import Commitment, StatusReport
from goals import plausibility
from goals import services as goal_services
from goals.models import Goal, Indicator, IndicatorOutcome
from styrmodell import access
from styrmodell.lib.xlsx import DANGEROUS_PREFIXES, SafeWorkbook, UnreadableWorkbook, open_workbook
from styrmodell.lib.xlsx_rows import (
    CellError,
    SheetError,
    TooManyRows,
    bounded_rows,
    column_name,
    declared_rows,
)
from styrmodell.models import OrgUnit, Period, Reporting, User

from . import services
from .models import EconomyFigure

# Sheet names of the import template; the importer finds the sheets by these names.
OUTCOME_SHEET = "Utfall"
ECONOMY_SHEET = "Ekonomi"
OUTCOME_COLUMNS = ["Indikator-id", "Mål", "Indikator", "Enhet", "Målnivå", "Utfall", "Kommentar"]
ECONOMY_COLUMNS = [
    "Nämnd",
    "Period",
    "Budget (tkr)",
    "Utfall hittills (tkr)",
    "Helårsprognos (tkr)",
    "Analys",
]
# Rows a sheet may have, its header included: a board has at most a few thousand indicators and one economy row.
MAX_IMPORT_ROWS = 5000
MAX_ECONOMY_ROWS = 1000  # one row of figures; room for rows Excel keeps for formatting alone
MAX_ANALYSIS_LENGTH = 20000


def _board_goals(board: OrgUnit, period: Period) -> list[Goal]:
    return goal_services.board_goals(board, period.year)


def export_board(board: OrgUnit, period: Period) -> bytes:
    """Goals, indicators, commitments and economy of a board for a period as one workbook."""
    goals = _board_goals(board, period)
    book = SafeWorkbook()

    sheet = book.sheet("Mål")
    sheet.header(["Inriktning", "Mål", "Status", "Bedömning", "Analys"], widths=[40, 60, 12, 20, 60])
    for goal in goals:
        status = goal_services.goal_status(goal, period)
        assessment = status.assessment
        sheet.append(
            [
                goal.direction.title,
                goal.title,
                goal.get_status_display(),
                assessment.get_verdict_display() if assessment else "",
                assessment.analysis if assessment else "",
            ]
        )

    sheet = book.sheet("Indikatorer")
    sheet.header(
        ["Mål", "Indikator", "Enhet", "Utgångsvärde", "Utgångsår", "Målnivå", "Utfall", "Status", "Källa"],
        widths=[50, 50, 10, 14, 10, 12, 12, 20, 16],
    )
    for goal in goals:
        for row in goal_services.goal_status(goal, period).indicators:
            indicator = row.indicator
            sheet.append(
                [
                    goal.title,
                    indicator.name,
                    indicator.unit,
                    indicator.baseline_value,
                    indicator.baseline_year,
                    row.target.value if row.target else None,
                    row.outcome.value if row.outcome else None,
                    row.light_label,
                    indicator.get_source_display(),
                ]
            )

    sheet = book.sheet("Åtaganden")
    sheet.header(["Enhet", "Åtagande", "Ansvarig", "Status", "Kommentar"], widths=[30, 60, 25, 18, 60])
    commitments = (
        Commitment.objects.of_units()
        .filter(year_id=period.year_id, unit__path__startswith=board.path)
        .select_related("unit", "responsible")
        .order_by("unit__path", "title")
    )
    reports = {
        r.commitment_id: r
        for r in StatusReport.objects.filter(
            period=period, commitment__owner__isnull=True, commitment__unit__path__startswith=board.path
        )
    }
    for commitment in commitments:
        report = reports.get(commitment.pk)
        sheet.append(
            [
                commitment.unit.name,
                commitment.title,
                str(commitment.responsible) if commitment.responsible else "",
                report.get_status_display() if report else _("Not reported"),
                report.comment if report else "",
            ]
        )

    sheet = book.sheet(ECONOMY_SHEET)
    _economy_sheet(sheet, board, period, template=False)
    return book.to_bytes()


def _economy_sheet(sheet, board: OrgUnit, period: Period, *, template: bool) -> None:
    economy = services.economy_for(board, period.year)
    sheet.header(
        ECONOMY_COLUMNS + ([] if template else ["Avvikelse (tkr)"]), widths=[30, 20, 14, 18, 18, 60, 16]
    )
    budget = economy.budget.amount if economy.budget else None
    rows = [economy.row_for(period)] if template else economy.rows
    for row in rows:
        figure = row.figure
        sheet.append(
            [
                board.name,
                str(row.period),
                budget,
                figure.outcome if figure else None,
                figure.forecast if figure else None,
                figure.analysis if figure else "",
            ]
            + ([] if template else [row.deviation])
        )


def import_template(board: OrgUnit, period: Period) -> bytes:
    """The workbook a controller fills in: one row per indicator of the board's adopted goals, and the economy."""
    book = SafeWorkbook()
    sheet = book.sheet(OUTCOME_SHEET)
    sheet.header(OUTCOME_COLUMNS, widths=[38, 50, 50, 10, 12, 12, 50])
    for goal in _board_goals(board, period):
        for row in goal_services.goal_status(goal, period).indicators:
            indicator = row.indicator
            sheet.append(
                [
                    str(indicator.code),
                    goal.title,
                    indicator.name,
                    indicator.unit,
                    row.target.value if row.target else None,
                    row.outcome.value if row.outcome else None,
                    row.outcome.comment if row.outcome else "",
                ]
            )
    _economy_sheet(book.sheet(ECONOMY_SHEET), board, period, template=True)
    return book.to_bytes()


# --- import ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int | None
    column: str
    reason: str


@dataclass
class ImportResult:
    problems: list[ImportProblem]
    outcomes: int = 0
    economy: int = 0
    unusual: list[str] = field(default_factory=list)  # indicators whose value was marked unusual

    @property
    def ok(self) -> bool:
        return not self.problems


def _decimal(value: Any) -> Decimal:
    """A number from a cell: numbers, or text with a decimal comma or point and spaces as thousands separators.
    Raises InvalidOperation for anything else, infinities and NaN included."""
    if isinstance(value, bool) or isinstance(value, CellError):
        raise InvalidOperation
    if isinstance(value, int | float | Decimal):
        result = Decimal(str(value))
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        result = Decimal(text)
    if not result.is_finite():
        raise InvalidOperation
    return result


def _fit(value: Decimal, model_field) -> Decimal | None:
    """`value` rounded to the model field's decimal places, or None when it has more digits before the decimal
    point than the field holds (a DecimalField(max_digits=14, decimal_places=1) holds less than 10^13): such a
    value overflows numeric(14, 1) on PostgreSQL and cannot be read back on SQLite."""
    places = model_field.decimal_places
    if abs(value) >= Decimal(10) ** (model_field.max_digits - places):
        return None
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if abs(rounded) >= Decimal(10) ** (model_field.max_digits - places):
        return None  # 9 999 999 999 999.96 rounds up past the limit
    return rounded


def _too_large(model_field) -> str:
    return _("The number is too large; at most %(digits)s digits before the decimal point.") % {
        "digits": model_field.max_digits - model_field.decimal_places
    }


def _text(value: Any) -> str:
    """Cell text as typed: the apostrophe our own workbooks put before a formula-like text is removed."""
    if _blank(value):
        return ""
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(DANGEROUS_PREFIXES):
        text = text[1:]
    return text


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _unreadable_cells(
    sheet_name: str, number: int, values: tuple, columns: list[str], problems: list[ImportProblem]
) -> bool:
    """Report every cell of the row that openpyxl could not read (a damaged value); True if there was one."""
    found = False
    for index, value in enumerate(values, start=1):
        if isinstance(value, CellError):
            problems.append(
                ImportProblem(
                    sheet_name,
                    number,
                    column_name(columns, index),
                    _(
                        "The cell cannot be read: its stored value is damaged or not a valid number, date or text."
                    ),
                )
            )
            found = True
    return found


def _rows(sheet, sheet_name: str, columns: list[str], max_row: int, problems: list[ImportProblem]):
    """The sheet's rows up to `max_row` (header included); a sheet with more rows, or one that breaks while it is
    read, is reported as a problem and ends the rows. A sheet's declared size is checked first, so a sheet of a
    million rows is refused without reading them; the bound on the loop catches a sheet that under-declares."""
    declared = declared_rows(sheet)
    too_many = _(
        "The sheet has more than %(max)s rows; at most %(max)s rows (the header included) can be imported."
    )
    if declared is not None and declared > max_row:
        problems.append(ImportProblem(sheet_name, max_row + 1, "", too_many % {"max": max_row}))
        return
    try:
        yield from bounded_rows(sheet, max_row, len(columns))
    except TooManyRows as error:
        problems.append(ImportProblem(sheet_name, error.row, "", too_many % {"max": max_row}))
    except SheetError as error:
        problems.append(
            ImportProblem(
                sheet_name,
                error.row,
                "",
                _(
                    "The sheet cannot be read from this row on; the file is damaged. Save it again from Excel."
                ),
            )
        )


def import_workbook(file: IO[bytes], board: OrgUnit, period: Period, user: User | None) -> ImportResult:
    """Validate every row of the template, then (only if nothing is wrong) write everything in one transaction."""
    problems: list[ImportProblem] = []
    if not access.reporting_is_open(period, board, Reporting.OUTCOMES):
        return ImportResult(
            [ImportProblem("", None, "", _("The period is closed; nothing can be imported."))]
        )
    try:
        book = open_workbook(file)
    except UnreadableWorkbook:
        return ImportResult([ImportProblem("", None, "", _("The file is not an Excel workbook (.xlsx)."))])
    try:
        names = set(book.sheetnames)
        if OUTCOME_SHEET not in names and ECONOMY_SHEET not in names:
            return ImportResult(
                [
                    ImportProblem(
                        "",
                        None,
                        "",
                        _("The workbook has neither a sheet “%(a)s” nor a sheet “%(b)s”; use the template.")
                        % {"a": OUTCOME_SHEET, "b": ECONOMY_SHEET},
                    )
                ]
            )

        indicators = {
            i.code: i
            # Only what the rows are checked against and written with (10,000 indicators at the benchmark's size).
            for i in Indicator.objects.filter(goal__board=board, goal__year_id=period.year_id).only(
                "id", "code", "name", "unit", "kind", "min_value", "max_value", "decimals", "baseline_value"
            )
        }
        outcomes: list[tuple[Indicator, Decimal, str]] = []
        if OUTCOME_SHEET in names:
            outcomes = _read_outcomes(book[OUTCOME_SHEET], indicators, problems)
        economy: tuple[Decimal, Decimal, str] | None = None
        if ECONOMY_SHEET in names:
            economy = _read_economy(book[ECONOMY_SHEET], problems)
    finally:
        book.close()
    if problems:
        return ImportResult(problems)

    unusual = _unusual(outcomes, period)
    with transaction.atomic():
        # One bulk write, not set_outcome per row: at 10,000 rows that was ~30× openpyxl's reading time.
        goal_services.set_outcomes(
            period, outcomes, user, source=Indicator.Source.EXCEL, unusual={i.pk for i in unusual}
        )
        if economy is not None:
            outcome, forecast, analysis = economy
            services.set_economy_figure(
                board, period, outcome=outcome, forecast=forecast, analysis=analysis, user=user
            )
    return ImportResult(
        [], outcomes=len(outcomes), economy=1 if economy else 0, unusual=[i.name for i in unusual]
    )


def _unusual(outcomes: list[tuple[Indicator, Decimal, str]], period: Period) -> list[Indicator]:
    """Indicators whose imported value lies far outside their own history (goals/plausibility.py). The form asks
    for a confirmation; a file cannot be asked, so the value is saved, marked and named in the result (one query
    for every row's history)."""
    history: dict[int, list[Decimal]] = {}
    for indicator_id, value in (
        IndicatorOutcome.objects.filter(indicator_id__in=[i.pk for i, _v, _c in outcomes])
        .exclude(period=period)
        .values_list("indicator_id", "value")
    ):
        history.setdefault(indicator_id, []).append(value)
    return [
        indicator
        for indicator, value, _c in outcomes
        if plausibility.is_unusual(value, [*history.get(indicator.pk, []), indicator.baseline_value])
    ]


def _check_header(sheet_name: str, header: tuple, expected: list[str], problems: list[ImportProblem]) -> bool:
    got = [str(v).strip() if v is not None else "" for v in (header or ())][: len(expected)]
    if got != expected:
        problems.append(
            ImportProblem(
                sheet_name,
                1,
                "",
                _("The header row must read: %(columns)s.") % {"columns": ", ".join(expected)},
            )
        )
        return False
    return True


def _read_outcomes(
    sheet, indicators: dict[uuid.UUID, Indicator], problems: list[ImportProblem]
) -> list[tuple[Indicator, Decimal, str]]:
    col_id, col_value, col_comment = OUTCOME_COLUMNS[0], OUTCOME_COLUMNS[5], OUTCOME_COLUMNS[6]
    value_field = IndicatorOutcome._meta.get_field("value")
    rows = _rows(sheet, OUTCOME_SHEET, OUTCOME_COLUMNS, MAX_IMPORT_ROWS, problems)
    first = next(rows, None)
    if first is None or not _check_header(OUTCOME_SHEET, first[1], OUTCOME_COLUMNS, problems):
        rows.close()
        return []
    result: list[tuple[Indicator, Decimal, str]] = []
    seen: dict[uuid.UUID, int] = {}
    for number, values in rows:
        raw_id, raw_value, raw_comment = values[0], values[5], values[6]
        if all(_blank(v) for v in values):
            continue
        if _unreadable_cells(OUTCOME_SHEET, number, values, OUTCOME_COLUMNS, problems):
            continue
        if _blank(raw_value):
            continue  # An indicator without an outcome this period is simply not reported.
        try:
            code = uuid.UUID(str(raw_id).strip())
        except ValueError:
            problems.append(
                ImportProblem(OUTCOME_SHEET, number, col_id, _("Not an indicator id from the template."))
            )
            code = None
        indicator = indicators.get(code) if code else None
        if code and indicator is None:
            problems.append(
                ImportProblem(
                    OUTCOME_SHEET, number, col_id, _("No indicator of this board and year has this id.")
                )
            )
        if code and code in seen:
            problems.append(
                ImportProblem(
                    OUTCOME_SHEET,
                    number,
                    col_id,
                    _("The indicator is already on row %(row)s.") % {"row": seen[code]},
                )
            )
        elif code:
            seen[code] = number
        value: Decimal | None
        try:
            value = _decimal(raw_value)
        except (InvalidOperation, ValueError):
            problems.append(ImportProblem(OUTCOME_SHEET, number, col_value, _("Not a number.")))
            value = None
        if value is not None:
            value = _fit(value, value_field)
            if value is None:
                problems.append(ImportProblem(OUTCOME_SHEET, number, col_value, _too_large(value_field)))
        if value is not None and indicator is not None:
            # A share of 405 000 % or half a person: refused like any other bad cell (goals/plausibility.py).
            impossible = plausibility.check_possible(indicator, value)
            if impossible:
                problems.append(ImportProblem(OUTCOME_SHEET, number, col_value, impossible))
                value = None
        comment = _text(raw_comment)
        if len(comment) > 5000:
            problems.append(ImportProblem(OUTCOME_SHEET, number, col_comment, _("The comment is too long.")))
        if indicator is not None and value is not None:
            result.append((indicator, value, comment))
    return result


def _read_economy(sheet, problems: list[ImportProblem]) -> tuple[Decimal, Decimal, str] | None:
    rows = _rows(sheet, ECONOMY_SHEET, ECONOMY_COLUMNS, MAX_ECONOMY_ROWS, problems)
    first = next(rows, None)
    if first is None or not _check_header(ECONOMY_SHEET, first[1], ECONOMY_COLUMNS, problems):
        rows.close()
        return None
    found = None
    for number, values in rows:
        if all(_blank(v) for v in values):
            continue
        if found is not None:
            problems.append(
                ImportProblem(ECONOMY_SHEET, number, "", _("Only one row of figures is expected."))
            )
            continue
        if _unreadable_cells(ECONOMY_SHEET, number, values, ECONOMY_COLUMNS, problems):
            found = (None, None, "")
            continue
        parsed: list[Decimal | None] = []
        for index, name in ((3, "outcome"), (4, "forecast")):
            raw = values[index]
            model_field = EconomyFigure._meta.get_field(name)
            if _blank(raw):
                problems.append(
                    ImportProblem(ECONOMY_SHEET, number, ECONOMY_COLUMNS[index], _("A number is required."))
                )
                parsed.append(None)
                continue
            try:
                value = _fit(_decimal(raw), model_field)
            except (InvalidOperation, ValueError):
                problems.append(
                    ImportProblem(ECONOMY_SHEET, number, ECONOMY_COLUMNS[index], _("Not a number."))
                )
                parsed.append(None)
                continue
            if value is None:
                problems.append(
                    ImportProblem(ECONOMY_SHEET, number, ECONOMY_COLUMNS[index], _too_large(model_field))
                )
            parsed.append(value)
        analysis = _text(values[5])
        if len(analysis) > MAX_ANALYSIS_LENGTH:
            problems.append(
                ImportProblem(ECONOMY_SHEET, number, ECONOMY_COLUMNS[5], _("The analysis is too long."))
            )
        found = (parsed[0], parsed[1], analysis)
    if found is None or found[0] is None or found[1] is None:
        return None
    return found  # type: ignore[return-value]
