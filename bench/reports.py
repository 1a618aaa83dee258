"""4. The interim report (delårsrapport, tertial 2) of the largest board and the municipality's compilation:
time and peak memory of the whole build (data, templates, PDF) against WeasyPrint alone rendering the finished
HTML.

The reporting app keeps its own report benchmark (`manage.py bench_reports`); when it is there, `bench` runs it
and prints what it prints. This module is the stand-in used when it is not, measured the same way.
"""

from __future__ import annotations

import io
import time
import tracemalloc
from importlib.util import find_spec

from django.core.management import call_command
from django.db import transaction

from reporting import services
from styrmodell.lib import pdf
from styrmodell.models import OrgUnit, Period

from .common import Context, Result, largest_board, system_admin


class Rollback(Exception):
    pass


def reporting_bench_available() -> bool:
    return find_spec("reporting.management.commands.bench_reports") is not None


def run_reporting_bench(ctx: Context) -> str:
    out = io.StringIO()
    call_command("bench_reports", repeat=1, stdout=out)
    return out.getvalue()


def _measure(fn) -> tuple[float, float, object]:
    """(milliseconds, peak MiB allocated by Python during the call, result)."""
    tracemalloc.start()
    started = time.perf_counter()
    value = fn()
    elapsed = (time.perf_counter() - started) * 1000
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 2**20, value


def _timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn()
    return (time.perf_counter() - started) * 1000, value


def run(ctx: Context) -> list[Result]:
    board = largest_board()
    root = OrgUnit.objects.get(depth=1)
    period = Period.current()
    interim = Period.objects.filter(year=period.year, key="t2").first() or period
    user = system_admin()
    results = []
    try:
        with transaction.atomic():
            for label, unit in [("interim report, largest board", board), ("municipality compilation", root)]:
                report = services.get_or_create_report(unit, interim, user)
                build_ms, (_body, document, _data) = _timed(
                    lambda report=report: services.render_report(report)
                )
                floor_ms, _pdf = _timed(lambda document=document: pdf.html_to_pdf(document))
                _ms, build_peak, _v = _measure(lambda report=report: services.render_report(report))
                _ms, floor_peak, _v = _measure(lambda document=document: pdf.html_to_pdf(document))
                results.append(
                    Result(
                        f"4 {label} (build vs WeasyPrint alone)",
                        build_ms,
                        floor_ms,
                        target=1.3,
                        notes=[
                            f"peak Python memory {build_peak:.0f} MiB (WeasyPrint alone {floor_peak:.0f} MiB); "
                            f"HTML {len(document) // 1024} KiB"
                        ],
                    )
                )
            raise Rollback
    except Rollback:
        pass
    return results
