"""Checks on an uploaded Excel file before anything opens it.

An .xlsx is a zip archive of XML files. A few kilobytes of zip can expand to gigabytes of XML (a "zip bomb")
and take a web process down while openpyxl reads it, so the archive's directory is read first (it lists every
member's sizes without expanding anything) and the file is refused when it is too big, expands too much or is
not an Excel workbook at all. Use it as a form field validator:

    file = forms.FileField(validators=[check_xlsx_upload])
"""

from __future__ import annotations

import zipfile
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# A filled-in template is tens of kilobytes; these limits leave room for a hundred times that.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
# XML compresses well (10-20 times for real workbooks); a bomb compresses thousands of times.
MAX_COMPRESSION_RATIO = 100
MAX_MEMBERS = 1000
# Every workbook has these two parts.
REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")


def check_xlsx_upload(file: IO[bytes]) -> None:
    """Refuse a file that is too large, is not an .xlsx workbook or would expand too much when opened. Raises
    ValidationError with a message for the person who uploaded it; leaves the file positioned at its start."""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s; at most %(max)s can be imported.")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_UPLOAD_BYTES)},
            code="too_large",
        )
    not_excel = ValidationError(_("The file is not an Excel workbook (.xlsx)."), code="not_xlsx")
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise not_excel from None
    finally:
        file.seek(0)
    names = {member.filename for member in members}
    if not all(name in names for name in REQUIRED_MEMBERS):
        raise not_excel
    expanded = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members)
    too_much = ValidationError(
        _(
            "The workbook would expand to far more than an Excel file of its size holds, so it was not opened."
        ),
        code="too_expanded",
    )
    if len(members) > MAX_MEMBERS or expanded > MAX_UNCOMPRESSED_BYTES:
        raise too_much
    if expanded > 1024 * 1024 and expanded > MAX_COMPRESSION_RATIO * max(compressed, 1):
        raise too_much
