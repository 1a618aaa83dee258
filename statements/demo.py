"""Demo data of the statements: this year's financial targets (the default ones, set by the municipality's
finance manager) and the balanskrav adjustments, after the ledger's demo has imported the year's SIE file.
Idempotent: each record is looked up by its year (and metric) first."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from styrmodell.demo import DemoContext

from .models import DEFAULT_TARGETS, BalanceRequirement, FinancialTarget, SoundFinances

# kronor: a sale of land with a realisation gain, a reservation to the result equalisation reserve, and a
# deficit of an earlier year still to restore.
ADJUSTMENTS = {
    "realisation_gains": Decimal("1850000"),
    "realisation_losses_exempt": Decimal("0"),
    "unrealised_securities": Decimal("0"),
    "reserve_to": Decimal("2000000"),
    "reserve_from": Decimal("0"),
    "earlier_deficits": Decimal("0"),
    "earlier_deficits_note": "",
}
PENSION_OBLIGATIONS = Decimal("412000000")


def load(ctx: DemoContext) -> None:
    year = ctx.years[timezone.localdate().year]
    keeper = ctx.users.get("kommun-ekonom")
    for position, (metric, comparator, target) in enumerate(DEFAULT_TARGETS):
        FinancialTarget.objects.get_or_create(
            year=year,
            metric=metric,
            defaults={"comparator": comparator, "target": target, "position": position},
        )
    BalanceRequirement.objects.get_or_create(year=year, defaults={**ADJUSTMENTS, "updated_by": keeper})
    SoundFinances.objects.get_or_create(
        year=year, defaults={"pension_obligations": PENSION_OBLIGATIONS, "updated_by": keeper}
    )
    ctx.stdout.write(f"Statements: financial targets and balanskrav adjustments of {year.year}\n")
