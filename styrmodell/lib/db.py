"""PostgreSQL cursors that prepare quick statements and leave slow ones to be planned at every run.

With `DB_PREPARED` (the default), psycopg prepares a statement once it has run five times on a connection, and
PostgreSQL then plans it once instead of at every run: a report save's lookups are planned in less time than they
take to run (BENCHMARKS.md, section 14). After five runs of a prepared statement, PostgreSQL may switch to one
generic plan for all parameters. For a quick look-up by key that is the point; for a count over a subtree it can
be the wrong plan: the unit view's status count went from 73 ms to 124 ms with it.

`PreparingCursor` therefore never prepares a statement it has seen run longer than `SLOW_SECONDS` in this process:
where a statement runs that long, planning it again is a small share, and each run gets the plan that fits its
own parameters.
"""

from __future__ import annotations

import time

from django.db.backends.postgresql.base import ServerBindingCursor

SLOW_SECONDS = 0.010
# The statements seen running longer, kept per process. Their number is bounded: the set starts over when full.
_slow: set[str] = set()
_SLOW_MAX = 2000


class PreparingCursor(ServerBindingCursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        if prepare is None and query in _slow:
            prepare = False
        started = time.perf_counter()
        try:
            return super().execute(query, params, prepare=prepare, binary=binary)
        finally:
            if prepare is None and time.perf_counter() - started > SLOW_SECONDS and isinstance(query, str):
                if len(_slow) >= _SLOW_MAX:
                    _slow.clear()
                _slow.add(query)
