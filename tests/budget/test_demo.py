from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from budget.models import BudgetRequest, Directive, DirectiveFrame, EnvironmentAnalysis
from styrmodell.models import User


def _counts() -> dict[str, int]:
    return {
        m.__name__: m.objects.count() for m in (Directive, DirectiveFrame, EnvironmentAnalysis, BudgetRequest)
    }


def test_it_loads_this_years_directive_and_requests_and_changes_nothing_the_second_time(
    db, settings, tmp_path, client
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    first = _counts()
    decided_at = list(BudgetRequest.objects.order_by("pk").values_list("decided_at", flat=True))
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == first
    assert list(BudgetRequest.objects.order_by("pk").values_list("decided_at", flat=True)) == decided_at

    year = timezone.localdate().year
    directive = Directive.objects.get(year__year=year)
    assert sorted(directive.frames.values_list("board__short_name", flat=True)) == ["BUN", "KS", "SBN", "SN"]
    requests = BudgetRequest.objects.filter(year__year=year)
    assert sorted(set(requests.values_list("board__short_name", flat=True))) == ["BUN", "SN"]
    assert requests.exclude(decision=BudgetRequest.Decision.PENDING).count() == 1
    assert all(r.is_submitted for r in requests)

    client.force_login(User.objects.get(username="ks-ledamot"))
    page = client.get(reverse("budget:preparation", args=[year]))
    assert page.status_code == 200
    assert "Utökad hemtjänst" in page.content.decode()
