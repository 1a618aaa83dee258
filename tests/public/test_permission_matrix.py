"""Every public view for every visitor: the same answer whoever asks (nobody needs to log in, and logging in shows
nothing more); only GET and HEAD are accepted; drafts and reports that are not archived are 404 for everyone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import make_report

VISITORS = [None, "employee", "outsider", "board_member", "admin"]


def _urls(site, world) -> dict[str, tuple[str, int]]:
    archived = make_report(world, site.t1).archived
    unarchived = make_report(world, world.periods["t2"], archived=False)
    return {
        "home": (reverse("public:home"), 200),
        "goal-list": (reverse("public:goal-list"), 200),
        "goal-detail": (reverse("public:goal-detail", args=[site.adopted.code]), 200),
        "goal-detail-draft": (reverse("public:goal-detail", args=[site.draft.code]), 404),
        "report-list": (reverse("public:report-list"), 200),
        "report-detail": (reverse("public:report-detail", args=[archived.code]), 200),
        "report-detail-not-archived": (reverse("public:report-detail", args=[unarchived.code]), 404),
        "report-pdf": (reverse("public:report-pdf", args=[archived.code]), 200),
        "report-pdf-not-archived": (reverse("public:report-pdf", args=[unarchived.code]), 404),
        "open-data": (reverse("public:open-data"), 200),
        "dataset-csv": (reverse("public:dataset-csv", args=["mal"]), 200),
        "dataset-json": (reverse("public:dataset-json", args=["utfall"]), 200),
    }


@pytest.mark.parametrize("visitor", VISITORS)
def test_it_answers_every_visitor_alike(client, site, world, visitor):
    if visitor:
        client.force_login(world.users[visitor])
    for name, (url, expected) in _urls(site, world).items():
        for method, status in (("get", expected), ("head", expected), ("post", 405)):
            response = getattr(client, method)(url)
            response.close()  # a PDF is streamed from its file
            assert response.status_code == status, (name, method)
