from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrmodell.models import Period, Year

from .models import BoardProfile, Direction, Goal, GoalAssessment, Indicator, Vision

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VisionForm(forms.ModelForm):
    class Meta:
        model = Vision
        fields = ["title", "description", "partner", "valid_from", "valid_to", "is_active"]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("The last year cannot come before the first."))
        return data


class DirectionForm(forms.ModelForm):
    class Meta:
        model = Direction
        fields = ["vision", "title", "description", "valid_from", "valid_to", "position"]

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("valid_from"), data.get("valid_to")
        if first and last and not (first <= last <= first + 2):
            self.add_error("valid_to", _("A direction is valid for one to three years."))
        return data


SMART_CONFIRMED = [
    ("smart_specific", "smart_specific_motivation"),
    ("smart_accepted", "smart_accepted_motivation"),
    ("smart_realistic", "smart_realistic_motivation"),
]


class GoalForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=100,
        required=False,
        help_text=_("The goal is adopted: say why it is changed. The change is kept in its history."),
    )

    class Meta:
        model = Goal
        fields = [
            "direction",
            "title",
            "description",
            "target_year",
            "position",
            "smart_specific",
            "smart_specific_motivation",
            "smart_accepted",
            "smart_accepted_motivation",
            "smart_realistic",
            "smart_realistic_motivation",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, year: Year, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["direction"].queryset = Direction.objects.valid_in(year.year).select_related("vision")
        self.fields["target_year"].help_text = _(
            "Time-bound means a target year from %(first)s to %(last)s."
        ) % {"first": year.year, "last": year.year + 3}
        if not (self.instance.pk and self.instance.is_adopted):
            del self.fields["change_reason"]

    def clean(self) -> dict:
        data = super().clean()
        for flag, motivation in SMART_CONFIRMED:
            if data.get(flag) and not (data.get(motivation) or "").strip():
                self.add_error(
                    motivation, _("Give a short motivation when the board confirms this criterion.")
                )
        changed = [name for name in self.changed_data if name != "change_reason"]
        if "change_reason" in self.fields and changed and not (data.get("change_reason") or "").strip():
            self.add_error("change_reason", _("Say why an adopted goal is changed."))
        return data


class AdoptForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["decision_date", "decision_paragraph"]
        widgets = {"decision_date": DATE_INPUT}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].required = True
        self.fields["decision_paragraph"].required = True


class BoardProfileForm(forms.ModelForm):
    class Meta:
        model = BoardProfile
        fields = ["mission_statement"]


class IndicatorForm(forms.ModelForm):
    target_value = forms.DecimalField(
        label=_("Target level"), max_digits=14, decimal_places=2, required=False, localize=True
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "better",
            "baseline_value",
            "baseline_year",
            "tolerance",
            "kolada_kpi",
            "position",
        ]
        # Swedish decimal comma (84,5) as well as a point.
        localized_fields = ["baseline_value", "tolerance"]

    def __init__(self, *args, year: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_value"].label = _("Target level %(year)s") % {"year": year}

    def clean_kolada_kpi(self) -> str:
        kpi = self.cleaned_data["kolada_kpi"].strip().upper()
        if kpi and not kpi.isalnum():
            raise forms.ValidationError(_("A Kolada KPI id has only letters and digits, for example N17461."))
        return kpi


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("Target level"), max_digits=14, decimal_places=2, localize=True)


class _PeriodChoiceForm(forms.Form):
    period = forms.ModelChoiceField(label=_("Period"), queryset=Period.objects.none(), empty_label=None)

    def __init__(self, *args, year: Year, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = (
            Period.objects.filter(year=year).select_related("year").order_by("starts")
        )

    def clean_period(self) -> Period:
        period = self.cleaned_data["period"]
        if period.is_locked:
            raise forms.ValidationError(
                _("%(period)s is closed. Nothing reported in a closed period can be changed.")
                % {"period": period}
            )
        return period


class OutcomeForm(_PeriodChoiceForm):
    value = forms.DecimalField(label=_("Outcome"), max_digits=14, decimal_places=2, localize=True)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AssessmentForm(_PeriodChoiceForm):
    verdict = forms.ChoiceField(label=_("Assessment"), choices=GoalAssessment.Verdict.choices)
    analysis = forms.CharField(label=_("Analysis"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
