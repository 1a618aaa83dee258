"""Persona × view × method → status, over every view of the reporting app."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from reporting import services
from styrmodell.jobs import JobResult, run_job
from styrmodell.models import Job

from .conftest import make_goal, make_report

PERSONAS = [
    "admin",
    "council",
    "board_member",
    "secretary",
    "manager",
    "employee",
    "controller",
    "ic_officer",
    "outsider",
    "other_board_member",
    None,  # not signed in
]
# Everyone who stands in a line with BUN (a role in its subtree or above it).
RELATED = {"admin", "council", "board_member", "secretary", "manager", "employee", "controller", "ic_officer"}

# name, method, who may (the rest of RELATED get 403; everyone else 404), status when allowed, url kwargs key
VIEWS: list[tuple[str, str, str, int, str]] = [
    ("report-list", "get", "all", 200, "none"),
    ("cycle-current", "get", "all", 302, "none"),
    ("cycle-detail", "get", "all", 200, "year"),
    ("milestone-create", "get", "admin", 200, "year"),
    ("milestone-defaults", "post", "admin", 302, "year"),
    ("milestone-update", "get", "admin", 200, "milestone"),
    ("milestone-delete", "post", "admin", 302, "milestone"),
    ("economy-detail", "get", "related", 200, "board_year"),
    ("economy-budget", "post", "controller", 302, "board_year"),
    ("economy-figure", "get", "controller", 200, "board_period"),
    ("economy-figure", "post", "controller", 302, "board_period"),
    ("board-reports", "get", "related", 200, "board"),
    ("report-start", "post", "secretary", 302, "board"),
    ("compilation-start", "post", "nobody", 302, "none"),
    ("report-detail", "get", "related", 200, "report"),
    ("report-pdf", "get", "related", 200, "report"),
    ("report-build", "post", "secretary", 302, "report"),
    ("report-summary", "get", "secretary", 200, "report"),
    ("report-summary", "post", "secretary", 302, "report"),
    ("report-ready", "post", "secretary", 302, "report"),
    ("report-adopt", "get", "secretary", 200, "report"),
    ("archived-detail", "get", "related", 200, "archived"),
    ("archived-html", "get", "related", 200, "archived"),
    ("archived-pdf", "get", "related", 200, "archived"),
    ("excel-export", "get", "related", 200, "board_period"),
    ("excel-template", "get", "controller", 200, "board_period"),
    ("excel-import", "get", "controller", 200, "board_period"),
    ("job-detail", "get", "owner", 200, "job"),
    ("job-download", "get", "owner", 200, "job"),
]

DATA = {
    "economy-budget": {"amount": "1000"},
    "economy-figure": {"outcome": "1", "forecast": "2", "analysis": ""},
    "report-start": "period",
    "compilation-start": "period",
    "report-summary": {"summary": "Sammanfattning."},
}


def expected(rule: str, persona: str | None, allowed: int) -> int:
    if persona is None:
        return 302
    if rule == "all":
        return allowed
    if rule == "owner":
        return allowed if persona == "secretary" else 404
    scope_ok = persona in RELATED
    if rule in ("admin", "nobody"):
        # Years and the compilation are not scoped to a board: refused, not hidden.
        return allowed if persona == rule else 403
    if not scope_ok:
        return 404
    if rule == "related" or rule == persona:
        return allowed
    return 403


@pytest.fixture
def objects(world, monkeypatch):
    # Rendering real PDFs is tested elsewhere; here it would only make ~300 cases slow.
    monkeypatch.setattr(services.pdf, "html_to_pdf", lambda html, fetcher=None: b"%PDF-1.7 matrix")
    make_goal(world)
    t2 = world.periods["t2"]
    report = make_report(world)
    services.mark_ready(report)
    year_end = services.get_or_create_report(world.unit("bun"), world.periods["ye"], None)
    year_end = services.build_report(year_end.pk)
    services.mark_ready(year_end)
    archived = services.adopt(year_end, decision_date=datetime.date(2026, 9, 1), paragraph="§ 1", user=None)
    milestone = services.create_default_milestones(world.year)[0]
    job = Job.objects.create(kind="test", created_by=world.users["secretary"])
    run_job(job.pk, lambda job, progress: JobResult("a.txt", b"a"))
    board = world.unit("bun").code
    return {
        "none": {},
        "year": {"year": 2026},
        "milestone": {"code": milestone.code},
        "board": {"code": board},
        "board_year": {"code": board, "year": 2026},
        "board_period": {"code": board, "period": t2.code},
        "report": {"code": report.code},
        "archived": {"code": archived.code},
        "job": {"code": job.code},
        "period": t2,
    }


@pytest.mark.parametrize(("name", "method", "rule", "allowed", "kwargs_key"), VIEWS)
def test_permission_matrix(client, world, objects, name, method, rule, allowed, kwargs_key) -> None:
    """One case per view with every persona in turn (setting up the reports once per view keeps it fast); the
    personas who are allowed go last, so a write they make cannot change what the others get."""
    url = reverse(f"reporting:{name}", kwargs=objects[kwargs_key])
    data = DATA.get(name, {})
    if data == "period":
        data = {"period": objects["period"].code}
    personas = sorted(PERSONAS, key=lambda p: expected(rule, p, allowed) == allowed and p is not None)
    got = {}
    for persona in personas:
        client.logout()
        if persona:
            client.force_login(world.users[persona])
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        if response.streaming:
            # Reading a file response to the end lets the test client close it (and its file) safely.
            b"".join(response.streaming_content)
        got[persona] = response.status_code
    assert got == {p: expected(rule, p, allowed) for p in PERSONAS}
