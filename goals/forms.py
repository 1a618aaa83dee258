from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from styrmodell import access
from styrmodell.models import OrgUnit, Period, Reporting, Year

from .models import BoardProfile, Direction, Goal, GoalAssessment, Indicator, Vision

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VisionForm(forms.ModelForm):
    class Meta:
        model = Vision
        fields = [
            "title",
            "description",
            "title_fi",
            "description_fi",
            "partner",
            "partner_fi",
            "valid_from",
            "valid_to",
            "is_active",
        ]
        widgets = {
            "title_fi": forms.TextInput(attrs={"lang": "fi"}),
            "description_fi": forms.Textarea(attrs={"lang": "fi"}),
            "partner_fi": forms.TextInput(attrs={"lang": "fi"}),
        }

    def clean(self) -> dict:
        data = super().clean()
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("The last year cannot come before the first."))
        return data


class DirectionForm(forms.ModelForm):
    class Meta:
        model = Direction
        fields = [
            "vision",
            "title",
            "description",
            "title_fi",
            "description_fi",
            "valid_from",
            "valid_to",
            "position",
        ]
        widgets = {
            "title_fi": forms.TextInput(attrs={"lang": "fi"}),
            "description_fi": forms.Textarea(attrs={"lang": "fi"}),
        }

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
            "title_fi",
            "description_fi",
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
            "title_fi": forms.Textarea(attrs={"rows": 2, "lang": "fi"}),
            "description_fi": forms.Textarea(attrs={"rows": 4, "lang": "fi"}),
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
        fields = ["mission_statement", "mission_statement_fi"]
        widgets = {"mission_statement_fi": forms.Textarea(attrs={"lang": "fi"})}


class IndicatorForm(forms.ModelForm):
    target_value = forms.DecimalField(
        label=_("Target level"), max_digits=14, decimal_places=2, required=False, localize=True
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "name_fi",
            "unit",
            "better",
            "baseline_value",
            "baseline_year",
            "tolerance",
            "kolada_kpi",
            "position",
            "kind",
            "min_value",
            "max_value",
            "decimals",
        ]
        widgets = {"name_fi": forms.TextInput(attrs={"lang": "fi"})}
        # Swedish decimal comma (84,5) as well as a point.
        localized_fields = ["baseline_value", "tolerance", "min_value", "max_value"]

    def __init__(self, *args, year: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_value"].label = _("Target level %(year)s") % {"year": year}

    def clean_kolada_kpi(self) -> str:
        kpi = self.cleaned_data["kolada_kpi"].strip().upper()
        if kpi and not kpi.isalnum():
            raise forms.ValidationError(_("A Kolada KPI id has only letters and digits, for example N17461."))
        return kpi

    def clean(self) -> dict:
        return clean_indicator_range(self, super().clean())


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("Target level"), max_digits=14, decimal_places=2, localize=True)


