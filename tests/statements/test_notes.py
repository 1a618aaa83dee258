"""The notes to the statements: each line with a note number specified by the account groups behind it."""

from __future__ import annotations

from ledger.models import Statement
from reporting import services as reporting_services
from statements import services


def test_each_note_adds_up_to_its_line_this_year_and_last(world, ledger) -> None:
    statements = services.compute_statements(world.periods["ye"])
    found = services.notes(statements)
    assert found, "the default mapping numbers its notes"
    for note in found:
        lines = [
            row.line
            for row in statements.table(note.statement).rows
            if row.line.note == note.number and not row.line.is_total
        ]
        line_value = sum(statements.value(note.statement, line.key) for line in lines)
        assert sum(row.current for row in note.rows) == note.current == line_value
        if note.previous is None:  # last year's figure of the line is not known (no balances of last year)
            assert all(row.previous is None for row in note.rows)
        else:
            previous = sum(statements.value(note.statement, line.key, previous=True) for line in lines)
            assert sum(row.previous for row in note.rows) == note.previous == previous
        assert all(len(row.group) == 3 and row.name for row in note.rows)
    assert [n.number for n in found] == sorted(n.number for n in found)
    assert any(note.previous is not None for note in found)


def test_a_note_names_the_groups_of_the_tangible_assets(world, ledger) -> None:
    statements = services.compute_statements(world.periods["ye"])
    found = services.notes(statements)
    tangible = [
        n for n in found if n.statement == Statement.BALANCE and n.name == "Materiella anläggningstillgångar"
    ]
    assert tangible and tangible[0].current == statements.value(Statement.BALANCE, "tangible") == 1_250_000
    assert {row.group[:2] for row in tangible[0].rows} <= {"11", "12"}


def test_the_municipalitys_report_carries_the_notes(world, ledger) -> None:
    report = reporting_services.get_or_create_report(world.unit("kf"), world.periods["ye"], None)
    body, _document = reporting_services.render_report_html(report)
    first = services.notes(services.compute_statements(world.periods["ye"]))[0]
    assert f"Not {first.number}: {first.name}" in body


def test_no_notes_without_a_ledger(world) -> None:
    assert services.notes(services.compute_statements(world.periods["ye"])) == []
