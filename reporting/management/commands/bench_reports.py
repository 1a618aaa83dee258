"""Benchmark (not a test): time and peak Python memory (tracemalloc: allocations made through Python; the C
libraries below WeasyPrint, such as Pango, are not counted) to build the largest demo board's interim report and the
municipality's compilation, beside WeasyPrint alone rendering the same finished HTML.

    ./dev bench            (after ./dev manage load_demo, or on any database with data)
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q
from django.utils import timezone

from reporting import services
from reporting.models import Report
from styrmodell.lib import pdf
from styrmodell.models import OrgUnit, Year


def _measure(work: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """(best seconds over `repeat` runs, peak MiB of Python allocations, result). The times are taken without
    tracemalloc, which slows allocation-heavy Python two- to threefold; one more run measures the peak."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    gc.collect()
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak / 2**20, result


class Command(BaseCommand):
    help = "Time and peak memory of building reports, compared with WeasyPrint alone on the same HTML."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--repeat", type=int, default=3, help="runs per measurement; the best time is kept"
        )

    def handle(self, *args, repeat: int, **options) -> None:
        # The year with the most goals, its latest period that has begun, and the board with most goals in it.
        year = Year.objects.annotate(n=Count("goals")).order_by("-n", "-year").first()
        root = OrgUnit.objects.filter(depth=1).first()
        if year is None or root is None:
            raise CommandError("No data: run `./dev manage load_demo` first.")
        today = timezone.localdate()
        period = year.periods.filter(starts__lte=today).order_by("-ends").first() or year.periods.first()
        board = (
            OrgUnit.objects.boards()
            .annotate(n=Count("goals", filter=Q(goals__year=year)))
            .order_by("-n", "path")
            .first()
        )
        cases = [
            (f"Interim report, {board.name} ({period})", board),
            (f"Compilation, all boards ({period})", root),
        ]
        self.stdout.write(f"{'case':58} {'seconds':>8} {'peak MiB':>9}")
        for label, unit in cases:
            # An unsaved report: the benchmark reads the data and writes nothing.
            report = Report(
                unit=unit,
                period=period,
                kind=Report.kind_for(period),
                scope=Report.Scope.BOARD if unit.kind == OrgUnit.Kind.BOARD else Report.Scope.MUNICIPALITY,
            )
            full_time, full_mem, rendered = _measure(lambda r=report: services.render_report(r), repeat)
            _body, document, data = rendered
            alone_time, alone_mem, _ = _measure(lambda d=document: pdf.html_to_pdf(d), repeat)
            self.stdout.write(f"{label[:58]:58} {full_time:8.2f} {full_mem:9.1f}")
            self.stdout.write(f"{'  WeasyPrint alone, same HTML':58} {alone_time:8.2f} {alone_mem:9.1f}")
            self.stdout.write(
                f"{'  ratio (whole build / WeasyPrint alone)':58} {full_time / alone_time:8.2f} "
                f"{full_mem / alone_mem:9.2f}"
            )
            self.stdout.write(f"  {len(document) // 1024} KiB HTML, {len(data) // 1024} KiB PDF")
