"""The HR system's file in: CSV (semicolon or comma; UTF-8 with or without BOM, or Windows-1252) or Excel (.xlsx).

One row per org unit × gender × age group with headcount, full-time equivalents (optional), ordinary working
time, sick leave and long-term sick leave in hours. The unit is named by its short name or its name in the org
tree (a unit's short name first, as names repeat across boards: "Kansliavdelningen"); the org tree holds no
responsibility code (ansvar) of the finance system to match instead, and a name two units share is refused as
ambiguous rather than guessed. Every row is checked before
anything is written, and every problem is reported with its row, column and reason; with any problem nothing is
written. A file already imported for the period (the same SHA-256) changes nothing; a new one replaces the
period's figures in one transaction.

The import runs in the request, not as a background job: a file is at most MAX_ROWS rows and MAX_BYTES large.
Measured on the development machine (2 shared cores, busy): 10,000 rows take about 3 s as CSV and 6 s as .xlsx,
reading, checking and writing. 10,000 rows hold 1,100 units with all nine groups of gender and age; a municipality
the size of Göteborg (56,000 employees) has that order of units, and in practice fewer rows, as not every unit has
every group. A larger organisation imports at a coarser level of units (the figures are summed up the tree).
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from styrmodell.lib.upload import check_xlsx_upload
from styrmodell.lib.xlsx import DANGEROUS_PREFIXES, SafeWorkbook, UnreadableWorkbook, open_workbook
from styrmodell.lib.xlsx_rows import CellError, SheetError, TooManyRows, bounded_rows, declared_rows
from styrmodell.models import OrgUnit, Period, User

from .models import AgeGroup, Gender, PersonnelFigure, PersonnelImport

MAX_ROWS = 10_000  # data rows, the header not counted
MAX_BYTES = 5 * 1024 * 1024
MAX_PROBLEMS = 200  # a file with more is wrong throughout; the first ones say how

UNIT = "Enhet"
GENDER = "Kön"
AGE = "Åldersgrupp"
HEADCOUNT = "Antal anställda"
FTE = "Årsarbetare"
WORKING = "Ordinarie arbetstid (timmar)"
SICK = "Sjukfrånvaro (timmar)"
LONG_SICK = "Varav 60 dagar eller mer (timmar)"
COLUMNS = [UNIT, GENDER, AGE, HEADCOUNT, FTE, WORKING, SICK, LONG_SICK]
REQUIRED = [UNIT, GENDER, AGE, HEADCOUNT, WORKING, SICK, LONG_SICK]

# What the HR file may say, lower-cased and without spaces; the template writes the first of each.
GENDER_WORDS = {
    Gender.WOMEN: ("kvinna", "kvinnor", "k", "nainen", "naiset"),
    Gender.MEN: ("man", "män", "m", "mies", "miehet"),
    Gender.OTHER: ("annat", "annan", "övrigt", "ejangivet", "muu"),
}
AGE_WORDS = {
    AgeGroup.UP_TO_29: ("-29", "≤29", "<=29", "<30", "29ochyngre", "högst29", "0-29", "18-29", "16-29"),
    AgeGroup.FROM_30_TO_49: ("30-49",),
    AgeGroup.FROM_50: ("50-", "≥50", ">=50", "50ocheldre", "50ochäldre", "minst50", "50+"),
}
_GENDERS = {word: gender for gender, words in GENDER_WORDS.items() for word in words}
_AGES = {word: group for group, words in AGE_WORDS.items() for word in words}


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    reason: str


@dataclass
class ImportResult:
    problems: list[Problem]
    rows: int = 0
    unchanged: bool = False  # the same file was already imported for the period

    @property
    def ok(self) -> bool:
        return not self.problems


class Refused(Exception):
    """The file as a whole cannot be read; nothing in it is checked row by row."""

    def __init__(self, reason: str, row: int | None = None) -> None:
        super().__init__(reason)
        self.problem = Problem(row, "", reason)


# --- reading the file ---------------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise Refused(_("The file is neither a CSV file nor an Excel workbook (.xlsx)."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # what Excel on Swedish Windows saves as "CSV (semikolonavgränsad)"
    except UnicodeDecodeError:
        raise Refused(
            _("The file's characters are neither UTF-8 nor Windows-1252; save it as UTF-8 CSV.")
        ) from None


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, values in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                raise TooManyRows(number)
            yield number, values
    except csv.Error as error:
        raise Refused(
            _("The CSV file cannot be read: %(error)s") % {"error": error}, row=reader.line_num
        ) from None


def _xlsx_rows(file: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
    try:
        check_xlsx_upload(file)
    except ValidationError as error:
        raise Refused(error.messages[0]) from None
    try:
        book = open_workbook(file)
    except UnreadableWorkbook:
        raise Refused(
            _("The Excel workbook cannot be opened; it is damaged. Save it again from Excel.")
        ) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise Refused(_("The workbook has no sheet."))
        declared = declared_rows(sheet)
        if declared is not None and declared > MAX_ROWS + 1:
            raise TooManyRows(MAX_ROWS + 2)
        try:
            for number, values in bounded_rows(sheet, MAX_ROWS + 1, len(COLUMNS) + 5):
                yield number, list(values)
        except SheetError as error:
            raise Refused(
                _(
                    "The sheet cannot be read from this row on; the file is damaged. Save it again from Excel."
                ),
                row=error.row,
            ) from None
    finally:
        book.close()


def _rows(file: IO[bytes], filename: str, data: bytes) -> Iterator[tuple[int, list[Any]]]:
    if data[:2] == b"PK":
        file.seek(0)
        return _xlsx_rows(file)
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise Refused(_("The file is not an Excel workbook (.xlsx)."))
    return _csv_rows(data)


# --- checking the rows ----------------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    """Cell text as typed: a whole number as such (Excel reads the age group -29 as a number), and without the
    apostrophe a safe workbook (our template) puts before text that starts like a formula."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(DANGEROUS_PREFIXES):
        text = text[1:]
    return text


