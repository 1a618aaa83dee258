"""Settings of the deadline-rush server: the application's settings with the bench-only URLconf added."""

import os

from styrmodell.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False  # no query log in memory, as in production

# Measuring the session store: BENCH_SESSION_ENGINE=django.contrib.sessions.backends.db gives the database alone.
if os.environ.get("BENCH_SESSION_ENGINE"):
    SESSION_ENGINE = os.environ["BENCH_SESSION_ENGINE"]
