from io import StringIO

from django.core.management import call_command

from commitments.models import Commitment, Status, StatusReport


def test_it_loads_demo_commitments_linked_to_goals_with_reports_of_every_kind(db):
    call_command("load_demo", stdout=StringIO())
    assert Commitment.objects.count() >= 10
    assert Commitment.objects.filter(owner__isnull=False).count() >= 3
    assert not Commitment.objects.filter(goals=None).exists()
    statuses = set(StatusReport.objects.values_list("status", flat=True))
    assert {Status.ON_TRACK, Status.AT_RISK, Status.DELAYED, Status.DONE} <= statuses
    counts = (Commitment.objects.count(), StatusReport.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (Commitment.objects.count(), StatusReport.objects.count()) == counts
