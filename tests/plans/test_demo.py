from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse

from plans.models import Idea, IdeaVersion


def test_the_demo_adopts_the_ideas_and_keeps_versions_of_buns_mission_statement(
    db, settings, tmp_path, client
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    count = IdeaVersion.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert IdeaVersion.objects.count() == count  # twice changes nothing

    for kind in Idea.MUNICIPAL_KINDS:
        assert IdeaVersion.objects.adopted().filter(idea__kind=kind, idea__board__isnull=True).exists()
    bun = IdeaVersion.objects.filter(idea__board__short_name="BUN")
    assert bun.adopted().count() == 2 and bun.drafts().count() == 1
    assert IdeaVersion.objects.adopted().filter(idea__kind="board").values("idea").distinct().count() == 4

    public = client.get(reverse("plans_public:idea-list")).content.decode()
    assert "Ledaridé" in public and "Barn- och utbildningsnämnden" in public
    assert bun.drafts().get().text not in public
