"""The SIE reader: fields, quoting, object lists, character sets, skipped voucher lines."""

from __future__ import annotations

import io

from ledger import sie

from .conftest import SMALL, sie_bytes


def _records(data: bytes) -> tuple[list, sie.Problems]:
    problems = sie.Problems()
    return list(sie.records(io.BytesIO(data), problems)), problems


def test_it_splits_quoted_fields_with_escapes() -> None:
    assert sie.tokenize('1 "Kostnad \\"extra\\" och \\\\ snedstreck" 12.50') == [
        "1",
        'Kostnad "extra" och \\ snedstreck',
        "12.50",
    ]


def test_it_reads_object_lists_as_pairs() -> None:
    fields = sie.tokenize('0 202601 3010 {1 "100" 6 "P12"} 123.45 0')
    assert fields == ["0", "202601", "3010", [("1", "100"), ("6", "P12")], "123.45", "0"]
    assert sie.tokenize("0 202601 3010 {} -5") == ["0", "202601", "3010", [], "-5"]
    # A quoted object code may hold spaces and a closing brace.
    assert sie.tokenize('0 1510 {8 "12 }3"} 1') == ["0", "1510", [("8", "12 }3")], "1"]


def test_it_reads_cp437_as_the_standard_says() -> None:
    records, problems = _records(sie_bytes(SMALL, "cp437"))
    assert not problems
    names = {fields[0]: fields[1] for _line, tag, fields in records if tag == "#KONTO"}
    assert names["204"] == "Övrigt eget kapital"
    assert names["511"] == "Månadslöner"
    objects = {fields[1]: fields[2] for _line, tag, fields in records if tag == "#OBJEKT"}
    assert objects["200"] == "Hemtjänsten"


def test_it_reads_utf8_whatever_the_header_says() -> None:
    records, problems = _records(sie_bytes(SMALL, "utf-8"))
    assert not problems
    names = {fields[0]: fields[1] for _line, tag, fields in records if tag == "#KONTO"}
    assert names["204"] == "Övrigt eget kapital"


def test_it_numbers_lines_and_skips_vouchers() -> None:
    records, _problems = _records(sie_bytes())
    tags = [tag for _line, tag, _fields in records]
    assert "#VER" not in tags and "#TRANS" not in tags
    rar = [(line, fields) for line, tag, fields in records if tag == "#RAR"]
    assert rar == [(7, ["0", "20260101", "20261231"]), (8, ["-1", "20250101", "20251231"])]


def test_it_stops_at_binary_content() -> None:
    records, problems = _records(b"#FLAGGA 0\r\n#SIETYP 4\r\n\x00\x01\x02PK\x03\x04" + b"x" * 100)
    assert [tag for _line, tag, _fields in records] == ["#FLAGGA", "#SIETYP"]
    assert problems.count == 1
    assert problems.kept[0].line == 3
