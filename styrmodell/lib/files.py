"""Serving stored files (generated reports, archived PDFs) so a missing file is a 404, never a server error."""

from __future__ import annotations

import logging

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

logger = logging.getLogger(__name__)


def stored_file_response(
    stored: FieldFile, *, filename: str, as_attachment: bool = True, **kwargs
) -> FileResponse:
    """A response streaming `stored`; Http404 when the row names no file or the file is gone from storage (logged:
    for an archived report that means the media storage lost an official document)."""
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):
        logger.error("Stored file missing: %s", stored.name)
        raise Http404 from None
    return FileResponse(handle, as_attachment=as_attachment, filename=filename, **kwargs)