def _key(value: Any) -> str:
    return _text(value).lower().replace(" ", "").replace("\u00a0", "").replace("–", "-").replace("—", "-")


def _number(value: Any) -> Decimal:
    if isinstance(value, bool | CellError):
        raise InvalidOperation
    if isinstance(value, int | float | Decimal):
        result = Decimal(str(value))
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        result = Decimal(text)
    if not result.is_finite():
        raise InvalidOperation
    return result


class _UnitFinder:
    """Units by short name (first) or name, case-insensitive; a name two units share is ambiguous."""

    def __init__(self) -> None:
        self.by_short: dict[str, list[OrgUnit]] = {}
        self.by_name: dict[str, list[OrgUnit]] = {}
        for unit in OrgUnit.objects.active().only("id", "name", "short_name", "path"):
            if unit.short_name:
                self.by_short.setdefault(unit.short_name.strip().lower(), []).append(unit)
            self.by_name.setdefault(unit.name.strip().lower(), []).append(unit)

    def find(self, text: str) -> tuple[OrgUnit | None, str]:
        key = text.strip().lower()
        found = self.by_short.get(key) or self.by_name.get(key) or []
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, _(
                "%(count)s units are called “%(name)s”; use a name or short name only one unit has."
            ) % {
                "count": len(found),
                "name": text.strip(),
            }
        return None, _("No unit in the organisation is called “%(name)s”.") % {"name": text.strip()}


@dataclass
class _Row:
    unit: OrgUnit
    gender: str
    age_group: str
    headcount: int
    fte: Decimal | None
    working_hours: Decimal
    sick_hours: Decimal
    long_sick_hours: Decimal


def _field_limit(name: str) -> tuple[Decimal, int]:
    field = PersonnelFigure._meta.get_field(name)
    return Decimal(10) ** (field.max_digits - field.decimal_places), field.decimal_places


