# Periods are cumulative (they all start on 1 January), so unit analyses are ordered by their period's end.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0005_reopenings_move_to_core"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="unitanalysis",
            options={
                "ordering": ["period__ends", "unit__path"],
                "verbose_name": "unit analysis",
                "verbose_name_plural": "unit analyses",
            },
        ),
    ]
