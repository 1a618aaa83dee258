"""Personnel figures imported from the HR system: headcount and sick leave by gender and age group.

One `PersonnelFigure` per period, org unit, gender and age group, as the HR system's file lists them; the shares
the law asks for (LKBR 11 kap.: sick leave as a share of ordinary working time, for women and men, by age group,
and the long-term share) are computed from the hours in `services.py`. An import replaces a period's figures as a
whole; `PersonnelImport` records the last one (its file's SHA-256 makes importing the same file twice a no-op).
"""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrmodell.models import OrgUnit, Period


class Gender(models.TextChoices):
    # The law breaks sick leave down by women and men; "other" counts in the totals and the age groups.
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    OTHER = "other", _("Other gender")


class AgeGroup(models.TextChoices):
    UP_TO_29 = "-29", _("29 or younger")
    FROM_30_TO_49 = "30-49", _("30–49")
    FROM_50 = "50-", _("50 or older")


class PersonnelImport(models.Model):
    """The import that holds a period's figures now."""

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    period = models.OneToOneField(
        Period, on_delete=models.PROTECT, related_name="personnel_import", verbose_name=_("period")
    )
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("personnel import")
        verbose_name_plural = _("personnel imports")

    def __str__(self) -> str:
        return f"{self.period}: {self.filename}"


class PersonnelFigure(models.Model):
    # PROTECT: a period that holds HR figures is not removed from the calendar (as one with reports is not).
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="personnel_figures", verbose_name=_("period")
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="personnel_figures", verbose_name=_("unit")
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices)
    headcount = models.PositiveIntegerField(_("employees"))
    fte = models.DecimalField(
        _("full-time equivalents"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    working_hours = models.DecimalField(_("ordinary working time (hours)"), max_digits=12, decimal_places=1)
    sick_hours = models.DecimalField(_("sick leave (hours)"), max_digits=12, decimal_places=1)
    long_sick_hours = models.DecimalField(
        _("sick leave in spells of 60 days or more (hours)"), max_digits=12, decimal_places=1
    )

    class Meta:
        verbose_name = _("personnel figure")
        verbose_name_plural = _("personnel figures")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "gender", "age_group"], name="personnel_one_figure_per_group"
            ),
            models.CheckConstraint(
                condition=models.Q(sick_hours__lte=models.F("working_hours")),
                name="personnel_sick_within_working",
            ),
            models.CheckConstraint(
                condition=models.Q(long_sick_hours__lte=models.F("sick_hours")),
                name="personnel_long_within_sick",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_gender_display()} {self.get_age_group_display()} ({self.period})"