def _check_rows(rows: Iterable[tuple[int, list[Any]]], problems: list[Problem]) -> list[_Row]:
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        raise Refused(_("The file is empty."))
    header = [_key(v) if not _blank(v) else "" for v in first[1]]
    positions: dict[str, int] = {}
    for column in COLUMNS:
        if _key(column) in header:
            positions[column] = header.index(_key(column))
    missing = [c for c in REQUIRED if c not in positions]
    if missing:
        raise Refused(
            _("The first row must name the columns %(columns)s; missing: %(missing)s.")
            % {"columns": "; ".join(COLUMNS), "missing": "; ".join(missing)},
            row=1,
        )
    units = _UnitFinder()
    seen: dict[tuple[int, str, str], int] = {}
    result: list[_Row] = []

    def add(number: int, column: str, reason: str) -> None:
        problems.append(Problem(number, column, reason))

    for number, values in rows:
        cells = {c: (values[i] if i < len(values) else None) for c, i in positions.items()}
        if all(_blank(v) for v in cells.values()):
            continue
        if len(problems) >= MAX_PROBLEMS:
            break
        before = len(problems)
        for column, value in cells.items():
            if isinstance(value, CellError):
                add(number, column, _("The cell cannot be read: its stored value is damaged."))
        if len(problems) > before:
            continue
        unit = None
        if _blank(cells[UNIT]):
            add(number, UNIT, _("A unit is required."))
        else:
            unit, reason = units.find(_text(cells[UNIT]))
            if reason:
                add(number, UNIT, reason)
        gender = _GENDERS.get(_key(cells[GENDER])) if not _blank(cells[GENDER]) else None
        if gender is None:
            add(number, GENDER, _("The gender must be kvinna, man or annat."))
        age = _AGES.get(_key(cells[AGE])) if not _blank(cells[AGE]) else None
        if age is None:
            add(number, AGE, _("The age group must be -29, 30-49 or 50-."))
        numbers: dict[str, Decimal | None] = {}
        for column, name in (
            (HEADCOUNT, "headcount"),
            (FTE, "fte"),
            (WORKING, "working_hours"),
            (SICK, "sick_hours"),
            (LONG_SICK, "long_sick_hours"),
        ):
            raw = cells.get(column)
            numbers[name] = None
            if _blank(raw):
                if column != FTE:
                    add(number, column, _("A number is required."))
                continue
            try:
                value = _number(raw)
            except (InvalidOperation, ValueError):
                add(number, column, _("Not a number."))
                continue
            if value < 0:
                add(number, column, _("The number cannot be negative."))
                continue
            if name == "headcount":
                if value != value.to_integral_value():
                    add(number, column, _("The number of employees must be a whole number."))
                    continue
                limit, places = Decimal(10**9), 0
            else:
                limit, places = _field_limit(name)
            if value >= limit:
                add(number, column, _("The number is too large."))
                continue
            numbers[name] = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        working, sick, long_sick = numbers["working_hours"], numbers["sick_hours"], numbers["long_sick_hours"]
        if working is not None and sick is not None and sick > working:
            add(number, SICK, _("The sick leave is more hours than the ordinary working time."))
        if sick is not None and long_sick is not None and long_sick > sick:
            add(
                number, LONG_SICK, _("The long-term sick leave is more hours than the sick leave as a whole.")
            )
        if unit is not None and gender and age:
            key = (unit.pk, gender, age)
            if key in seen:
                add(
                    number,
                    UNIT,
                    _("The unit, gender and age group are already on row %(row)s.") % {"row": seen[key]},
                )
            else:
                seen[key] = number
        if len(problems) == before:
            result.append(
                _Row(
                    unit=unit,
                    gender=gender,
                    age_group=age,
                    headcount=int(numbers["headcount"]),
                    fte=numbers["fte"],
                    working_hours=working,
                    sick_hours=sick,
                    long_sick_hours=long_sick,
                )
            )
    if not result and not problems:
        raise Refused(_("The file has no rows of figures."))
    return result


