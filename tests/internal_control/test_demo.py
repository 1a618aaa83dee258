from __future__ import annotations

import io

from django.core.management import call_command

from internal_control.models import Action, Control, ControlPlan, ControlResult, Risk, RiskMatrix


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count() for model in (ControlPlan, Risk, Control, ControlResult, Action)
    }


def test_it_loads_an_adopted_plan_per_board_and_changes_nothing_the_second_time(db):
    call_command("load_demo", stdout=io.StringIO())
    first = _counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == first
    plans = ControlPlan.objects.select_related("board")
    assert sorted(p.board.short_name for p in plans) == ["BUN", "KS", "SBN", "SN"]
    assert all(p.is_adopted for p in plans)
    matrix = RiskMatrix.objects.current()
    bands = {matrix.band_for(score) for score in Risk.objects.values_list("score", flat=True)}
    assert len(bands) == 4
    assert Risk.objects.filter(goal__isnull=False).exists()
    assert Control.objects.filter(owner__username="chef-aspen").exists()


def test_it_shows_the_demo_plans_to_the_demo_people(db, client):
    from django.urls import reverse

    from styrmodell.models import User

    call_command("load_demo", stdout=io.StringIO())
    bun = ControlPlan.objects.get(board__short_name="BUN")
    risk = bun.risks.first()
    control = Control.objects.filter(risk__plan=bun).first()
    client.force_login(User.objects.get(username="ks-ledamot"))
    for url in [
        reverse("internal_control:plan-list"),
        reverse("internal_control:plan-detail", args=[bun.code]),
        reverse("internal_control:plan-followup", args=[bun.code]),
        reverse("internal_control:risk-detail", args=[risk.code]),
        reverse("internal_control:control-detail", args=[control.code]),
        reverse("internal_control:compilation-current"),
    ]:
        assert client.get(url, follow=True).status_code == 200, url
    client.force_login(User.objects.get(username="chef-hemtjansten"))
    assert client.get(reverse("internal_control:plan-detail", args=[bun.code])).status_code == 404
