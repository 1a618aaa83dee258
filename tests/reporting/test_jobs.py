"""styrmodell.jobs: state, progress, idempotency and the waiting page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from styrmodell.jobs import JobResult, job_task, run_job, start_job
from styrmodell.models import Job

calls: list[int] = []


@job_task("tests.reporting.sample")
def sample_job(job: Job, progress) -> JobResult:
    calls.append(job.pk)
    progress(50, "Halvvägs")
    return JobResult("prov.txt", b"innehall")


@job_task("tests.reporting.broken")
def broken_job(job: Job, progress) -> None:
    progress(10, "")
    raise ValueError("trasig")


@pytest.fixture(autouse=True)
def _reset_calls():
    calls.clear()


def _job(user, **fields) -> Job:
    return Job.objects.create(kind="tests.reporting.sample", created_by=user, title="Prov", **fields)


def test_it_runs_queued_job_to_done_with_result(world) -> None:
    job = _job(world.users["secretary"])
    assert sample_job.delay(job.pk).get() == Job.State.DONE
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.progress == 100
    assert job.attempts == 1
    with job.result.open("rb") as file:
        assert file.read() == b"innehall"
    assert job.result_name == "prov.txt"
    assert job.finished is not None


def test_it_does_nothing_when_a_finished_job_is_redelivered(world) -> None:
    job = _job(world.users["secretary"])
    run_job(job.pk, sample_job.work)
    run_job(job.pk, sample_job.work)
    job.refresh_from_db()
    assert calls == [job.pk]
    assert job.attempts == 1


def test_it_restarts_a_job_whose_worker_died_while_running(world) -> None:
    job = _job(world.users["secretary"], state=Job.State.RUNNING, progress=40, attempts=1)
    assert run_job(job.pk, sample_job.work) == Job.State.DONE
    job.refresh_from_db()
    assert job.attempts == 2
    assert calls == [job.pk]


def test_it_records_a_failure_with_its_message(world) -> None:
    job = _job(world.users["secretary"])
    assert broken_job.delay(job.pk).get() == Job.State.FAILED
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "trasig" in job.message
    assert job.finished is not None


def test_the_task_acks_late_and_is_redelivered_when_the_worker_is_lost() -> None:
    assert sample_job.acks_late is True
    assert sample_job.reject_on_worker_lost is True


def test_it_queues_the_task_only_on_commit(world, rf, django_capture_on_commit_callbacks) -> None:
    request = rf.post("/")
    request.user = world.users["secretary"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_job(request, sample_job, title="Prov", params={"x": 1})
    assert calls == []
    assert len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.params == {"x": 1}


def test_waiting_page_polls_and_shows_progress(client, world) -> None:
    job = _job(world.users["secretary"], state=Job.State.RUNNING, progress=42, message="Bygger")
    client.force_login(world.users["secretary"])
    response = client.get(reverse("reporting:job-detail", kwargs={"code": job.code}))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 1s"' in html
    assert '<progress id="job-progress-bar" max="100" value="42">' in html
    assert "42 %" in html
    head = html.split("</head>")[0]
    assert 'http-equiv="refresh"' in head
    partial = client.get(
        reverse("reporting:job-detail", kwargs={"code": job.code}), headers={"HX-Request": "true"}
    )
    assert partial.content.decode().lstrip().startswith('<div id="job-progress"')


def test_waiting_page_stops_polling_when_done_and_offers_the_file(client, world) -> None:
    job = _job(world.users["secretary"])
    run_job(job.pk, sample_job.work)
    client.force_login(world.users["secretary"])
    html = client.get(reverse("reporting:job-detail", kwargs={"code": job.code})).content.decode()
    assert "hx-trigger" not in html
    assert 'http-equiv="refresh"' not in html
    download = client.get(reverse("reporting:job-download", kwargs={"code": job.code}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"innehall"


def test_a_silent_job_is_shown_as_given_up(client, world) -> None:
    job = _job(world.users["secretary"], state=Job.State.RUNNING)
    Job.objects.filter(pk=job.pk).update(updated=timezone.now() - timedelta(hours=1))
    client.force_login(world.users["secretary"])
    html = client.get(reverse("reporting:job-detail", kwargs={"code": job.code})).content.decode()
    assert "hx-trigger" not in html


@pytest.mark.parametrize("persona", ["board_member", "admin", "outsider"])
def test_other_people_do_not_see_a_job(client, world, persona: str) -> None:
    job = _job(world.users["secretary"])
    client.force_login(world.users[persona])
    assert client.get(reverse("reporting:job-detail", kwargs={"code": job.code})).status_code == 404
    assert client.get(reverse("reporting:job-download", kwargs={"code": job.code})).status_code == 404


def test_htmx_is_sent_on_when_a_job_without_a_file_is_done(client, world) -> None:
    job = _job(world.users["secretary"], next_url="/rapporter/")
    run_job(job.pk, lambda job, progress: None)
    client.force_login(world.users["secretary"])
    response = client.get(
        reverse("reporting:job-detail", kwargs={"code": job.code}), headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"] == "/rapporter/"
