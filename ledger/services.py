"""Importing a SIE 4 file into a year's ledger: checked in full first, then written in one transaction.

`check_file` reads the file once (ledger.sie, line by line) and checks every record; the balance rows it accepts
go to a temporary staging file, so memory stays bounded by the chart of accounts and the objects, not by the
rows. Only a file without a single problem is written: `write_checked` upserts the accounts and objects, replaces
the year's balances (PostgreSQL: COPY; otherwise bulk inserts in batches) and records the import, all in one
transaction, so a failure half-way leaves the year's previous figures as they were. The same file as the year's
current one (by SHA-256) is refused before anything is read."""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import BinaryIO

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrmodell.models import Year

from . import sie
from .models import Account, AccountRange, Balance, Dimension, LedgerImport, LedgerObject

Progress = Callable[[int, str], None]

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_ROWS = 5_000_000
MAX_AMOUNT_DIGITS = 15  # |amount| < 10^15 kronor
INSERT_BATCH = 5_000

BALANCE_KINDS = {
    "#IB": Balance.Kind.OPENING,
    "#UB": Balance.Kind.CLOSING,
    "#OIB": Balance.Kind.OPENING,
    "#OUB": Balance.Kind.CLOSING,
    "#RES": Balance.Kind.RESULT,
    "#PSALDO": Balance.Kind.PERIOD,
    "#PBUDGET": Balance.Kind.BUDGET,
}
# Records with an object list, and the position of it; the others are the account's totals.
OBJECT_LIST_AT = {"#OIB": 2, "#OUB": 2, "#PSALDO": 3, "#PBUDGET": 3}
KEPT_YEARS = {"0": 0, "-1": -1}

_AMOUNT = re.compile(r"-?(\d+)(?:\.(\d+))?")
_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_PERIOD = re.compile(r"(\d{4})(\d{2})")
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,10}")