# --- the import -----------------------------------------------------------------------------------------------


def import_file(
    file: IO[bytes], period: Period, user: User | None, *, filename: str = "", allow_closed_year: bool = False
) -> ImportResult:
    """Check every row of the HR file, then (only if nothing is wrong) replace the period's figures with it."""
    if period.year.is_closed and not allow_closed_year:
        return ImportResult([Problem(None, "", _("The year is closed; its figures cannot change."))])
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        return ImportResult([_too_large(size)])
    file.seek(0)
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return ImportResult([_too_large(len(data))])
    digest = hashlib.sha256(data).hexdigest()
    current = PersonnelImport.objects.filter(period=period).first()
    if current is not None and current.sha256 == digest:
        return ImportResult([], rows=current.rows, unchanged=True)

    problems: list[Problem] = []
    try:
        rows = _check_rows(_rows(file, filename or getattr(file, "name", "") or "", data), problems)
    except Refused as refused:
        return ImportResult([*problems, refused.problem])
    except TooManyRows:
        return ImportResult(
            [
                *problems,
                Problem(
                    MAX_ROWS + 2,
                    "",
                    _(
                        "The file has more than %(max)s rows of figures; at most %(max)s can be imported at a time."
                    )
                    % {"max": MAX_ROWS},
                ),
            ]
        )
    except (zipfile.BadZipFile, OSError, EOFError):
        return ImportResult([Problem(None, "", _("The Excel workbook cannot be opened; it is damaged."))])
    if problems:
        if len(problems) >= MAX_PROBLEMS:
            problems.append(
                Problem(None, "", _("Checking stopped after %(count)s problems.") % {"count": MAX_PROBLEMS})
            )
        return ImportResult(problems)

    with transaction.atomic():
        PersonnelFigure.objects.filter(period=period).delete()
        PersonnelFigure.objects.bulk_create(
            [
                PersonnelFigure(
                    period=period,
                    unit=row.unit,
                    gender=row.gender,
                    age_group=row.age_group,
                    headcount=row.headcount,
                    fte=row.fte,
                    working_hours=row.working_hours,
                    sick_hours=row.sick_hours,
                    long_sick_hours=row.long_sick_hours,
                )
                for row in rows
            ],
            batch_size=1000,
        )
        PersonnelImport.objects.update_or_create(
            period=period,
            defaults={
                "filename": (filename or getattr(file, "name", "") or "")[:255],
                "sha256": digest,
                "rows": len(rows),
                "imported_by": user,
                "imported_at": timezone.now(),
            },
        )
    return ImportResult([], rows=len(rows))


def _too_large(size: int) -> Problem:
    return Problem(
        None,
        "",
        _("The file is %(size)s; at most %(max)s can be imported.")
        % {"size": filesizeformat(size), "max": filesizeformat(MAX_BYTES)},
    )


# --- the template -----------------------------------------------------------------------------------------------


def _example_rows() -> list[list[Any]]:
    """Two rows for the first unit of the organisation, to show the format (numbers with a decimal comma)."""
    unit = OrgUnit.objects.active().filter(kind=OrgUnit.Kind.UNIT).order_by("path").first()
    name = (unit.short_name or unit.name) if unit else "Enhetens namn"
    return [
        [name, "kvinna", "-29", 14, "12,5", "10920", "655,2", "120"],
        [name, "man", "30-49", 6, "5,8", "5070", "410", "0"],
    ]


def template_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_example_rows())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    book = SafeWorkbook()
    sheet = book.sheet("Personal")
    sheet.header(COLUMNS, widths=[34, 10, 12, 16, 12, 28, 22, 32])
    for row in _example_rows():
        sheet.append([_number(v) if i >= 3 else v for i, v in enumerate(row)])
    return book.to_bytes()
