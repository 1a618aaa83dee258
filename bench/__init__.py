"""Benchmarks of Styrmodell on a large generated municipality (`manage.py generate_municipality`).

Each benchmark module has `run(ctx) -> list[Result]`: every figure is measured beside its floor (the least work
that can produce the same answer, measured in the same run on the same data) and reported as a ratio.
`manage.py bench` (`./dev bench`) runs them all; see BENCHMARKS.md. Nothing here is reachable from the
application: the bench-only views and URLs live in `bench.urls`, used only by `bench.settings`
(gunicorn in the deadline rush) and by the in-process client while a benchmark runs.
"""
