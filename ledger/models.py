"""The ledger from the finance system: accounts, dimension objects (ansvar, verksamhet, projekt) and balances per
year and month, imported from SIE 4; the mapping of accounts to the lines of the financial statements.

A balance row is one SIE record reduced to what the statements need: the account, the month (0 for the opening
and closing balances of the year), the objects it is booked on, and the amount. A year's figures are replaced
whole by each import (`LedgerImport`), so the same file twice changes nothing."""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrmodell.models import Job, OrgUnit, Year


class Account(models.Model):
    """An account of the chart of accounts (Kommun-Bas), as the finance system names it (#KONTO)."""

    number = models.CharField(_("account"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Dimension(models.TextChoices):
    """The dimensions the statements read. Which SIE dimension number carries each is set per import (#DIM)."""

    RESPONSIBILITY = "ansvar", _("Responsibility (ansvar)")
    ACTIVITY = "verksamhet", _("Activity (verksamhet)")
    PROJECT = "projekt", _("Project")


class LedgerObject(models.Model):
    """One object of a dimension (#OBJEKT): an ansvar, a verksamhet or an investment project. An ansvar belongs to
    a board or unit of the organisation tree (set by the controller), which is how the ledger reaches the boards."""

    dimension = models.CharField(_("dimension"), max_length=12, choices=Dimension.choices)
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ledger_objects",
        verbose_name=_("board or unit"),
    )

    class Meta:
        verbose_name = _("ledger object")
        verbose_name_plural = _("ledger objects")
        ordering = ["dimension", "code"]
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="ledger_object_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class LedgerImport(models.Model):
    """One imported SIE file for a year: who, when, which file (its SHA-256 makes a second import of the same file
    a no-op), what it held. The year's balances are those of its latest completed import."""

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        # The file was checked and refused (its problems in `problems`), or was the year's file already: nothing
        # of the ledger was changed.
        REFUSED = "refused", _("Refused")

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    year = models.ForeignKey(
        Year, on_delete=models.PROTECT, related_name="ledger_imports", verbose_name=_("year")
    )
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.RUNNING)
    # The last month the file holds balances for (#PSALDO); 12 for a closed year.
    through_month = models.PositiveSmallIntegerField(_("through month"), default=0)
    accounts = models.PositiveIntegerField(_("accounts"), default=0)
    rows = models.PositiveIntegerField(_("balance rows"), default=0)
    # Accounts with balances that map to no statement line: listed to the controller, never silently dropped.
    unmapped = models.JSONField(default=list, blank=True)
    # The problems that refused the file (the first 200, as text) and how many there were in all.
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    # Why a file was refused or failed, when it is not a list of problems ("already imported", a crash).
    message = models.CharField(_("message"), max_length=500, blank=True)
    # The SIE dimension numbers read as ansvar, verksamhet and projekt: {"ansvar": "1", "verksamhet": "", ...}.
    dimensions = models.JSONField(default=dict, blank=True)
    # The uploaded file while its job runs; removed when the job ends (the SHA-256 identifies it afterwards).
    upload = models.FileField(upload_to="ledger/uploads/", blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")
        ordering = ["-started"]

    def __str__(self) -> str:
        return f"{self.year} {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.state != self.State.RUNNING


class Balance(models.Model):
    """An amount on an account for a year: the opening (`IB`) or closing (`UB`) balance, the year's result
    (`RES`), or the movement to date of a month (`PSALDO`, month 1–12, cumulative from January: SIE gives each month's own movement, the import
    adds them up, so a month's row is the movement to date and a month without bookings still has its row),
    optionally on an ansvar, a verksamhet and a project. A row with no object is the account's total (SIE's `{}`);
    rows with objects break that total down (#OIB/#OUB, #PSALDO with an object list), so a sum takes either the
    totals or the rows of one breakdown, never both. Rows booked on a SIE dimension that is none of the three are
    not kept (they would otherwise pass for totals). `year_offset` is 0 for the file's year and -1 for the
    previous year's figures the file carries (#IB -1 …), which the statements show beside this year's.

    Amounts are in kronor with the finance system's sign (debit positive); the statements present them in tkr
    with the sign of each line."""

    class Kind(models.TextChoices):
        OPENING = "IB", _("Opening balance")
        CLOSING = "UB", _("Closing balance")
        RESULT = "RES", _("Result")
        PERIOD = "PSALDO", _("Period balance")
        BUDGET = "PBUDGET", _("Period budget")

    year = models.ForeignKey(Year, on_delete=models.CASCADE, related_name="ledger_balances")
    year_offset = models.SmallIntegerField(default=0)
    kind = models.CharField(max_length=7, choices=Kind.choices)
    month = models.PositiveSmallIntegerField(default=0)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="balances")
    responsibility = models.ForeignKey(
        LedgerObject, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    activity = models.ForeignKey(
        LedgerObject, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    project = models.ForeignKey(
        LedgerObject, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amount = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("balance")
        verbose_name_plural = _("balances")
        indexes = [models.Index(fields=["year", "kind", "month"], name="ledger_balance_year_kind_month")]

    def __str__(self) -> str:
        return f"{self.kind} {self.month} {self.account_id} {self.amount}"


class Statement(models.TextChoices):
    INCOME = "RR", _("Income statement")
    BALANCE = "BR", _("Balance sheet")
    CASH_FLOW = "KF", _("Cash-flow statement")


class StatementLine(models.Model):
    """A line of a financial statement (resultaträkning, balansräkning, kassaflödesanalys). A line either sums the
    accounts mapped to it (`AccountRange`) or is a subtotal of the lines before it (`is_total`, `total_of`).
    `sign` turns the ledger's debit-positive amounts into the line's presentation (income positive)."""

    statement = models.CharField(_("statement"), max_length=2, choices=Statement.choices)
    key = models.SlugField(_("key"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    sign = models.SmallIntegerField(_("sign"), default=1)
    is_total = models.BooleanField(_("subtotal"), default=False)
    # Keys of the lines a subtotal adds up (same statement).
    total_of = models.JSONField(default=list, blank=True)
    note = models.PositiveSmallIntegerField(_("note"), null=True, blank=True)

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["statement", "order"]
        constraints = [models.UniqueConstraint(fields=["statement", "key"], name="statement_line_unique")]

    def __str__(self) -> str:
        return self.name


class AccountRange(models.Model):
    """Accounts from `first` to `last` (inclusive, compared as account numbers of equal length) map to a line."""

    line = models.ForeignKey(StatementLine, on_delete=models.CASCADE, related_name="ranges")
    first = models.CharField(_("from account"), max_length=10)
    last = models.CharField(_("to account"), max_length=10)

    class Meta:
        verbose_name = _("account range")
        verbose_name_plural = _("account ranges")
        ordering = ["first"]

    def __str__(self) -> str:
        return f"{self.first}–{self.last}"

    def covers(self, number: str) -> bool:
        """Whether an account falls in the range: `first <= number <= last` padded with nines, compared as
        strings (301 and 3011 are both in 300–399)."""
        return self.first <= number <= self.last.ljust(10, "9")