class _PeriodChoiceForm(forms.Form):
    """A period of the goal's year that collects this kind of reporting; refused once the board's follow-up of
    the period is closed for the board (unless it was reopened for it)."""

    reporting: str = ""
    period = forms.ModelChoiceField(label=_("Period"), queryset=Period.objects.none(), empty_label=None)

    def __init__(self, *args, year: Year, board: OrgUnit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.board = board
        periods = Period.objects.filter(year=year).select_related("year").order_by("ends", "key")
        wanted = [p.pk for p in periods if p.collects_kind(self.reporting)]
        self.fields["period"].queryset = periods.filter(pk__in=wanted)

    def clean_period(self) -> Period:
        period = self.cleaned_data["period"]
        if not access.reporting_is_open(period, self.board, self.reporting):
            raise forms.ValidationError(
                _("The board's follow-up of %(period)s is closed. Nothing reported in it can be changed.")
                % {"period": period}
            )
        return period


class SwedishNumberField(forms.DecimalField):
    """A number as a Swedish controller types it: "405 000" or "84,5" (spaces between thousands, as Excel and
    Kolada show them, are not refused as "not a number")."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        return super().to_python(value)


class OutcomeForm(_PeriodChoiceForm):
    reporting = Reporting.OUTCOMES
    value = SwedishNumberField(label=_("Outcome"), max_digits=14, decimal_places=2, localize=True)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AssessmentForm(_PeriodChoiceForm):
    reporting = Reporting.ASSESSMENTS
    verdict = forms.ChoiceField(label=_("Assessment"), choices=GoalAssessment.Verdict.choices)
    analysis = forms.CharField(label=_("Analysis"), widget=forms.Textarea(attrs={"rows": 6}), required=False)


# --- plausible figures (goals/plausibility.py) -------------------------------------------------------------------


def clean_indicator_range(form: forms.ModelForm, data: dict) -> dict:
    """The indicator's kind (guessed from its unit when not chosen), an own range that is a range, at most two
    decimals, and a target level the range allows."""
    from . import plausibility

    if not data.get("kind") and data.get("unit"):
        data["kind"] = plausibility.kind_for_unit(data["unit"])
        form.instance.kind = data["kind"]
    low, high = data.get("min_value"), data.get("max_value")
    if low is not None and high is not None and low >= high:
        form.add_error("max_value", _("The highest possible value must be above the lowest."))
    if data.get("decimals") is not None and data["decimals"] > plausibility.MAX_DECIMALS:
        form.add_error("decimals", _("At most two decimals."))
    target = data.get("target_value")
    if target is not None and not form.errors:
        probe = Indicator(
            name=data.get("name") or "",
            unit=data.get("unit") or "",
            kind=data.get("kind") or "",
            min_value=low,
            max_value=high,
            decimals=data.get("decimals"),
        )
        problem = plausibility.check_possible(probe, target)
        if problem:
            form.add_error("target_value", problem)
    return data


class PlausibleOutcomeForm(OutcomeForm):
    """The outcome form with the indicator's range and precision, and a confirmation for a value far outside the
    indicator's history (then saved marked as unusual)."""

    confirm_unusual = forms.BooleanField(
        label=_("Yes, the value is right although it is far from the earlier outcomes"), required=False
    )

    def __init__(self, *args, indicator: Indicator, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.is_unusual = False
        self.asks_confirmation = False

    def clean_value(self):
        from . import plausibility

        value = self.cleaned_data["value"]
        problem = plausibility.check_possible(self.indicator, value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean(self) -> dict:
        from . import plausibility

        data = super().clean()
        value, period = data.get("value"), data.get("period")
        if value is None or period is None:
            return data
        history = plausibility.history_of(self.indicator, exclude_period_id=period.pk)
        self.is_unusual = plausibility.is_unusual(value, history)
        if self.is_unusual and not data.get("confirm_unusual"):
            self.asks_confirmation = True
            self.add_error(
                "value",
                _(
                    "%(value)s is far outside the indicator's earlier outcomes (%(low)s–%(high)s). Check the "
                    "figure; if it is right, tick the confirmation below and save again."
                )
                % {
                    "value": plausibility.number_text(value),
                    "low": plausibility.number_text(min(history)),
                    "high": plausibility.number_text(max(history)),
                },
            )
        return data


class KoladaSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search Kolada's key figures"),
        max_length=100,
        required=False,
        help_text=_("Part of the name, or the id (for example N15428)."),
    )


# --- goal versions ----------------------------------------------------------------------------------------------


class DecisionForm(forms.Form):
    """The board's decision adopting a goal or a new version of it. In the second step, when the goal fails a SMART
    criterion, `adopt_anyway` confirms it and `criteria` carries the criteria that were listed."""

    decision_date = forms.DateField(label=capfirst(_("decision date")), widget=DATE_INPUT)
    decision_paragraph = forms.CharField(label=capfirst(_("decision paragraph")), max_length=50)
    adopt_anyway = forms.BooleanField(label=_("Adopt anyway"), required=False)
    criteria = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, confirm: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not confirm:
            del self.fields["adopt_anyway"]
            del self.fields["criteria"]
