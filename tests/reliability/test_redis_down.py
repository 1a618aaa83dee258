"""Redis down: every page still answers, a report asked for is kept as queued (and says so), and it is built
once Redis is back. Redis "goes down" behind a switchable proxy, so the shared Redis server keeps running."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from .tools import procs
from .tools.load import Browser, Tally
from .tools.tcp_proxy import Proxy

pytestmark = pytest.mark.needs_postgres

MAX_PAGES = 60
WAIT_SECONDS = 180


def crawl(browser: Browser, start: str, limit: int) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = [start]
    while queue and len(seen) < limit:
        path = queue.pop(0).replace("&amp;", "&")
        if (
            path in seen
            or path.startswith(("/logga-ut/", "/django-admin/", "/static/", "/media/"))
            or "ladda-ned" in path
        ):
            continue
        response = browser.get(path)
        seen[path] = response.status
        queue += re.findall(r'href="(/[^"#]*)"', response.body)
    return seen


def start_form(browser: Browser) -> tuple[str, str]:
    """The first "start the report" form of a board's report page: its action and period."""
    boards = re.findall(r'href="(/rapporter/namnd/[0-9a-f-]+/)[^"]*"', browser.get("/rapporter/").body)
    for board in dict.fromkeys(boards):
        forms = re.findall(
            r'action="(/rapporter/namnd/[^"]+/starta/)"[^>]*>.*?name="period" value="([^"]+)"',
            browser.get(board).body,
            re.S,
        )
        if forms:
            return forms[0]
    raise AssertionError(f"no board page offers to start a report: {boards}")


def test_it_answers_without_redis_and_builds_the_queued_report_when_it_is_back(
    live_db, media_root, tmp_path
) -> None:
    procs.flush_redis()
    proxy = Proxy(6379, procs.free_port())  # not started: nothing listens there, Redis is "down"
    env = procs.app_env(live_db, media_root, redis_url=f"redis://127.0.0.1:{proxy.port}/14")
    worker = None
    try:
        with procs.gunicorn(env, workers=2) as port:
            tally = Tally()
            public = crawl(Browser(port, tally), "/resultat/", 20)
            staff = Browser(port, tally)
            staff.login("admin", "styrmodell-demo")
            pages = crawl(staff, "/", MAX_PAGES)
            assert tally.server_errors == 0, tally.errors
            assert len(pages) >= 30 and len(public) >= 3

            # A write that also refreshes the public site's cache (closing a period) works too.
            years = staff.get("/ar/").body
            close = re.findall(r'action="(/perioder/[^"]+/stang/)"', years)[0]
            assert staff.post(close, {}).status == 302

            # Ask for a report: it is accepted and kept as queued, and the page says so.
            secretary = Browser(port, tally)
            secretary.login("bun-sekreterare", "styrmodell-demo")
            start, period = start_form(secretary)
            response = secretary.post(start, {"period": period})
            assert response.status == 302, response.body[:500]
            job_page = secretary.get(response.location.replace(f"http://127.0.0.1:{port}", ""))
            assert job_page.status == 200
            assert "Bakgrundstjänsten går inte att nå just nu" in job_page.body
            assert tally.server_errors == 0, tally.errors
            [(job_id, state)] = procs.query(live_db, "SELECT id, state FROM reporting_job")
            assert state == "queued"

            # Redis is back: the worker starts and the beat's re-send (run here at once) delivers the job.
            proxy.start()
            worker = procs.celery_worker(env, tmp_path / "worker.log")
            resend = subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "shell",
                    "-c",
                    "from styrmodell.jobs import resend_queued_jobs; print(resend_queued_jobs(older_than_seconds=0))",
                ],
                cwd=procs.ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert resend.returncode == 0 and resend.stdout.strip().splitlines()[-1] == "1", resend.stderr[
                -2000:
            ]
            deadline = time.monotonic() + WAIT_SECONDS
            while time.monotonic() < deadline:
                state = procs.query(live_db, "SELECT state FROM reporting_job WHERE id = %s", [job_id])[0][0]
                if state in ("done", "failed"):
                    break
                assert worker.poll() is None, procs.log_tail(worker)
                time.sleep(0.5)
            assert state == "done", procs.log_tail(worker)
            built = procs.query(live_db, "SELECT count(*) FROM reporting_report WHERE built_at IS NOT NULL")[
                0
            ][0]
            assert built >= 1
            # And pages still answer with Redis back.
            assert staff.get("/resultat/").status == 200
    finally:
        if worker is not None:
            procs.stop(worker)
        proxy.stop()
        procs.flush_redis()
