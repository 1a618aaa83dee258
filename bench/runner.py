"""Runs the benchmarks in order and prints every figure beside its floor."""

from __future__ import annotations

import os
import time
import traceback
from importlib import import_module

from django.db import connection

from .common import Context, Result

BENCHMARKS = {
    "rollup": "bench.rollup",
    "pages": "bench.pages",
    "http": "bench.http_pages",
    "rush": "bench.rush",
    "reports": "bench.reports",
    "excel": "bench.excel",
    "visibility": "bench.visibility",
    "search": "bench.search",
    "kolada": "bench.kolada",
    "sie": "bench.sie",
}


def run_all(ctx: Context, only: list[str] | None = None) -> tuple[list[Result], list[str]]:
    out = ctx.out
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    out.write(
        f"Styrmodell benchmarks on {connection.vendor} ({connection.settings_dict['NAME']}), "
        f"os.cpu_count() = {os.cpu_count()}, load average {load[0]:.1f}, median of {ctx.repeat} runs"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('jit'), current_setting('server_version')")
            jit, version = cursor.fetchone()
        out.write(f"PostgreSQL {version}, jit = {jit}")
    results: list[Result] = []
    failures: list[str] = []
    for name, module_name in BENCHMARKS.items():
        if only and name not in only:
            continue
        module = import_module(module_name)
        started = time.monotonic()
        out.write(f"\n[{name}]")
        try:
            found = module.run(ctx)
        except Exception:  # a benchmark that breaks is reported, and the others still run
            failures.append(name)
            out.write(traceback.format_exc())
            continue
        for result in found:
            out.write(result.line())
            for note in result.notes:
                out.write(f"{'':<4}{note}")
        results.extend(found)
        out.write(f"    ({time.monotonic() - started:.0f} s)")
    return results, failures
