"""Two managers edit the same commitment at the same moment, a hundred times: exactly one of each pair is
saved, the other is told (in Swedish) that somebody else saved first, and nothing is silently overwritten.
Real concurrency: gunicorn with two workers on PostgreSQL, both POSTs released together."""

from __future__ import annotations

import threading

import pytest

from .tools import procs
from .tools.load import Browser, Tally, form_data
from .tools.staff import CONFLICT_MESSAGE, make_staff

pytestmark = pytest.mark.needs_postgres

COMMITMENTS = 10
ROUNDS = 10  # pairs per commitment: 100 pairs in all


def test_it_lets_exactly_one_of_two_simultaneous_edits_win(live_db, media_root) -> None:
    env = procs.app_env(live_db, media_root, redis_url=None)
    staff = make_staff(env, COMMITMENTS, 1, managers=2 * COMMITMENTS)
    outcomes: list[tuple[str, int, str, str]] = []  # (commitment, round, winner's title, loser's title)
    failures: list[str] = []
    tally = Tally()
    lock = threading.Lock()

    with procs.gunicorn(env, workers=2) as port:

        def edit_pairs(index: int, commitment: dict) -> None:
            browsers = [Browser(port, tally, timeout=120) for _ in range(2)]
            try:
                for n, browser in enumerate(browsers):
                    browser.login(f"soak-chef-{2 * index + n}", "soak-password-1")
                path = f"/ataganden/{commitment['code']}/andra/"
                for round_ in range(ROUNDS):
                    forms = []
                    for n, browser in enumerate(browsers):
                        data = form_data(browser.get(path).body, "title")
                        data["title"] = [f"Ändrad av {n} i omgång {round_}"]
                        forms.append(data)
                    assert forms[0]["version"] == forms[1]["version"], "both must open the same version"
                    barrier = threading.Barrier(2)
                    responses: list = [None, None]

                    def save(n: int, barrier=barrier, responses=responses, forms=forms) -> None:
                        barrier.wait(timeout=60)
                        responses[n] = browsers[n].post(path, forms[n])

                    savers = [threading.Thread(target=save, args=(n,)) for n in range(2)]
                    for saver in savers:
                        saver.start()
                    for saver in savers:
                        saver.join(timeout=180)
                    statuses = sorted(r.status for r in responses)
                    if statuses != [200, 302]:
                        failures.append(f"{path} round {round_}: {statuses}")
                        continue
                    winner = 0 if responses[0].status == 302 else 1
                    loser = 1 - winner
                    if CONFLICT_MESSAGE not in responses[loser].body:
                        failures.append(f"{path} round {round_}: the refused edit was not told why")
                    with lock:
                        outcomes.append(
                            (commitment["code"], round_, forms[winner]["title"][0], forms[loser]["title"][0])
                        )
            except Exception as error:  # reported below with the others
                failures.append(f"{commitment['code']}: {type(error).__name__}: {error}")
            finally:
                for browser in browsers:
                    browser.close()

        threads = [
            threading.Thread(target=edit_pairs, args=(i, who["commitments"][0]))
            for i, who in enumerate(staff)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)

    assert not failures, failures[:10]
    assert tally.server_errors == 0, tally.errors
    assert len(outcomes) == COMMITMENTS * ROUNDS
    rows = dict(
        procs.query(
            live_db,
            "SELECT code::text, title || '|' || version FROM commitments_commitment WHERE title LIKE 'Ändrad av %%'",
        )
    )
    for code in {c for c, *_ in outcomes}:
        last = max((o for o in outcomes if o[0] == code), key=lambda o: o[1])
        # The last round's winner is what is saved, and every round saved exactly once (version 1 + rounds).
        assert rows[code] == f"{last[2]}|{1 + ROUNDS}"
    # Every saved change is in the audit history: one entry per winning edit, none for a refused one.
    history = dict(
        procs.query(
            live_db,
            """SELECT c.code::text, count(*) FROM commitments_historicalcommitment h
                 JOIN commitments_commitment c ON c.id = h.id
                WHERE h.history_type = '~' AND h.title LIKE 'Ändrad av %%' GROUP BY c.code""",
        )
    )
    assert history == {code: ROUNDS for code in rows}
