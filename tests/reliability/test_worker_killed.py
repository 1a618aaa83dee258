"""Background jobs survive dead workers: a real Celery worker on Redis (database 14) and PostgreSQL.

- The process building a report's PDF is killed with SIGKILL (as the out-of-memory killer does); the worker
  starts a new process, the job is delivered again and the report is built exactly once.
- A job that kills every process that runs it is given up after MAX_ATTEMPTS, with a message the user sees,
  instead of looping for ever.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from styrmodell.jobs import MAX_ATTEMPTS

from .tools import procs

pytestmark = pytest.mark.needs_postgres

WAIT_SECONDS = 180


def queue_job(env: dict, kind: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "tests.reliability.tools.job_setup", kind],
        cwd=procs.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def job_row(url: str, job_id: int) -> tuple:
    return procs.query(
        url, "SELECT state, attempts, message, progress FROM reporting_job WHERE id = %s", [job_id]
    )[0]


def wait_for(predicate, what: str, worker, seconds: float = WAIT_SECONDS, step: float = 0.02):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if worker.poll() is not None:
            raise AssertionError(f"the worker exited while waiting for {what}:\n{procs.log_tail(worker)}")
        time.sleep(step)
    raise AssertionError(f"no {what} within {seconds} s:\n{procs.log_tail(worker)}")


def pool_processes(worker) -> list[int]:
    """The worker's child processes (the prefork pool) running the tasks."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == worker.pid:
            children.append(int(stat.parent.name))
    return children


@pytest.fixture
def worker_env(live_db, media_root):
    procs.flush_redis()
    yield procs.app_env(live_db, media_root)
    procs.flush_redis()


def test_it_builds_the_report_exactly_once_when_the_process_building_it_is_killed(
    worker_env, live_db, media_root, tmp_path
) -> None:
    files_before = {p.relative_to(media_root).as_posix() for p in media_root.rglob("*.pdf")}
    # The job is queued before the worker starts: a worker already running could build the report (about half a
    # second) before the process queueing it had even exited, and the test would never see it running.
    ids = queue_job(worker_env, "build")
    job = ids["job"]
    worker = procs.celery_worker(worker_env, tmp_path / "worker.log")
    try:
        wait_for(lambda: job_row(live_db, job)[0] == "running", "job started", worker, step=0.005)
        children = wait_for(lambda: pool_processes(worker), "pool process", worker)
        state, attempts, _, progress = job_row(live_db, job)
        assert state == "running" and progress < 100, "the build finished before it could be killed"
        for pid in children:
            os.kill(pid, signal.SIGKILL)
        final = wait_for(
            lambda: (row := job_row(live_db, job))[0] in ("done", "failed") and row,
            "job finished",
            worker,
            step=0.2,
        )
    finally:
        procs.stop(worker)
    assert final[0] == "done", final
    assert final[1] == 2  # killed once, then built by the new pool process
    built = procs.query(
        live_db, "SELECT pdf, built_at IS NOT NULL FROM reporting_report WHERE id = %s", [ids["report"]]
    )[0]
    assert built[1]
    # One file for the build: the killed attempt left nothing, a previous build's file was replaced.
    files_after = {p.relative_to(media_root).as_posix() for p in media_root.rglob("*.pdf")}
    assert built[0] in files_after
    assert files_after - files_before == {built[0]}
    assert len(files_after) - len(files_before) in (0, 1)
    assert (
        procs.query(
            live_db, "SELECT count(*) FROM reporting_archivedreport WHERE report_id = %s", [ids["report"]]
        )[0][0]
        == 0
    )


def test_it_gives_up_a_job_that_kills_every_worker_with_a_message(worker_env, live_db, tmp_path) -> None:
    env = {**worker_env}
    worker = procs.celery_worker(env, tmp_path / "worker.log", include="tests.reliability.tools.crash_tasks")
    try:
        job = queue_job(env, "crash")["job"]
        final = wait_for(
            lambda: (row := job_row(live_db, job))[0] in ("done", "failed") and row,
            "job given up",
            worker,
            step=0.2,
        )
    finally:
        procs.stop(worker)
    state, attempts, message, _ = final
    assert state == "failed"
    assert attempts == MAX_ATTEMPTS
    assert message.startswith(f"Jobbet avbröts {MAX_ATTEMPTS} gånger utan att bli klart")
