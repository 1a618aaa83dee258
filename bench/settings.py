"""Settings of the deadline-rush server: the application's settings with the bench-only URLconf added."""

from styrmodell.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False  # no query log in memory, as in production