def max_bytes() -> int:
    return int(getattr(settings, "LEDGER_SIE_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_rows() -> int:
    return int(getattr(settings, "LEDGER_SIE_MAX_ROWS", DEFAULT_MAX_ROWS))


@dataclass
class DimensionNumbers:
    """Which SIE dimension numbers are read as ansvar, verksamhet and projekt. An empty `activity` means the
    dimension the file names "Verksamhet" in #DIM, if any."""

    responsibility: str = "1"
    activity: str = ""
    project: str = "6"

    def as_dict(self) -> dict[str, str]:
        return {
            Dimension.RESPONSIBILITY: self.responsibility,
            Dimension.ACTIVITY: self.activity,
            Dimension.PROJECT: self.project,
        }


@dataclass
class Checked:
    """What checking a file found. `staging` holds the accepted balance rows (tab-separated: kind, year offset,
    month, account, ansvar, verksamhet, projekt, amount) while `problems` is empty."""

    problems: sie.Problems = field(default_factory=sie.Problems)
    program: str = ""
    company: str = ""
    accounts: dict[str, str] = field(default_factory=dict)
    # (dimension name, code) -> object name, for the objects of the three dimensions.
    objects: dict[tuple[str, str], str] = field(default_factory=dict)
    dimensions: dict[str, str] = field(default_factory=dict)
    rows: int = 0
    # Accounts the balance records name.
    used_accounts: int = 0
    through_month: int = 0
    # Account -> the amount shown beside it when it is unmapped: the year's closing balance or result, else the
    # latest month's movement.
    headline: dict[str, tuple[int, Decimal]] = field(default_factory=dict)
    staging: io.TextIOBase | None = None
    # #PSALDO and #PBUDGET give each month's own movement; they are added up per (kind, offset, account, ansvar,
    # verksamhet, projekt) in öre, month by month, and written as the movement to date.
    # A list of 13 (index = month, None = no booking) costs a quarter of a dict's memory at a million rows.
    periods: dict[tuple[str, int, str, str, str, str], list[int | None]] = field(default_factory=dict)
    # The last month of each (kind, offset): the rows of every key run to it.
    last_month: dict[tuple[str, int], int] = field(default_factory=dict)

    def close(self) -> None:
        if self.staging is not None:
            self.staging.close()
            self.staging = None


def sha256_of(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _amount_problem(text: str) -> str | None:
    match = _AMOUNT.fullmatch(text)
    if match is None:
        return _("the amount ”%(value)s” is not a number.") % {"value": text}
    whole, decimals = match.groups()
    if len(whole.lstrip("0")) > MAX_AMOUNT_DIGITS:
        return _("the amount ”%(value)s” is too large (at most ±10^15 kronor).") % {"value": text}
    if decimals and len(decimals.rstrip("0")) > 2:
        return _("the amount ”%(value)s” has more than two decimals.") % {"value": text}
    return None


def check_file(
    stream: BinaryIO,
    year: int,
    numbers: DimensionNumbers | None = None,
    progress: Progress | None = None,
    size: int | None = None,
) -> Checked:
    """Read and check a whole SIE 4 file for `year`. Every problem is collected (line, field, reason in the
    active language); the accepted rows are staged in a temporary file. Nothing is written to the database."""
    numbers = numbers or DimensionNumbers()
    checked = Checked()
    problems = checked.problems
    size = size if size is not None else _size_of(stream)
    if size > max_bytes():
        problems.add(
            None,
            _("file"),
            _("the file is %(size)s MB; at most %(limit)s MB can be imported.")
            % {"size": round(size / 1_000_000), "limit": round(max_bytes() / 1_000_000)},
        )
        return checked
    staging = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")
    checked.staging = staging
    write = staging.write

    sietyp: tuple[int, str] | None = None
    years: dict[str, tuple[int, int, int, int]] = {}  # index -> (line, start yyyymm, end yyyymm, start year)
    dim_names: dict[str, str] = {}
    declared_objects: set[tuple[str, str]] = set()
    used_accounts: dict[str, tuple[int, str]] = {}
    used_objects: dict[tuple[str, str], tuple[int, str]] = {}
    used_periods: dict[tuple[str, str], tuple[int, str]] = {}
    used_years: dict[str, tuple[int, str]] = {}
    role_of: dict[str, str] | None = None  # SIE dimension number -> our dimension, fixed at the first balance
    limit_rows = max_rows()
    next_report = 0

    for line_no, tag, fields in sie.records(stream, problems):
        if line_no > limit_rows:
            problems.add(
                line_no,
                _("file"),
                _("the file has more than %(limit)s lines; split it or raise the limit.")
                % {"limit": limit_rows},
            )
            break
        if progress is not None and line_no >= next_report:
            next_report = line_no + 50_000
            progress(
                int(45 * stream.tell() / max(size, 1)),
                _("Checking the file, line %(line)s") % {"line": line_no},
            )
        kind = BALANCE_KINDS.get(tag)
        if kind is not None:
            if role_of is None:
                role_of = _roles(numbers, dim_names)
            _balance(
                checked,
                tag,
                kind,
                line_no,
                fields,
                role_of,
                used_accounts,
                used_objects,
                used_periods,
                used_years,
                write,
            )
            continue
        if tag == "#SIETYP":
            sietyp = (line_no, fields[0] if fields else "")
        elif tag == "#PROGRAM":
            checked.program = " ".join(f for f in fields if isinstance(f, str))[:200]
        elif tag == "#FNAMN":
            checked.company = (fields[0] if fields and isinstance(fields[0], str) else "")[:200]
        elif tag == "#RAR":
            _rar(problems, line_no, fields, years)
        elif tag == "#KONTO":
            if len(fields) < 2 or not isinstance(fields[0], str) or not _ACCOUNT.fullmatch(fields[0]):
                problems.add(
                    line_no,
                    tag,
                    _("an account number (at most 10 letters or digits) and a name are required."),
                )
            else:
                checked.accounts[fields[0]] = str(fields[1])[:200]
        elif tag == "#DIM":
            if len(fields) >= 2 and isinstance(fields[0], str):
                dim_names[fields[0]] = str(fields[1])
            else:
                problems.add(line_no, tag, _("a dimension number and a name are required."))
        elif tag == "#OBJEKT":
            if len(fields) < 2 or not all(isinstance(f, str) for f in fields[:2]) or not fields[1]:
                problems.add(line_no, tag, _("a dimension number, an object code and a name are required."))
                continue
            dim, code = fields[0], fields[1]
            if len(code) > 40 or "\t" in code:
                problems.add(
                    line_no,
                    tag,
                    _("the object code ”%(code)s” is longer than 40 characters or holds a tab.")
                    % {"code": code[:50]},
                )
                continue
            declared_objects.add((dim, code))
            name = str(fields[2])[:200] if len(fields) > 2 else ""
            checked.objects[(dim, code)] = name

    if problems.unreadable:
        return checked
    if progress is not None:
        progress(45, _("Checking references"))
    # What can only be judged once the whole file is read.
    if sietyp is None:
        problems.add(None, "#SIETYP", _("missing: this is not a SIE 4 file."))
    elif sietyp[1] != "4":
        problems.add(
            sietyp[0],
            "#SIETYP",
            _("the file is of type %(type)s; only SIE type 4 can be imported.") % {"type": sietyp[1] or "?"},
        )
    if "0" not in years:
        problems.add(None, "#RAR", _("the fiscal year (#RAR 0) is missing."))
    elif years["0"][3] != year:
        problems.add(
            years["0"][0],
            "#RAR",
            _("the file's fiscal year is %(found)s, not %(year)s.") % {"found": years["0"][3], "year": year},
        )
    for number, (line_no, tag) in used_accounts.items():
        if number not in checked.accounts:
            problems.add(
                line_no, tag, _("the account ”%(account)s” is not declared by #KONTO.") % {"account": number}
            )
    for (dim, code), (line_no, tag) in used_objects.items():
        if (dim, code) not in declared_objects:
            problems.add(
                line_no,
                tag,
                _("the object ”%(code)s” of dimension %(dim)s is not declared by #OBJEKT.")
                % {"code": code, "dim": dim},
            )
    for index, (line_no, tag) in used_years.items():
        if index not in years:
            problems.add(line_no, tag, _("the year %(index)s is not declared by #RAR.") % {"index": index})
    for (index, period), (line_no, tag) in used_periods.items():
        if index in years and not (years[index][1] <= int(period) <= years[index][2]):
            problems.add(
                line_no,
                tag,
                _("the period ”%(period)s” is outside the fiscal year %(start)s–%(end)s.")
                % {"period": period, "start": years[index][1], "end": years[index][2]},
            )
    problems.kept.sort(key=lambda p: p.line or 0)
    checked.used_accounts = len(used_accounts)
    _finish_periods(checked)

    # Only the objects of the three dimensions are kept, under our names.
    role_of = role_of or _roles(numbers, dim_names)
    checked.dimensions = {name: number for number, name in role_of.items()}
    checked.objects = {
        (role_of[dim], code): name for (dim, code), name in checked.objects.items() if dim in role_of
    }
    staging.flush()
    staging.seek(0)
    return checked


def _size_of(stream: BinaryIO) -> int:
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def _roles(numbers: DimensionNumbers, dim_names: dict[str, str]) -> dict[str, str]:
    activity = numbers.activity or next(
        (number for number, name in dim_names.items() if name.strip().lower() == "verksamhet"), ""
    )
    roles = {
        numbers.responsibility: Dimension.RESPONSIBILITY,
        activity: Dimension.ACTIVITY,
        numbers.project: Dimension.PROJECT,
    }
    roles.pop("", None)
    return roles


def _rar(problems: sie.Problems, line_no: int, fields: list, years: dict) -> None:
    if len(fields) < 3 or not all(isinstance(f, str) for f in fields[:3]):
        problems.add(line_no, "#RAR", _("a year index, a start date and an end date are required."))
        return
    index, start, end = fields[:3]
    start_m, end_m = _DATE.fullmatch(start), _DATE.fullmatch(end)
    if start_m is None or end_m is None or not re.fullmatch(r"-?\d+", index):
        problems.add(
            line_no,
            "#RAR",
            _("the dates ”%(start)s” and ”%(end)s” are not dates (YYYYMMDD).") % {"start": start, "end": end},
        )
        return
    years[index] = (line_no, int(start[:6]), int(end[:6]), int(start_m.group(1)))


def _balance(
    checked: Checked,
    tag: str,
    kind: str,
    line_no: int,
    fields: list,
    role_of: dict[str, str],
    used_accounts: dict,
    used_objects: dict,
    used_periods: dict,
    used_years: dict,
    write: Callable[[str], int],
) -> None:
    """Check one balance record and stage it."""
    problems = checked.problems
    objects_at = OBJECT_LIST_AT.get(tag)
    has_period = tag in ("#PSALDO", "#PBUDGET")
    account_at = 2 if has_period else 1
    amount_at = (objects_at + 1) if objects_at is not None else 2
    if len(fields) <= amount_at:
        problems.add(line_no, tag, _("the record has too few fields."))
        return
    index, account, amount = fields[0], fields[account_at], fields[amount_at]
    if not isinstance(index, str) or not isinstance(account, str) or not isinstance(amount, str):
        problems.add(line_no, tag, _("a year index, an account and an amount are required."))
        return
    if index not in used_years:
        used_years[index] = (line_no, tag)
    if not _ACCOUNT.fullmatch(account):
        problems.add(
            line_no, tag, _("the account ”%(account)s” is not an account number.") % {"account": account[:20]}
        )
        return
    if account not in used_accounts:
        used_accounts[account] = (line_no, tag)
    wrong = _amount_problem(amount)
    if wrong:
        problems.add(line_no, tag, wrong)
        return
    month = 0
    if has_period:
        period = fields[1]
        if not isinstance(period, str) or not _PERIOD.fullmatch(period) or not 1 <= int(period[4:]) <= 12:
            problems.add(
                line_no, tag, _("the period ”%(period)s” is not a month (YYYYMM).") % {"period": period}
            )
            return
        key = (index, period)
        if key not in used_periods:
            used_periods[key] = (line_no, tag)
        month = int(period[4:])
    objects = {}
    if objects_at is not None:
        pairs = fields[objects_at]
        if not isinstance(pairs, list):
            problems.add(line_no, tag, _("the object list is missing (write {} for none)."))
            return
        for dim, code in pairs:
            if not code:
                problems.add(line_no, tag, _("the object list must hold pairs of dimension and object."))
                return
            if (dim, code) not in used_objects:
                used_objects[(dim, code)] = (line_no, tag)
            role = role_of.get(dim)
            if role is None or role in objects:
                # On a dimension the statements do not read: this row is not a breakdown they can use, and
                # kept without it, it would pass for the account's total.
                return
            objects[role] = code
    offset = KEPT_YEARS.get(index)
    if offset is None:
        return  # older years (#RAR -2 …) are allowed in the file and not kept
    r = objects.get(Dimension.RESPONSIBILITY, "")
    a = objects.get(Dimension.ACTIVITY, "")
    p = objects.get(Dimension.PROJECT, "")
    if has_period:
        key = (kind, offset, account, r, a, p)
        months = checked.periods.get(key)
        if months is None:
            months = checked.periods[key] = [None] * 13
        booked = months[month]
        months[month] = _ore(amount) if booked is None else booked + _ore(amount)
        if month > checked.last_month.get((kind, offset), 0):
            checked.last_month[(kind, offset)] = month
        return
    write(f"{kind}\t{offset}\t0\t{account}\t{r}\t{a}\t{p}\t{amount}\n")
    checked.rows += 1
    if offset == 0 and not objects and kind in (Balance.Kind.CLOSING, Balance.Kind.RESULT):
        checked.headline[account] = (3, Decimal(amount))


def _ore(amount: str) -> int:
    negative = amount.startswith("-")
    whole, _sep, decimals = amount.lstrip("-").partition(".")
    ore = int(whole) * 100 + int((decimals + "00")[:2])
    return -ore if negative else ore


def _kronor(ore: int) -> str:
    if ore < 0:
        whole, rest = divmod(-ore, 100)
        return f"-{whole}.{rest:02d}"
    whole, rest = divmod(ore, 100)
    return f"{whole}.{rest:02d}"


def period_rows(checked: Checked) -> Iterator[tuple[str, int, int, str, str, str, str, str]]:
    """The accumulated #PSALDO/#PBUDGET rows: for each key, every month from its first booking to the last month
    of its kind and year, with the movement to date."""
    for (kind, offset, account, r, a, p), months in checked.periods.items():
        last = checked.last_month[(kind, offset)]
        total = 0
        for month in range(_first(months), last + 1):
            total += months[month] or 0
            yield kind, offset, month, account, r, a, p, _kronor(total)


def _first(months: list[int | None]) -> int:
    return next(month for month in range(1, 13) if months[month] is not None)


def _finish_periods(checked: Checked) -> None:
    """Count the accumulated rows and take the headline of accounts without a closing balance or result."""
    through = checked.last_month.get((Balance.Kind.PERIOD, 0), 0)
    checked.through_month = through
    for (kind, offset, account, r, a, p), months in checked.periods.items():
        last = checked.last_month[(kind, offset)]
        checked.rows += last - _first(months) + 1
        if (
            kind == Balance.Kind.PERIOD
            and offset == 0
            and not (r or a or p)
            and account not in checked.headline
        ):
            checked.headline[account] = (1, Decimal(_kronor(sum(m for m in months if m is not None))))


# --- writing -----------------------------------------------------------------------------------------------------


def already_imported(year: Year, sha256: str) -> bool:
    """The file is the year's current one (its latest completed import)."""
    latest = (
        LedgerImport.objects.filter(year=year, state=LedgerImport.State.DONE).order_by("-started").first()
    )
    return latest is not None and latest.sha256 == sha256


def write_checked(checked: Checked, ledger_import: LedgerImport, progress: Progress | None = None) -> None:
    """Replace the year's ledger with a checked file's, in one transaction."""
    assert not checked.problems and checked.staging is not None
    year = ledger_import.year
    with transaction.atomic():
        account_ids = _upsert_accounts(checked.accounts)
        object_ids = _upsert_objects(checked.objects)
        if progress is not None:
            progress(50, _("Removing the year's previous figures"))
        Balance.objects.filter(year=year).delete()
        if progress is not None:
            progress(55, _("Writing the balances"))
        if connection.vendor == "postgresql":
            _copy_rows(_copy_lines(checked, account_ids, object_ids, year.pk, progress))
        else:
            _insert_rows(_rows(checked, account_ids, object_ids, year.pk, progress))
        ledger_import.state = LedgerImport.State.DONE
        ledger_import.rows = checked.rows
        ledger_import.accounts = checked.used_accounts
        ledger_import.through_month = checked.through_month
        ledger_import.unmapped = unmapped_accounts(checked)
        ledger_import.finished = timezone.now()
        ledger_import.save(
            update_fields=["state", "rows", "accounts", "through_month", "unmapped", "finished"]
        )


def _upsert_accounts(declared: dict[str, str]) -> dict[str, int]:
    existing = {a.number: a for a in Account.objects.all()}
    new = [Account(number=n, name=name) for n, name in declared.items() if n not in existing]
    Account.objects.bulk_create(new, batch_size=1000)
    renamed = []
    for number, name in declared.items():
        account = existing.get(number)
        if account is not None and account.name != name:
            account.name = name
            renamed.append(account)
    Account.objects.bulk_update(renamed, ["name"], batch_size=1000)
    return dict(Account.objects.values_list("number", "pk"))


def _upsert_objects(declared: dict[tuple[str, str], str]) -> dict[tuple[str, str], int]:
    """Create the new objects and rename the changed ones; an object's board or unit is kept."""
    existing = {
        (o.dimension, o.code): o for o in LedgerObject.objects.only("pk", "dimension", "code", "name")
    }
    new = [
        LedgerObject(dimension=d, code=c, name=n) for (d, c), n in declared.items() if (d, c) not in existing
    ]
    LedgerObject.objects.bulk_create(new, batch_size=1000)
    renamed = []
    for key, name in declared.items():
        found = existing.get(key)
        if found is not None and found.name != name:
            found.name = name
            renamed.append(found)
    LedgerObject.objects.bulk_update(renamed, ["name"], batch_size=1000)
    return {(d, c): pk for d, c, pk in LedgerObject.objects.values_list("dimension", "code", "pk")}


def _rows(
    checked: Checked,
    account_ids: dict[str, int],
    object_ids: dict[tuple[str, str], int],
    year_id: int,
    progress: Progress | None,
) -> Iterator[tuple]:
    """The staged rows with ids: (year, offset, kind, month, account, ansvar, verksamhet, projekt, amount)."""
    resp = {c: pk for (d, c), pk in object_ids.items() if d == Dimension.RESPONSIBILITY}
    act = {c: pk for (d, c), pk in object_ids.items() if d == Dimension.ACTIVITY}
    proj = {c: pk for (d, c), pk in object_ids.items() if d == Dimension.PROJECT}
    total = max(checked.rows, 1)
    n = 0
    for line in checked.staging:
        kind, offset, month, account, r, a, p, amount = line.rstrip("\n").split("\t")
        n += 1
        yield (
            year_id,
            offset,
            kind,
            month,
            account_ids[account],
            resp.get(r),
            act.get(a),
            proj.get(p),
            amount,
        )
    for kind, offset, month, account, r, a, p, amount in period_rows(checked):
        n += 1
        if progress is not None and n % 100_000 == 0:
            progress(55 + int(44 * n / total), _("Writing the balances, row %(row)s") % {"row": n})
        yield (
            year_id,
            offset,
            kind,
            month,
            account_ids[account],
            resp.get(r),
            act.get(a),
            proj.get(p),
            amount,
        )


COLUMNS = (
    "year_id",
    "year_offset",
    "kind",
    "month",
    "account_id",
    "responsibility_id",
    "activity_id",
    "project_id",
    "amount",
)


def _copy_lines(
    checked: Checked,
    account_ids: dict[str, int],
    object_ids: dict[tuple[str, str], int],
    year_id: int,
    progress: Progress | None,
) -> Iterator[str]:
    """The staged rows as lines of COPY's text format (COLUMNS; no value holds a tab, newline or backslash).
    Written out directly rather than through `_rows`: at a million rows the per-value conversion counts."""
    null = r"\N"
    accounts = {number: str(pk) for number, pk in account_ids.items()}
    resp, act, proj = ({"": null} for _ in range(3))
    for (dimension, code), pk in object_ids.items():
        {Dimension.RESPONSIBILITY: resp, Dimension.ACTIVITY: act, Dimension.PROJECT: proj}[dimension][
            code
        ] = str(pk)
    for line in checked.staging:
        kind, offset, month, account, r, a, p, amount = line[:-1].split("\t")
        yield f"{year_id}\t{offset}\t{kind}\t{month}\t{accounts[account]}\t{resp[r]}\t{act[a]}\t{proj[p]}\t{amount}\n"
    total = max(checked.rows, 1)
    n = 0
    for kind, offset, month, account, r, a, p, amount in period_rows(checked):
        n += 1
        if progress is not None and n % 100_000 == 0:
            progress(55 + int(44 * n / total), _("Writing the balances, row %(row)s") % {"row": n})
        yield f"{year_id}\t{offset}\t{kind}\t{month}\t{accounts[account]}\t{resp[r]}\t{act[a]}\t{proj[p]}\t{amount}\n"


def _copy_rows(lines: Iterator[str]) -> None:
    """PostgreSQL's COPY FROM STDIN, written in chunks of about COPY_CHUNK characters."""
    table = Balance._meta.db_table
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            buffer: list[str] = []
            for line in lines:
                buffer.append(line)
                if len(buffer) >= 4_000:
                    copy.write("".join(buffer))
                    buffer = []
            if buffer:
                copy.write("".join(buffer))


def _insert_rows(rows: Iterator[tuple]) -> None:
    batch: list[Balance] = []
    for year_id, offset, kind, month, account, r, a, p, amount in rows:
        batch.append(
            Balance(
                year_id=year_id,
                year_offset=int(offset),
                kind=kind,
                month=int(month),
                account_id=account,
                responsibility_id=r,
                activity_id=a,
                project_id=p,
                amount=Decimal(amount),
            )
        )
        if len(batch) >= INSERT_BATCH:
            Balance.objects.bulk_create(batch)
            batch = []
    if batch:
        Balance.objects.bulk_create(batch)


def unmapped_accounts(checked: Checked) -> list[dict[str, str]]:
    """The accounts with a non-zero balance that no statement line's range covers, with their headline amount."""
    ranges = list(AccountRange.objects.all())
    return [
        {"account": number, "name": checked.accounts.get(number, ""), "amount": str(amount)}
        for number, (_rank, amount) in sorted(checked.headline.items())
        if amount and not any(r.covers(number) for r in ranges)
    ]


def still_unmapped(entries: list[dict[str, str]]) -> list[dict[str, str]]:
    """An import's unmapped accounts that the statements' ranges still do not cover (mapping may have changed
    since the import)."""
    if not entries:
        return []
    ranges = list(AccountRange.objects.all())
    return [e for e in entries if not any(r.covers(e["account"]) for r in ranges)]


# --- the whole import, as the background job runs it ---------------------------------------------------------------


def run_import(
    ledger_import: LedgerImport, stream: BinaryIO, progress: Progress | None = None
) -> LedgerImport:
    """Check and write one uploaded file; the import row records the outcome (done, or refused with its
    problems). Raises only on an unexpected failure, after which the year's figures are unchanged."""
    if already_imported(ledger_import.year, ledger_import.sha256):
        return _refuse(
            ledger_import, message=_("The file is already imported: the year's figures are this file's.")
        )
    dims = ledger_import.dimensions or {}
    numbers = DimensionNumbers(
        responsibility=dims.get(Dimension.RESPONSIBILITY, "1"),
        activity=dims.get(Dimension.ACTIVITY, ""),
        project=dims.get(Dimension.PROJECT, "6"),
    )
    checked = check_file(stream, ledger_import.year.year, numbers, progress, size=ledger_import.size or None)
    try:
        if checked.problems:
            return _refuse(ledger_import, problems=checked.problems)
        ledger_import.dimensions = checked.dimensions
        ledger_import.save(update_fields=["dimensions"])
        write_checked(checked, ledger_import, progress)
    finally:
        checked.close()
    return ledger_import


def _refuse(
    ledger_import: LedgerImport, *, message: str = "", problems: sie.Problems | None = None
) -> LedgerImport:
    ledger_import.state = LedgerImport.State.REFUSED
    ledger_import.message = message[:500]
    if problems is not None:
        ledger_import.problems = problems.as_text()
        ledger_import.problem_count = problems.count
    ledger_import.finished = timezone.now()
    ledger_import.save(update_fields=["state", "message", "problems", "problem_count", "finished"])
    return ledger_import
