"""5. Excel import of 10,000 indicator outcomes (the reporting import template, filled in) against openpyxl
just reading the same file.

The indicators are made for the occasion on one goal of the largest board and everything is rolled back
afterwards. The application refuses workbooks above `reporting.exports.MAX_IMPORT_ROWS` rows (5,000); the
benchmark raises that limit for its own run only, to measure the import machinery at 10,000 rows.
"""

from __future__ import annotations

import io
import uuid
from decimal import Decimal
from unittest import mock

from django.db import transaction
from openpyxl import Workbook, load_workbook

from goals.models import Goal, Indicator
from reporting import exports
from styrmodell.models import Role

from .common import Context, Result, count_queries, holders, largest_board, median_ms, open_period


class Rollback(Exception):
    pass


def workbook(indicators: list[Indicator], goal: Goal) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(exports.OUTCOME_SHEET)
    sheet.append(exports.OUTCOME_COLUMNS)
    for n, indicator in enumerate(indicators):
        sheet.append(
            [
                str(indicator.code),
                goal.title,
                indicator.name,
                indicator.unit,
                80,
                50 + n % 40,
                "Enligt plan" if n % 10 == 0 else None,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_only(data: bytes) -> int:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = sum(1 for _row in book[exports.OUTCOME_SHEET].iter_rows(values_only=True))
    book.close()
    return rows


def run(ctx: Context) -> list[Result]:
    rows = ctx.excel_rows
    board = largest_board()
    period = open_period()
    controller = holders(Role.CONTROLLER, pk=board.pk)[0].user
    repeat = max(1, min(ctx.repeat, 3))
    figures: dict[str, float] = {}
    try:
        with transaction.atomic():
            goal = Goal.objects.filter(board=board, year_id=period.year_id).first()
            indicators = Indicator.objects.bulk_create(
                [
                    Indicator(
                        goal=goal,
                        name=f"Mätetal {n + 1}",
                        unit="%",
                        code=uuid.UUID(int=n + 1, version=4),
                        position=1000 + n,
                        tolerance=Decimal(2),
                    )
                    for n in range(rows)
                ]
            )
            data = workbook(indicators, goal)
            figures["floor"] = median_ms(lambda: read_only(data), repeat)

            def import_once() -> None:
                with transaction.atomic():
                    with mock.patch.object(exports, "MAX_IMPORT_ROWS", rows + 1):
                        result = exports.import_workbook(io.BytesIO(data), board, period, controller)
                    if result.outcomes != rows:
                        raise RuntimeError(
                            f"import: {result.outcomes} outcomes, problems {result.problems[:3]}"
                        )
                    transaction.set_rollback(True)

            figures["import"] = median_ms(import_once, repeat, warmup=0)
            figures["queries"] = count_queries(import_once)
            raise Rollback
    except Rollback:
        pass
    return [
        Result(
            f"5 Excel import of {rows:,} outcomes",
            figures["import"],
            figures["floor"],
            target=2.0,
            notes=[f"{figures['queries']:.0f} queries; workbook {len(data) // 1024} KiB"],
        ),
    ]
