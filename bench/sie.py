"""9. The SIE 4 import of a Göteborg-sized ledger (every account of the Kommun-Bas chart, 3,500 ansvar, twelve
months of both years, about one million #PSALDO rows and the year's #PBUDGET), against reading and checking the
same file alone (ledger.services.check_file: the parser, no database). Targets: the whole import (check + write)
at most 2× the reading alone, and a peak below 500 MB.

Each figure is measured in a fresh process (multiprocessing, spawn), so the peak memory is that process's
`resource.getrusage(RUSAGE_SELF).ru_maxrss`, reported beside the same process's figure right after Django started
(the baseline the import adds to). The file is generated into a temporary file; the import writes a year of its
own (BENCH_YEAR), which is removed afterwards together with the accounts and objects the run added. `--sie-scale`
makes everything smaller for a quick run (0.1: 350 ansvar, about 100,000 #PSALDO rows).
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queues
import resource
import tempfile
import time
from typing import TYPE_CHECKING

from django.db import connection

if TYPE_CHECKING:
    from .common import Context, Result

BENCH_YEAR = 2091
ANSVAR = 3_500
# Of each kind's accounts, the share an ansvar books on: with 3,500 ansvar about a million #PSALDO rows.
ACCOUNT_SHARE = 0.012


def _reset_peak() -> bool:
    """Start the process's peak resident set afresh (Linux: VmHWM, reset through /proc/self/clear_refs). A
    spawned process otherwise starts with the peak of the process that started it (the generator's)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        return True
    except OSError:
        return False


def _peak_mb(reset: bool) -> float:
    if reset:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(path: str, mode: str, queue) -> None:  # pragma: no cover - runs in the spawned process
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrmodell.settings")
    import django

    django.setup()
    from ledger import services
    from ledger.models import LedgerImport
    from styrmodell.models import Year

    reset = _reset_peak()
    baseline = _peak_mb(reset)
    size = os.path.getsize(path)
    started = time.perf_counter()
    with open(path, "rb") as stream:
        if mode == "check":
            checked = services.check_file(stream, BENCH_YEAR, size=size)
            rows, problems = checked.rows, checked.problems.count
            checked.close()
        else:
            ledger_import = LedgerImport.objects.create(
                year=Year.objects.get(year=BENCH_YEAR),
                file_name="goteborg.se",
                sha256=services.sha256_of(stream),
                size=size,
            )
            started = time.perf_counter()  # the SHA-256 is the upload's, not the import's
            services.run_import(ledger_import, stream)
            rows, problems = ledger_import.rows, ledger_import.problem_count
    seconds = time.perf_counter() - started
    queue.put(
        {
            "seconds": seconds,
            "peak_mb": _peak_mb(reset),
            "baseline_mb": baseline,
            "rows": rows,
            "problems": problems,
            "how": "VmHWM after /proc/self/clear_refs" if reset else "ru_maxrss (RUSAGE_SELF)",
        }
    )


def _measure(path: str, mode: str) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(path, mode, queue))
    process.start()
    while True:
        try:
            found = queue.get(timeout=5)
            break
        except queues.Empty:
            if not process.is_alive():
                raise RuntimeError(
                    f"The {mode} process ended without a figure (exit code {process.exitcode})"
                ) from None
    process.join()
    return found


def generate(path: str, scale: float) -> dict[str, int]:
    from ledger import generator, kommunbas

    spec = generator.Spec(
        year=BENCH_YEAR,
        through_month=12,
        seed=4_000,
        company="Storstad kommun (benchmark)",
        ansvar=generator.synthetic_ansvar(max(10, round(ANSVAR * scale))),
        projects=[(f"P{n:04d}", f"Investeringsprojekt {n}", "") for n in range(max(5, round(200 * scale)))],
        size=50.0,
        account_share=ACCOUNT_SHARE,
        chart=kommunbas.ACCOUNTS,
        every_account=True,
    )
    with open(path, "wb") as out:
        return generator.write_sie(out, spec)


def run(ctx: Context) -> list[Result]:
    # Imported here: the spawned children import this module before Django is set up.
    from ledger.models import Account, Balance, LedgerImport, LedgerObject
    from styrmodell.models import Year

    from .common import Result

    scale = float(getattr(ctx, "sie_scale", 1.0))
    year, created = Year.objects.get_or_create(year=BENCH_YEAR)
    # What the run adds is removed afterwards: every account and object with a higher id than before it.
    last_account = Account.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_object = LedgerObject.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    handle, path = tempfile.mkstemp(suffix=".se")
    os.close(handle)
    try:
        started = time.perf_counter()
        counts = generate(path, scale)
        ctx.log(
            f"generated {os.path.getsize(path) / 1e6:.0f} MB in {time.perf_counter() - started:.0f} s: "
            + ", ".join(f"{n:,} #{kind}" for kind, n in sorted(counts.items()))
        )
        connection.close()  # the children open their own connections
        check = _measure(path, "check")
        ctx.log(
            f"check alone: {check['seconds']:.1f} s, {check['rows']:,} rows, peak {check['peak_mb']:.0f} MB"
        )
        whole = _measure(path, "import")
        if check["problems"] or whole["problems"]:
            raise RuntimeError(
                f"The generated file was refused: {check['problems']} / {whole['problems']} problems"
            )
        notes = [
            f"{counts.get('PSALDO', 0):,} #PSALDO and {counts.get('PBUDGET', 0):,} #PBUDGET rows in the file, "
            f"{whole['rows']:,} balance rows written ({connection.vendor})",
            f"peak memory: the spawned process's own peak ({whole['how']}); "
            f"{whole['baseline_mb']:.0f} MB of it after Django started",
        ]
        return [
            Result(
                "SIE import, check + write (floor: reading and checking alone)",
                whole["seconds"] * 1000,
                check["seconds"] * 1000,
                target=2.0,
                notes=notes,
            ),
            Result(
                "SIE import, peak memory of the importing process",
                whole["peak_mb"],
                check["peak_mb"],
                unit="MB",
                limit=500.0,
                notes=[f"reading and checking alone peaked at {check['peak_mb']:.0f} MB (the floor column)"],
            ),
        ]
    finally:
        os.unlink(path)
        Balance.objects.filter(year=year).delete()
        LedgerImport.objects.filter(year=year).delete()
        LedgerObject.objects.filter(pk__gt=last_object).delete()
        Account.objects.filter(pk__gt=last_account).delete()
        if created:
            year.delete()
