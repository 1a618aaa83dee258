"""The change history names related objects (a commitment's goals) instead of printing a manager."""

from styrmodell.lib.history import history_entries
from tests.commitments.conftest import make_commitment, make_goal


def test_it_names_the_goals_a_commitment_serves(world):
    reading = make_goal(world.units["bun"], world.year, "Fler elever läser varje dag")
    grades = make_goal(world.units["bun"], world.year, "Fler elever klarar kunskapskraven")
    commitment = make_commitment(world.units["school_a"], world.year, goals=[reading])
    commitment.goals.set([reading, grades])
    commitment.save()
    text = " ".join(f"{c.field}: {c.old} → {c.new}" for e in history_entries(commitment) for c in e.changes)
    assert "HistoricalCommitment_goals" not in text and ".None" not in text
    assert "Fler elever klarar kunskapskraven" in text
