"""The municipality's default 4 × 4 risk matrix, so that no page has to create it on first view."""

from django.db import migrations

LIKELIHOOD = ["Osannolik", "Mindre sannolik", "Möjlig", "Sannolik"]
CONSEQUENCE = ["Försumbar", "Lindrig", "Kännbar", "Allvarlig"]


def create_default(apps, schema_editor):
    RiskMatrix = apps.get_model("internal_control", "RiskMatrix")
    if not RiskMatrix.objects.exists():
        RiskMatrix.objects.create(
            version=1,
            is_current=True,
            likelihood_labels=LIKELIHOOD,
            consequence_labels=CONSEQUENCE,
            medium_from=4,
            high_from=8,
            very_high_from=12,
        )


class Migration(migrations.Migration):
    dependencies = [("internal_control", "0001_initial")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
