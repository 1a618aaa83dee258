from __future__ import annotations

import datetime

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from styrmodell.lib.upload import check_xlsx_upload

from .models import EconomyFigure, Milestone, Report

MONTH_CHOICES = [(number, name) for number, name in MONTHS.items()]


class MilestoneForm(forms.ModelForm):
    month = forms.TypedChoiceField(label=_("Month"), choices=MONTH_CHOICES, coerce=int)
    end_month = forms.TypedChoiceField(
        label=_("Until month"),
        choices=[("", _("(the same month)"))] + MONTH_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Milestone
        fields = ["title", "description", "kind", "month", "end_month"]

    def clean(self):
        data = super().clean()
        month, end_month = data.get("month"), data.get("end_month")
        if month and end_month and end_month < month:
            self.add_error("end_month", _("The milestone cannot end before it starts."))
        return data


class BudgetForm(forms.Form):
    amount = forms.DecimalField(label=_("Budget frame (tkr)"), max_digits=14, decimal_places=1)


class EconomyFigureForm(forms.ModelForm):
    class Meta:
        model = EconomyFigure
        fields = ["outcome", "forecast", "analysis"]


class ReportSummaryForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["summary"]
        help_texts = {"summary": _("The board's own summary of the period, at the start of the report.")}


class ReportCommentForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["comment"]
        help_texts = {"comment": _("The board's comment on the month's economy and deviations.")}


class AdoptForm(forms.Form):
    decision_date = forms.DateField(
        label=_("Decision date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    decision_paragraph = forms.CharField(
        label=_("Decision paragraph"), max_length=50, help_text=_("For example § 45.")
    )

    def clean_decision_date(self) -> datetime.date:
        value = self.cleaned_data["decision_date"]
        if value > datetime.date.today() + datetime.timedelta(days=1):
            raise forms.ValidationError(_("A decision cannot be dated in the future."))
        return value


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Use the template from this page. Nothing is imported unless every row is correct."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        # Size, zip-bomb and not-a-workbook checks before openpyxl opens anything.
        validators=[check_xlsx_upload],
    )


class PeriodChoiceForm(forms.Form):
    period = forms.ModelChoiceField(label=_("Period"), queryset=None, to_field_name="code", empty_label=None)

    def __init__(self, *args, periods, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods
