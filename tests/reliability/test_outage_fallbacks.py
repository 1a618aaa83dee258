"""The pieces that keep the app answering while Redis is away, in-process (both CI passes): the cache that
misses instead of failing, and the job outbox (a job whose message could not be sent stays queued, says so,
and is sent again)."""

from __future__ import annotations

import pytest
from kombu.exceptions import OperationalError

from reporting import tasks
from styrmodell import jobs
from styrmodell.lib.cache import ForgivingRedisCache
from styrmodell.models import Job

from .tools import procs


@pytest.fixture
def unreachable_cache() -> ForgivingRedisCache:
    return ForgivingRedisCache(
        f"redis://127.0.0.1:{procs.closed_port()}/14",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )


def test_it_treats_an_unreachable_cache_as_empty(unreachable_cache) -> None:
    cache = unreachable_cache
    assert cache.get("key") is None
    assert cache.get("key", "default") == "default"
    cache.set("key", 1)
    assert cache.add("key", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    cache.delete("key")
    with pytest.raises(ValueError):
        cache.incr("key")


@pytest.fixture
def not_eager():
    """Tasks go to the broker, as in production (the test settings run them in-process)."""
    conf = tasks.build_report.app.conf
    eager = conf.task_always_eager
    conf.task_always_eager = False
    yield
    conf.task_always_eager = eager


@pytest.fixture
def broker_down(monkeypatch, not_eager):

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.build_report, "apply_async", refuse)


def test_it_keeps_a_job_queued_and_says_so_when_the_broker_is_down(world, broker_down) -> None:
    job = Job.objects.create(kind=tasks.build_report.name, created_by=world.users["controller"])
    assert jobs.send_job(tasks.build_report, job.pk) is False
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED
    assert job.message.startswith("Köad. Bakgrundstjänsten går inte att nå just nu")


def test_it_sends_queued_jobs_again_once_the_broker_is_back(world, monkeypatch, not_eager) -> None:
    sent: list = []
    monkeypatch.setattr(tasks.build_report, "apply_async", lambda args, **kwargs: sent.append(args))
    waiting = Job.objects.create(
        kind=tasks.build_report.name, created_by=world.users["controller"], message="x"
    )
    Job.objects.create(
        kind=tasks.build_report.name, created_by=world.users["controller"], state=Job.State.DONE
    )
    # Not yet: it has waited less than RESEND_AFTER.
    assert jobs.resend_queued_jobs() == 0
    assert jobs.resend_queued_jobs(older_than_seconds=0) == 1
    assert sent == [(waiting.pk,)]
    waiting.refresh_from_db()
    assert waiting.message == ""
    assert waiting.state == Job.State.QUEUED
