"""The municipality's three ideas, and every board's mission statement copied from goals.BoardProfile into an
adopted first version (the decision behind those texts was never recorded, so it stays empty)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Idea = apps.get_model("plans", "Idea")
    IdeaVersion = apps.get_model("plans", "IdeaVersion")
    BoardProfile = apps.get_model("goals", "BoardProfile")
    for kind in ("mission", "leadership", "employee"):
        Idea.objects.get_or_create(kind=kind, board=None)
    for profile in BoardProfile.objects.exclude(mission_statement=""):
        idea, _created = Idea.objects.get_or_create(kind="board", board_id=profile.board_id)
        if not IdeaVersion.objects.filter(idea=idea).exists():
            IdeaVersion.objects.create(idea=idea, text=profile.mission_statement, status="adopted")


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("goals", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
