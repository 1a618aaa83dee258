"""`manage.py bench` (`./dev bench`): every benchmark of bench, each figure beside its floor measured in
the same run on the same data, with the ratio. Run it on a generated municipality (generate_municipality)."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.common import Context
from bench.runner import BENCHMARKS, run_all
from styrmodell.models import OrgUnit


class Command(BaseCommand):
    help = "Benchmarks against their floors (run on a municipality made by generate_municipality)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--only", nargs="*", choices=list(BENCHMARKS), help="Run only these benchmarks.")
        parser.add_argument(
            "--repeat", type=int, default=5, help="Measured runs per figure (the median counts)."
        )
        parser.add_argument(
            "--rush-seconds", type=float, default=20.0, help="Length of each deadline-rush phase."
        )
        parser.add_argument("--rush-clients", type=int, default=50)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers in the deadline rush.")
        parser.add_argument(
            "--sie-scale",
            type=float,
            default=1.0,
            help="Size of the SIE benchmark's file (1: Göteborg, 3,500 ansvar; 0.1 for a quick run).",
        )
        parser.add_argument(
            "--jit",
            choices=["default", "off"],
            default="default",
            help="PostgreSQL's JIT: the server's setting, or off for every connection (also gunicorn's, via DB_JIT).",
        )

    def handle(self, *args, **options) -> None:
        if not OrgUnit.objects.exists():
            raise CommandError("No organisation in the database: run generate_municipality first.")
        if options["jit"] == "off" and connection.vendor == "postgresql":
            os.environ["DB_JIT"] = "off"  # the gunicorn servers read it in settings.py
            connection.close()
            connection.settings_dict.setdefault("OPTIONS", {})["options"] = "-c jit=off"
        ctx = Context(
            repeat=options["repeat"],
            rush_seconds=options["rush_seconds"],
            rush_clients=options["rush_clients"],
            workers=options["workers"],
            out=self.stdout,
        )
        ctx.sie_scale = options["sie_scale"]
        _results, failures = run_all(ctx, options["only"])
        if failures:
            raise CommandError(f"Benchmarks that failed: {', '.join(failures)}")
