"""Simulated staff in the deadline rush: each logs in, then until the deadline reads their commitments and
reports status on them, remembering every save the server acknowledged."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from . import procs
from .load import Browser, Tally, form_data, form_value

STATUSES = ["on_track", "at_risk", "delayed", "done", "not_started"]
# The start of every conflict message of the commitments app ("… medan du redigerade …").
CONFLICT_MESSAGE = "medan du redigerade"


@dataclass
class Acknowledged:
    """Saves the server confirmed (a redirect after the POST), per (commitment code, period code)."""

    saves: Counter = field(default_factory=Counter)
    last_comment: dict = field(default_factory=dict)
    conflicts: int = 0
    unexpected: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def make_staff(env: dict, people: int, commitments_each: int, managers: int = 0) -> list[dict]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.reliability.tools.soak_setup",
            str(people),
            str(commitments_each),
            str(managers),
        ],
        cwd=procs.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    staff = json.loads(result.stdout)["people"]
    assert all(person["periods"] for person in staff), "no period is open for reporting"
    return staff


def report_path(commitment: dict, period: str) -> str:
    return f"/ataganden/{commitment['code']}/rapport/{period}/"


def rush(
    port: int,
    staff: list[dict],
    seconds: float,
    max_steps: int,
    tally: Tally,
    acks: Acknowledged,
    ramp: float = 10,
) -> None:
    """Every person in a thread of their own, arriving within the first `ramp` seconds; returns when all have
    stopped (deadline or step cap)."""
    start = time.monotonic()
    deadline = start + seconds

    def person(index: int, who: dict) -> None:
        rng = random.Random(index)
        browser = Browser(port, tally, timeout=120)
        try:
            time.sleep(max(0.0, start + ramp * index / len(staff) - time.monotonic()))
            browser.login(who["username"], "soak-password-1")
            posted = 0
            for step in range(max_steps):
                # Everybody reports at least once, however slow the server; then until the deadline.
                if posted and time.monotonic() >= deadline:
                    break
                commitment = rng.choice(who["commitments"])
                period = rng.choice(who["periods"])
                path = report_path(commitment, period)
                if step % 3 == 0:
                    browser.get("/ataganden/")
                    browser.get(f"/ataganden/{commitment['code']}/")
                page = browser.get(path)
                if page.status != 200:
                    posted += 1  # an error page is counted by the tally; do not loop on it
                    continue
                prefix = f"c{commitment['pk']}"
                key = (commitment["code"], period)
                # The version this person last saw saved (the card htmx swaps in after a save shows it). The
                # stand-alone report page shows version 0 even when a report exists (a false conflict on a
                # second report: reported to the commitments app), so it is only used for the first.
                with acks.lock:
                    version = str(acks.saves[key]) if key in acks.saves else None
                if version is None:
                    try:
                        version = form_data(page.body, f"{prefix}-version", action=path)[f"{prefix}-version"][
                            0
                        ]
                    except (AssertionError, KeyError, IndexError):
                        version = form_value(page.body, f"{prefix}-version") or "0"
                comment = f"{who['username']} steg {step}: läget är {'åäö' * (step % 3)} ✓"
                response = browser.post(
                    path,
                    {
                        f"{prefix}-status": rng.choice(STATUSES),
                        f"{prefix}-comment": comment,
                        f"{prefix}-version": version,
                    },
                )
                posted += 1
                with acks.lock:
                    if response.status == 302:
                        acks.saves[key] += 1
                        acks.last_comment[key] = comment
                    elif response.status == 200 and CONFLICT_MESSAGE in response.body:
                        acks.conflicts += 1
                    elif response.status < 500 and len(acks.unexpected) < 20:
                        acks.unexpected.append(f"{path}: {response.status} {response.body[:200]!r}")
        except (OSError, AssertionError):
            pass  # a failed login or a network error; the tally has recorded it
        finally:
            browser.close()

    threads = [threading.Thread(target=person, args=(i, who), daemon=True) for i, who in enumerate(staff)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 300)


def saved_reports(url: str) -> dict[tuple[str, str], tuple[int, str]]:
    """(commitment code, period code) -> (version, comment) of every status report on the load-test
    commitments, read straight from the database."""
    rows = procs.query(
        url,
        """SELECT c.code::text, p.code::text, r.version, r.comment
             FROM commitments_statusreport r
             JOIN commitments_commitment c ON c.id = r.commitment_id
             JOIN styrmodell_period p ON p.id = r.period_id
            WHERE c.title LIKE 'Lasttest %%'""",
    )
    return {(c, p): (version, comment) for c, p, version, comment in rows}
