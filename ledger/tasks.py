"""The SIE import as a background job (see styrmodell/jobs.py): a thin wrapper around services.run_import."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from styrmodell.jobs import job_task

from . import services
from .models import LedgerImport


@job_task("ledger.import_sie")
def import_sie(job, progress) -> None:
    """The job's params: the import's id and the language of the person who started it (the problems are
    written in it)."""
    ledger_import = LedgerImport.objects.select_related("year").get(pk=job.params["import"])
    with translation.override(job.params.get("language") or None):
        if ledger_import.state != LedgerImport.State.RUNNING:
            return  # a re-delivered job whose import already ended
        try:
            with ledger_import.upload.open("rb") as stream:
                services.run_import(ledger_import, stream, progress)
        except Exception as error:
            LedgerImport.objects.filter(pk=ledger_import.pk).update(
                state=LedgerImport.State.FAILED,
                message=(_("The import failed and nothing was changed: %(error)s") % {"error": error})[:500],
                finished=timezone.now(),
            )
            raise
        finally:
            _remove_upload(ledger_import.pk)
        progress(100, _("Done."))


def _remove_upload(pk: int) -> None:
    ledger_import = LedgerImport.objects.get(pk=pk)
    if ledger_import.upload:
        ledger_import.upload.delete(save=False)
        LedgerImport.objects.filter(pk=pk).update(upload="")
