"""What the controller enters beside the ledger for the statutory evaluations of a year: the balanskrav
adjustments the ledger cannot know (`BalanceRequirement`), the financial targets of god ekonomisk hushållning
(`FinancialTarget`) and the concluding evaluation (`SoundFinances`). The statement lines and their account ranges
are the ledger app's tables (`ledger.StatementLine`, `ledger.AccountRange`)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrmodell.models import Year

ZERO = Decimal("0")


def _amount(label):
    return models.DecimalField(label, max_digits=16, decimal_places=0, default=ZERO)


class BalanceRequirement(models.Model):
    """The adjustments of a year's result to its balanskravsresultat (LKBR 11:11–12), in kronor as the ledger
    keeps its amounts. Each is entered positive; the arithmetic gives them their sign (`statements.services`)."""

    year = models.OneToOneField(
        Year, on_delete=models.CASCADE, related_name="balance_requirement", verbose_name=_("year")
    )
    realisation_gains = _amount(_("all realisation gains (kr)"))
    realisation_losses_exempt = _amount(_("realisation losses under the exemption (kr)"))
    unrealised_securities = models.DecimalField(
        _("unrealised losses (+) or gains (−) on securities (kr)"),
        max_digits=16,
        decimal_places=0,
        default=ZERO,
    )
    reserve_to = _amount(_("reserved to the result equalisation reserve (kr)"))
    reserve_from = _amount(_("used from the result equalisation reserve (kr)"))
    earlier_deficits = _amount(_("negative results of earlier years not yet restored (kr)"))
    earlier_deficits_note = models.TextField(_("about the earlier negative results"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("balance requirement adjustments")
        verbose_name_plural = _("balance requirement adjustments")

    def __str__(self) -> str:
        return str(self.year)


class Metric(models.TextChoices):
    """The financial key figures a target may be set on; each is computed from the ledger
    (`statements.services.metric_values`), in per cent."""

    RESULT_SHARE = "result_share", _("Result as a share of tax revenue and general state grants")
    SOLIDITY = "solidity", _("Equity ratio")
    SOLIDITY_WITH_PENSIONS = (
        "solidity_pensions",
        _("Equity ratio including pension obligations outside the balance sheet"),
    )
    SELF_FINANCING = "self_financing", _("Self-financing of investments")


class Comparator(models.TextChoices):
    AT_LEAST = "gte", _("at least")
    AT_MOST = "lte", _("at most")


class FinancialTarget(models.Model):
    """A financial goal of god ekonomisk hushållning for a year: the metric, at least or at most, the target in
    per cent. A year without targets of its own is judged on `DEFAULT_TARGETS`."""

    year = models.ForeignKey(
        Year, on_delete=models.CASCADE, related_name="financial_targets", verbose_name=_("year")
    )
    metric = models.CharField(_("key figure"), max_length=20, choices=Metric.choices)
    comparator = models.CharField(
        _("comparison"), max_length=3, choices=Comparator.choices, default=Comparator.AT_LEAST
    )
    target = models.DecimalField(_("target (%)"), max_digits=7, decimal_places=1)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("financial target")
        verbose_name_plural = _("financial targets")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "metric"], name="statements_one_target_per_metric")
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.get_comparator_display()} {self.target} %"

    def is_met(self, value: Decimal | None) -> bool | None:
        if value is None:
            return None
        return value >= self.target if self.comparator == Comparator.AT_LEAST else value <= self.target


# (metric, comparator, target %): the targets a year is judged on until the controller sets its own. Two per
# cent of tax revenue and grants is SKR's long-standing rule of thumb for a result that keeps the assets intact.
DEFAULT_TARGETS: list[tuple[str, str, Decimal]] = [
    (Metric.RESULT_SHARE, Comparator.AT_LEAST, Decimal("2.0")),
    (Metric.SOLIDITY, Comparator.AT_LEAST, Decimal("30.0")),
    (Metric.SELF_FINANCING, Comparator.AT_LEAST, Decimal("100.0")),
]


class SoundFinances(models.Model):
    """What the ledger cannot give to the evaluation of god ekonomisk hushållning: the pension obligations
    outside the balance sheet (ansvarsförbindelse, including payroll tax) and the controller's concluding text."""

    year = models.OneToOneField(
        Year, on_delete=models.CASCADE, related_name="sound_finances", verbose_name=_("year")
    )
    pension_obligations = models.DecimalField(
        _("pension obligations outside the balance sheet (kr)"),
        max_digits=16,
        decimal_places=0,
        null=True,
        blank=True,
    )
    conclusion = models.TextField(_("concluding text"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sound financial management")
        verbose_name_plural = _("sound financial management")

    def __str__(self) -> str:
        return str(self.year)
