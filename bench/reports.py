"""4. The interim report (delårsrapport, tertial 2) of the largest board and the municipality's compilation:
time and peak resident set size of the whole process during the build (data, templates, PDF; target ≤ 1 GB)
against WeasyPrint alone rendering the finished HTML.

The reporting app's own `manage.py bench_reports` measures its parts one by one; this is the figure `./dev bench`
judges: the real T2 report of the largest board (period key "t2"), whatever period is open now.
"""

from __future__ import annotations

import gc
import resource
import time

from django.db import transaction

from reporting import services
from styrmodell.lib import pdf
from styrmodell.models import OrgUnit, Period

from .common import Context, Result, largest_board, system_admin

RSS_LIMIT_MIB = 1024


class Rollback(Exception):
    pass


def _vm_hwm() -> float | None:
    """The process's peak resident set size in MiB since it was last reset (Linux), or None elsewhere."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _reset_hwm() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # resets the peak resident set size to the current one (Linux ≥ 4.0)
        return True
    except OSError:
        return False


def _measure(fn) -> tuple[float, float, object]:
    """(milliseconds, peak resident set size of the whole process in MiB during the call, result). The process's
    peak counts everything (Python objects, WeasyPrint's and Pango's C memory, the database driver's buffers),
    not only what Python allocates. Where the peak cannot be reset, the lifetime peak (ru_maxrss) is reported."""
    gc.collect()
    reset = _reset_hwm()
    started = time.perf_counter()
    value = fn()
    elapsed = (time.perf_counter() - started) * 1000
    peak = _vm_hwm() if reset else None
    if peak is None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return elapsed, peak, value


def _timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn()
    return (time.perf_counter() - started) * 1000, value


def run(ctx: Context) -> list[Result]:
    board = largest_board()
    root = OrgUnit.objects.get(depth=1)
    period = Period.current()
    # The T2 interim report (delårsrapport) of the current year, whatever period is open now.
    interim = Period.objects.filter(year=period.year, key="t2").first()
    if interim is None:
        raise RuntimeError("The current year has no period 't2' (the interim report).")
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
                            f"{interim.name} ({interim.key}) {interim.year}; HTML {len(document) // 1024} KiB"
                        ],
                    )
                )
                results.append(
                    Result(
                        f"4 {label}: peak process RSS",
                        build_peak,
                        floor_peak,
                        unit="MiB",
                        limit=RSS_LIMIT_MIB,
                        notes=["floor: the process's peak while WeasyPrint alone renders the finished HTML"],
                    )
                )
            raise Rollback
    except Rollback:
        pass
    return results
