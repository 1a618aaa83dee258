"""Demo ledger: a Haparanda-sized SIE 4 file for the current year (through the current month, with the previous
year in full and the year's budget), generated deterministically (ledger.generator) and imported like an uploaded
file; the ansvar are mapped to the demo's boards and units. The municipality's chief controller (`kommun-ekonom`,
styrmodell.demo) keeps it.

Idempotent: the same day's file is the same file (same SHA-256), which the import refuses as already imported;
a mapping already made is kept."""

from __future__ import annotations

import io

from django.utils import timezone

from styrmodell.demo import DemoContext

from . import generator, services
from .models import Dimension, LedgerImport, LedgerObject


def load(ctx: DemoContext) -> None:
    user = ctx.users["kommun-ekonom"]
    today = timezone.localdate()
    year = ctx.years[today.year]
    content = io.BytesIO()
    generator.write_sie(content, generator.Spec(year=today.year, through_month=today.month))
    sha256 = services.sha256_of(content)
    if services.already_imported(year, sha256):
        ctx.stdout.write("Ledger: the demo's SIE file is imported already\n")
    else:
        ledger_import = LedgerImport.objects.create(
            year=year,
            file_name=f"haparanda-{today.year}-{today.month:02d}.se",
            sha256=sha256,
            size=len(content.getvalue()),
            imported_by=user,
            dimensions={Dimension.RESPONSIBILITY: "1", Dimension.ACTIVITY: "2", Dimension.PROJECT: "6"},
        )
        services.run_import(ledger_import, content)
        if ledger_import.state != LedgerImport.State.DONE:
            raise RuntimeError(f"The demo's SIE file was refused: {ledger_import.problems[:5]}")
        ctx.stdout.write(f"Ledger: {ledger_import.rows} balance rows of {today.year} imported\n")

    units = {a.code: ctx.units[a.unit] for a in generator.DEMO_ANSVAR if a.unit in ctx.units}
    for obj in LedgerObject.objects.filter(
        dimension=Dimension.RESPONSIBILITY, code__in=units, unit__isnull=True
    ):
        obj.unit = units[obj.code]
        obj.save(update_fields=["unit"])
