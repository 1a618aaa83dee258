"""A job that kills the worker process running it, every time (loaded into a test worker with --include)."""

from __future__ import annotations

import os
import signal

from styrmodell.jobs import job_task


@job_task("reliability.crash")
def crash(job, progress) -> None:
    progress(5, "")
    os.kill(os.getpid(), signal.SIGKILL)
