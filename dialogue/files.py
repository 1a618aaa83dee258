"""Checks on an attached file: its type read from its content (never its name or what the browser claims), its
size, and, when CLAMD_SOCKET is set, a virus scan by the ClamAV daemon.

Accepted: PDF, PNG, JPEG, Word (.docx) and Excel (.xlsx) documents, and plain UTF-8 text. A .docx or .xlsx is a zip
archive whose `[Content_Types].xml` names its main part; macro-enabled documents name another main part and are
refused. The zip's directory is checked first with the limits of styrmodell/lib/upload.py, so a zip bomb is never
expanded.
"""

from __future__ import annotations

import socket
import struct
import zipfile
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from styrmodell.lib.upload import MAX_COMPRESSION_RATIO, MAX_MEMBERS, MAX_UNCOMPRESSED_BYTES

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "text/plain"

SIGNATURES: list[tuple[bytes, str]] = [(b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG)]
# The main part of each Office document as its [Content_Types].xml names it.
OFFICE_MAIN_PARTS = {
    DOCX: b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
CONTENT_TYPES_MAX_BYTES = 256 * 1024


def max_bytes() -> int:
    return settings.DIALOGUE_ATTACHMENT_MAX_BYTES


def not_accepted() -> ValidationError:
    return ValidationError(
        _("Only PDF, PNG, JPEG, Word (.docx), Excel (.xlsx) and plain text files can be attached."),
        code="file_type",
    )


def check_attachment(file: IO[bytes]) -> str:
    """The file's content type, read from its content; ValidationError (in Swedish, for the person who attached
    it) for a file that is empty, too large or of another kind. Leaves the file at its start."""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; at most %(max)s can be attached.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes())},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    try:
        for signature, content_type in SIGNATURES:
            if head.startswith(signature):
                if content_type != PDF and not _image_opens(file):
                    raise not_accepted()
                return content_type
        if head.startswith(b"PK\x03\x04"):
            return _office_type(file)
        if _is_text(file):
            return TEXT
    finally:
        file.seek(0)
    raise not_accepted()


def _image_opens(file: IO[bytes]) -> bool:
    from PIL import Image

    try:
        with Image.open(file) as image:
            image.verify()
        return True
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a broken file; each means "not an image"
        return False
    finally:
        file.seek(0)


def _office_type(file: IO[bytes]) -> str:
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNCOMPRESSED_BYTES:
                raise not_accepted()
            expanded = sum(m.file_size for m in members)
            compressed = sum(m.compress_size for m in members)
            if expanded > 1024 * 1024 and expanded > MAX_COMPRESSION_RATIO * max(compressed, 1):
                raise not_accepted()
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names:
                raise not_accepted()
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX_BYTES:
                raise not_accepted()
            content_types = archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError):
        raise not_accepted() from None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise not_accepted()
    for content_type, main_part in OFFICE_MAIN_PARTS.items():
        if main_part in content_types:
            return content_type
    raise not_accepted()


def _is_text(file: IO[bytes]) -> bool:
    """UTF-8 text without control characters other than tab, line feed, carriage return and form feed."""
    data = file.read(max_bytes() + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text)


# --- virus scan ---------------------------------------------------------------------------------------------------


class ScanUnavailable(Exception):
    """The daemon could not be reached or answered nonsense."""


CHUNK = 64 * 1024


def clamd_scan(file: IO[bytes], socket_path: str, timeout: float = 30.0) -> str | None:
    """Send the file to clamd with the INSTREAM command over its unix socket: each chunk is prefixed with its length
    as a 4-byte big-endian number, a zero length ends the stream. Returns the signature found, or None when the
    file is clean; ScanUnavailable when the daemon cannot answer."""
    file.seek(0)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(socket_path)
            conn.sendall(b"zINSTREAM\0")
            while chunk := file.read(CHUNK):
                conn.sendall(struct.pack(">I", len(chunk)) + chunk)
            conn.sendall(struct.pack(">I", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = conn.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as error:
        raise ScanUnavailable(str(error)) from error
    finally:
        file.seek(0)
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    # "stream: OK", "stream: Eicar-Test-Signature FOUND", or "... ERROR" (e.g. the stream was over its size limit).
    if answer.endswith(" OK"):
        return None
    if answer.endswith(" FOUND"):
        return answer.removeprefix("stream:").removesuffix("FOUND").strip()
    raise ScanUnavailable(answer or "no answer")


def check_for_viruses(file: IO[bytes]) -> None:
    """With CLAMD_SOCKET set, refuse an infected file, and refuse every file while the scan cannot be made (a file
    nobody could scan is not stored)."""
    socket_path = settings.CLAMD_SOCKET
    if not socket_path:
        return
    try:
        found = clamd_scan(file, socket_path)
    except ScanUnavailable:
        raise ValidationError(
            _("The virus scan is not available just now, so the file was not attached. Try again later."),
            code="scan_unavailable",
        ) from None
    if found:
        raise ValidationError(
            _("The file contains a virus (%(name)s) and was not attached.") % {"name": found}, code="virus"
        )
