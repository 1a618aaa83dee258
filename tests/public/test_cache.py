"""The public pages are cached, and the cache is emptied when something is adopted, assessed or archived."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from goals.models import Goal, GoalAssessment, IndicatorOutcome
from reporting.public_services import cache_version

from .conftest import make_report


def test_it_serves_a_cached_page_without_queries(client, site, django_assert_num_queries):
    url = reverse("public:goal-list")
    client.get(url)
    with django_assert_num_queries(2):  # the request's savepoint and its release: nothing is read
        response = client.get(url)
    assert site.adopted.title in response.content.decode()


def test_it_shows_a_goal_on_the_cached_page_once_it_is_adopted(client, site):
    url = reverse("public:goal-list")
    assert site.draft.title not in client.get(url).content.decode()
    site.draft.status = Goal.Status.ADOPTED
    site.draft.save(update_fields=["status"])
    assert site.draft.title in client.get(url).content.decode()
    assert client.get(reverse("public:goal-detail", args=[site.draft.code])).status_code == 200


def test_it_keeps_the_cache_while_a_draft_is_edited(client, site):
    before = cache_version()
    site.draft.title = "Nytt utkast"
    site.draft.save(update_fields=["title"])
    assert cache_version() == before


def test_it_hides_a_goal_again_when_it_goes_back_to_draft(client, site):
    url = reverse("public:goal-detail", args=[site.adopted.code])
    assert client.get(url).status_code == 200
    site.adopted.status = Goal.Status.DRAFT
    site.adopted.save(update_fields=["status"])
    assert client.get(url).status_code == 404


def test_it_refreshes_after_a_new_assessment_or_outcome(client, site):
    url = reverse("public:goal-detail", args=[site.adopted.code])
    assert "Nära målnivån." in client.get(url).content.decode()
    assessment = GoalAssessment.objects.get(goal=site.adopted, period=site.t1)
    assessment.analysis = "Ny analys."
    assessment.save(update_fields=["analysis"])
    assert "Ny analys." in client.get(url).content.decode()
    outcome = IndicatorOutcome.objects.get(indicator=site.kolada_indicator, period=site.t1)
    outcome.value = Decimal("77.25")
    outcome.save(update_fields=["value"])
    assert "77,25" in client.get(url).content.decode()


def test_it_shows_an_archived_report_on_the_cached_list(client, site, world):
    url = reverse("public:report-list")
    client.get(url)
    archived = make_report(world, site.t1).archived
    assert str(archived.code) in client.get(url).content.decode()


def test_it_refreshes_the_downloads_too(client, site):
    url = reverse("public:dataset-csv", args=["mal"])
    assert str(site.draft.code) not in client.get(url).content.decode()
    site.draft.status = Goal.Status.ADOPTED
    site.draft.save(update_fields=["status"])
    assert str(site.draft.code) in client.get(url).content.decode()


def test_it_bumps_the_version_again_when_the_change_is_committed(site, django_capture_on_commit_callbacks):
    # A visitor may fill the cache from the old rows between the save and the commit; the second bump drops that.
    before = cache_version()
    with django_capture_on_commit_callbacks(execute=True):
        site.draft.status = Goal.Status.ADOPTED
        site.draft.save(update_fields=["status"])
        assert cache_version() == before + 1
    assert cache_version() == before + 2
