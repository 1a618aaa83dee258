"""The unit view's order as an index on PostgreSQL: (year, unit path, the unit's own commitments before the
employees', title, id). With the subtree given as a range of paths (`OrgUnit.subtree_range`), a page of 50 reads
50 index entries instead of sorting the whole subtree: 21,000 commitments for the largest administration at
Göteborg's size (BENCHMARKS.md, section 11). SQLite cannot index NULLS FIRST and needs no such index at its size,
so nothing is made there; the index is not part of the model's state."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS commitments_unit_view_order ON commitments_commitment "
    "(year_id, unit_path, owner_id ASC NULLS FIRST, title, id)"
)
DROP = "DROP INDEX IF EXISTS commitments_unit_view_order"


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("commitments", "0006_unit_analysis_ordered_by_period_end")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
