"""Files that must be refused: each problem named in Swedish with its line and field, and nothing changed."""

from __future__ import annotations

import pytest

from ledger.models import LedgerImport

from .conftest import SMALL, run, sie_bytes, snapshot


@pytest.fixture
def imported(world):
    """The year already holds a good file's figures, which a refused file must leave as they are."""
    run(world, sie_bytes())
    return snapshot()


def _refused(world, data: bytes) -> LedgerImport:
    refused = run(world, data)
    assert refused.state == LedgerImport.State.REFUSED
    assert refused.problem_count >= len(refused.problems) > 0
    return refused


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("#PSALDO 0 202602 801 {} -250.00", "#PSALDO 0 202602 801 {} 1E+20"),
            "Rad 36: #PSALDO – beloppet ”1E+20” är inget tal.",
        ),
        (("#RES 0 511 200.00", "#RES 0 511 abc"), "Rad 28: #RES – beloppet ”abc” är inget tal."),
        (("#RES 0 511 200.00", "#RES 0 511 12,3,4"), "Rad 28: #RES – beloppet ”12,3,4” är inget tal."),
        (
            ("#UB 0 193 1300.00", "#UB 0 193 1000000000000000.00"),
            "Rad 24: #UB – beloppet ”1000000000000000.00” är för stort",
        ),
        (
            ("#PSALDO 0 202602 511 {} 100.00", "#PSALDO 0 202613 511 {} 100.00"),
            "Rad 31: #PSALDO – perioden ”202613” är ingen månad (ÅÅÅÅMM).",
        ),
        (
            ("#PSALDO 0 202602 511 {} 100.00", "#PSALDO 0 202702 511 {} 100.00"),
            "Rad 31: #PSALDO – perioden ”202702” ligger utanför räkenskapsåret",
        ),
        (
            ("#RES 0 801 -500.00", "#RES 0 8019 -500.00"),
            "Rad 29: #RES – kontot ”8019” finns inte i kontoplanen (#KONTO).",
        ),
        (
            ('{1 "200"} 40.00', '{1 "300"} 40.00'),
            "Rad 33: #PSALDO – objektet ”300” i dimension 1 är inte deklarerat med #OBJEKT.",
        ),
        (("#SIETYP 4", "#SIETYP 2"), "Rad 3: #SIETYP – filen är av typ 2; bara SIE typ 4 kan läsas in."),
        (
            ("#RAR 0 20260101 20261231", "#RAR 0 20250101 20251231"),
            "Rad 7: #RAR – filens räkenskapsår är 2025, inte 2026.",
        ),
    ],
)
def test_it_refuses_a_wrong_record_and_changes_nothing(world, imported, change, expected) -> None:
    refused = _refused(world, sie_bytes(SMALL.replace(*change)))
    assert any(problem.startswith(expected) for problem in refused.problems), refused.problems
    assert snapshot() == imported


def test_it_refuses_a_binary_file(world, imported) -> None:
    refused = _refused(world, b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 20)
    assert refused.problems[0].startswith("Rad 1: fil – filen innehåller binära data")
    assert snapshot() == imported


def test_it_refuses_a_file_without_rar(world, imported) -> None:
    text = "\n".join(line for line in SMALL.splitlines() if not line.startswith("#RAR"))
    refused = _refused(world, sie_bytes(text))
    assert "#RAR – räkenskapsåret (#RAR 0) saknas." in refused.problems
    assert snapshot() == imported


def test_it_refuses_an_oversized_file_before_reading_it(world, imported, settings) -> None:
    settings.LEDGER_SIE_MAX_BYTES = 1000
    refused = _refused(world, sie_bytes(SMALL.replace("Provkommunen", "Provkommunen, större")))
    assert refused.problems == ["fil – filen är 0 MB; högst 0 MB kan läsas in."]
    assert snapshot() == imported


def test_it_refuses_a_file_with_too_many_lines(world, imported, settings) -> None:
    settings.LEDGER_SIE_MAX_ROWS = 20
    refused = _refused(world, sie_bytes(SMALL.replace("Provkommunen", "Provkommunen, längre")))
    assert refused.problems[0].startswith("Rad 21: fil – filen har fler än 20 rader")
    assert snapshot() == imported


def test_it_lists_every_problem_and_counts_beyond_the_first_200(world, imported) -> None:
    bad = "\n".join(f"#PSALDO 0 202601 511 {{}} x{n}" for n in range(250))
    refused = _refused(world, sie_bytes(SMALL + bad))
    assert refused.problem_count == 250
    assert len(refused.problems) == 200
    assert refused.problems[0] == "Rad 46: #PSALDO – beloppet ”x0” är inget tal."
    assert snapshot() == imported
