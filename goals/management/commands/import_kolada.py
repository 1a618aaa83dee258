from django.core.management.base import BaseCommand, CommandError

from goals import kolada
from goals.models import Indicator


class Command(BaseCommand):
    help = "Fetch indicator outcomes from Kolada (every indicator that names a KPI, or the given indicator codes)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "codes", nargs="*", help="Indicator codes (UUID); all Kolada indicators when omitted."
        )
        parser.add_argument("--year", type=int, help="Only indicators of goals of this year.")
        parser.add_argument(
            "--catalogue",
            action="store_true",
            help="Fetch Kolada's KPI catalogue (for the search when linking indicators) before the outcomes.",
        )

    def handle(self, *args, **options) -> None:
        if options["catalogue"]:
            try:
                self.stdout.write(f"{kolada.refresh_catalogue()} KPIs in Kolada's catalogue.")
            except kolada.KoladaError as error:
                raise CommandError(str(error)) from error
        indicators = Indicator.objects.exclude(kolada_kpi="").select_related("goal__year")
        if options["codes"]:
            indicators = indicators.filter(code__in=options["codes"])
        if options["year"]:
            indicators = indicators.filter(goal__year__year=options["year"])
        failures = 0
        for indicator in indicators:
            try:
                self.stdout.write(kolada.summary(kolada.import_indicator(indicator)))
            except kolada.KoladaError as error:
                failures += 1
                self.stderr.write(f"{indicator.name}: {error}")
        if failures:
            raise CommandError(f"{failures} indicator(s) could not be imported; nothing was saved for them.")
