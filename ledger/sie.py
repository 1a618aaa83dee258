"""Reading SIE 4 files (the ledger export of every Swedish finance system), line by line.

The reader never holds more than one line of the file: `records(stream)` yields `(line number, tag, fields)`
for each record, a field being a string or, for an object list `{1 "100" 6 "P12"}`, a list of
`(dimension, object)` pairs. Problems are not raised but reported through `Problems`, so a file is checked in
full and every problem listed at once. Voucher lines (#VER, #TRANS …) are skipped without being split.

The character set: `#FORMAT PC8` (CP437) is the standard and the default; UTF-8 is taken when the file says so,
starts with a byte-order mark, or (whatever it declares) its first 64 KiB are valid UTF-8 with non-ASCII text —
CP437's å, ä and ö are never valid UTF-8, so a file that passes that test was written in UTF-8 whatever its
header says."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils.translation import gettext as _

# At most this many problems are kept with their text; the rest are only counted.
KEPT_PROBLEMS = 200
# A line longer than this is not a SIE record (SIE lines are short); it is refused without being read whole.
MAX_LINE_BYTES = 64 * 1024
SNIFF_BYTES = 64 * 1024

# A quoted field, an object list, or a bare field.
_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"?|(\{)((?:"(?:[^"\\]|\\.)*"|[^}"])*)\}|(\S+)')
_ITEM = re.compile(r'"((?:[^"\\]|\\.)*)"?|(\S+)')
_ESCAPE = re.compile(r"\\(.)")
# Control characters other than tab, line feed, carriage return and the DOS end-of-file mark (0x1a).
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x19\x1b-\x1f\x7f]")
_FORMAT = re.compile(rb"^#FORMAT[ \t]+\"?([A-Za-z0-9-]+)", re.MULTILINE)
_SKIPPED = ("#VER", "#TRANS", "#RTRANS", "#BTRANS", "{", "}")

Field = str | list[tuple[str, str]]


@dataclass
class Problem:
    line: int | None
    field: str
    reason: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.field} – {self.reason}"
        return _("Line %(line)s: %(field)s – %(reason)s") % {
            "line": self.line,
            "field": self.field,
            "reason": self.reason,
        }


@dataclass
class Problems:
    """Every problem of a file: the first KEPT_PROBLEMS with their text, and how many there were."""

    kept: list[Problem] = field(default_factory=list)
    count: int = 0
    # The file could not be read on (binary, an unknown character set): nothing else about it is worth saying.
    unreadable: bool = False

    def add(self, line: int | None, tag: str, reason: str) -> None:
        self.count += 1
        if len(self.kept) < KEPT_PROBLEMS:
            self.kept.append(Problem(line, tag, reason))

    def __bool__(self) -> bool:
        return self.count > 0

    def as_text(self) -> list[str]:
        return [str(problem) for problem in self.kept]


def sniff_encoding(head: bytes, problems: Problems) -> str | None:
    """The codec of a file from its first bytes, or None (with a problem) when it cannot be a SIE file."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    found = _FORMAT.search(head)
    declared = found.group(1).decode("ascii").upper() if found else "PC8"
    if declared not in {"PC8", "UTF8", "UTF-8"}:
        problems.add(
            None,
            "#FORMAT",
            _("the character set ”%(value)s” is not supported (PC8 or UTF-8).") % {"value": declared},
        )
        problems.unreadable = True
        return None
    if declared != "PC8":
        return "utf-8"
    try:
        # A multi-byte character cut by the end of the sample is not an error.
        text = head.decode("utf-8") if len(head) < SNIFF_BYTES else head[:-4].decode("utf-8")
    except UnicodeDecodeError:
        return "cp437"
    return "utf-8" if any(ord(c) > 127 for c in text) else "cp437"


def _object_list(inner: str, escaped: bool) -> list[tuple[str, str]]:
    if '"' in inner:
        items = [quoted or bare for quoted, bare in _ITEM.findall(inner)]
        if escaped:
            items = [_ESCAPE.sub(r"\1", item) for item in items]
    else:
        items = inner.split()
    pairs = [(items[i], items[i + 1]) for i in range(0, len(items) - 1, 2)]
    if len(items) % 2:
        pairs.append((items[-1], ""))
    return pairs


def tokenize(text: str) -> list[Field]:
    """Split a record's fields: quoted fields unescaped (\\" and \\\\), object lists `{1 "100" 6 "P12"}` as
    (dimension, object) pairs. An object list with an odd number of items keeps its last item with an empty
    object (the caller refuses it)."""
    escaped = "\\" in text
    fields: list[Field] = []
    for quoted, brace, inner, bare in _TOKEN.findall(text):
        if bare:
            fields.append(bare)
        elif brace:
            fields.append(_object_list(inner, escaped))
        else:
            fields.append(_ESCAPE.sub(r"\1", quoted) if escaped else quoted)
    return fields


def records(stream: BinaryIO, problems: Problems) -> Iterator[tuple[int, str, list[Field]]]:
    """Every record of a SIE file as (line number, tag, fields), reading one line at a time. Encoding, binary
    content and overlong lines are reported to `problems`; a binary file is not read past its first bad line."""
    head = stream.read(SNIFF_BYTES)
    encoding = sniff_encoding(head, problems)
    if encoding is None:
        return
    stream.seek(0)
    if encoding == "utf-8-sig":
        stream.read(3)
        encoding = "utf-8"
    line_no = 0
    readline = stream.readline
    while True:
        raw = readline(MAX_LINE_BYTES)
        if not raw:
            return
        line_no += 1
        if len(raw) == MAX_LINE_BYTES and not raw.endswith(b"\n"):
            problems.add(
                line_no, _("line"), _("the line is longer than %(size)s bytes.") % {"size": MAX_LINE_BYTES}
            )
            while raw and not raw.endswith(b"\n"):  # skip the rest of it without holding it
                raw = readline(MAX_LINE_BYTES)
            continue
        if _BINARY.search(raw):
            problems.add(
                line_no,
                _("file"),
                _("the file holds binary data (control characters); it is not a SIE text file."),
            )
            problems.unreadable = True
            return
        try:
            line = raw.decode(encoding)
        except UnicodeDecodeError:
            problems.add(line_no, _("file"), _("the line is not valid UTF-8."))
            continue
        line = line.strip()
        if not line.startswith("#"):
            continue
        if line.startswith(_SKIPPED):
            continue
        parts = line.split(None, 1)
        yield line_no, parts[0].upper(), tokenize(parts[1]) if len(parts) > 1 else []
