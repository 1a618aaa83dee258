"""Repair economic figures that hold a number their field cannot hold.

Before the Excel import checked its numbers against the fields, a cell such as 1E+20 was saved as it was. The
fields are DecimalField(max_digits=14, decimal_places=1), so every value must lie below 10^13 tkr. PostgreSQL's
numeric(14, 1) refuses a larger value when it is written (that import failed with a server error and saved
nothing), but SQLite stores any number, and reading it back fails (Django rounds it to 14 digits and raises
InvalidOperation): from then on the board's economy page, the Excel export, every later import and every report
build of the board failed with a server error.

Decision: the row is kept, and an out-of-range outcome or forecast is set to 0 with a note at the start of the
figures' analysis that names the cleared value and asks for the figures to be entered again; the economy page
shows the note, and the controller corrects the figures in its form as usual. The historical rows (the audit
history) are repaired the same way, so the history page can be read too. A budget frame (entered only through a
form that checks its digits, so this should never happen) holding such a value has no text to keep a note in and
is deleted (its history rows keep 0); the economy page then asks for the frame again.

The rows are found and changed with plain SQL, as reading them through the ORM is what fails. On PostgreSQL
nothing is found. Nothing is undone on reverse: the cleared value could never be read.
"""

from decimal import Decimal

from django.db import migrations

LIMIT = 10**13  # max_digits 14 - decimal_places 1

NOTE = {
    "outcome": "utfallet hittills",
    "forecast": "helårsprognosen",
}


def _describe(value) -> str:
    try:
        return format(Decimal(str(value)), "E")
    except Exception:
        return str(value)


def _repair(cursor, table: str, key: str) -> int:
    quote = cursor.db.ops.quote_name
    cursor.execute(
        f"SELECT {quote(key)}, outcome, forecast, analysis FROM {quote(table)} "  # noqa: S608 - our own names
        "WHERE ABS(outcome) >= %s OR ABS(forecast) >= %s",
        [LIMIT, LIMIT],
    )
    rows = cursor.fetchall()
    for pk, outcome, forecast, analysis in rows:
        cleared = []
        values = {"outcome": outcome, "forecast": forecast}
        for name, value in values.items():
            if value is not None and abs(float(value)) >= LIMIT:
                cleared.append(f"{NOTE[name]} ({_describe(value)} tkr)")
                values[name] = 0
        note = (
            "[Rättat vid uppgradering: "
            + " och ".join(cleared)
            + " var större än vad som kan lagras och har satts till 0. Ange siffrorna igen.]"
        )
        cursor.execute(
            f"UPDATE {quote(table)} SET outcome = %s, forecast = %s, analysis = %s WHERE {quote(key)} = %s",  # noqa: S608
            [values["outcome"], values["forecast"], (note + "\n\n" + (analysis or "")).strip(), pk],
        )
    return len(rows)


def repair(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        _repair(cursor, "reporting_economyfigure", "id")
        _repair(cursor, "reporting_historicaleconomyfigure", "history_id")
        cursor.execute("DELETE FROM reporting_budgetframe WHERE ABS(amount) >= %s", [LIMIT])
        cursor.execute(
            "UPDATE reporting_historicalbudgetframe SET amount = 0 WHERE ABS(amount) >= %s", [LIMIT]
        )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0004_quick_report")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
