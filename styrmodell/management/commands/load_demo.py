from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from styrmodell.demo import DemoContext

# Each app's demo step, in dependency order. A step is `<app>.demo.load(ctx)`; an app without one is skipped.
DEMO_STEPS = [
    "styrmodell",
    "goals",
    "commitments",
    "internal_control",
    "ledger",
    "statements",
    "personnel",
    "reporting",
    "budget",
    "plans",
    "proposals",
    "feedback",
    "dialogue",
    "authoring",
]


class Command(BaseCommand):
    help = "Load the demo municipality (idempotent: running it twice changes nothing)."

    def handle(self, *args, **options) -> None:
        ctx = DemoContext(stdout=self.stdout)
        with transaction.atomic():
            for app in DEMO_STEPS:
                try:
                    module = import_module(f"{app}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{app}.demo":
                        raise
                    continue
                module.load(ctx)
        self.stdout.write(self.style.SUCCESS("Demo municipality loaded."))
