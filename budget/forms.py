from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from styrmodell.lib.upload import check_xlsx_upload
from styrmodell.models import OrgUnit, Year

from .models import MAX_FRAME, MAX_REQUEST, BudgetCalendar, BudgetRequest, EnvironmentAnalysis

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AmountField(forms.DecimalField):
    """Thousands of kronor as people type them: "2 400,5" (spaces between thousands, decimal comma) or "2400.5"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        return super().to_python(value)


def amount(label, *, limit: Decimal = MAX_FRAME, signed: bool = False, required: bool = True, **kwargs):
    return AmountField(
        label=label,
        max_digits=14,
        decimal_places=1,
        min_value=-limit if signed else Decimal("0"),
        max_value=limit,
        required=required,
        localize=True,
        **kwargs,
    )


class CalendarForm(forms.ModelForm):
    class Meta:
        model = BudgetCalendar
        fields = [
            "directive_date",
            "requests_from",
            "requests_due",
            "preparation_from",
            "preparation_to",
            "plan_date",
            "working_budget_from",
            "working_budget_to",
        ]
        widgets = dict.fromkeys(fields, DATE_WIDGET)

    def clean(self):
        data = super().clean()
        for start, end in (
            ("requests_from", "requests_due"),
            ("preparation_from", "preparation_to"),
            ("working_budget_from", "working_budget_to"),
        ):
            if data.get(start) and data.get(end) and data[end] < data[start]:
                self.add_error(end, _("The step cannot end before it starts."))
        return data


class DirectiveForm(forms.Form):
    """The assumptions, the decision and one frame per board (fields `frame_<board id>`)."""

    assumptions = forms.CharField(
        label=_("Assumptions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Tax rate, population, price and wage index and other premises of the planning."),
    )
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DATE_WIDGET)
    decision_paragraph = forms.CharField(
        label=_("Decision paragraph"), max_length=50, required=False, help_text=_("For example § 45.")
    )

    def __init__(self, *args, boards: list[OrgUnit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.boards = boards
        for board in boards:
            self.fields[f"frame_{board.pk}"] = amount(
                _("Frame for %(board)s (tkr)") % {"board": board.name}, required=False
            )

    def frames(self) -> dict[OrgUnit, Decimal | None]:
        return {board: self.cleaned_data.get(f"frame_{board.pk}") for board in self.boards}


class AnalysisForm(forms.ModelForm):
    class Meta:
        model = EnvironmentAnalysis
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "text": _("What in the world around the board affects its work and costs in the coming years.")
        }


class RequestForm(forms.ModelForm):
    amount = amount(
        _("Requested amount (tkr)"),
        limit=MAX_REQUEST,
        signed=True,
        help_text=_("Thousands of kronor; negative for a saving the board offers."),
    )

    class Meta:
        model = BudgetRequest
        fields = ["title", "amount", "justification", "goal", "direction"]
        widgets = {"justification": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, board: OrgUnit, year: Year, **kwargs) -> None:
        from goals.models import Direction, Goal

        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(
            board=board, year__year__in=[year.year, year.year + 1]
        ).select_related("year")
        self.fields["goal"].label_from_instance = lambda g: f"{g.title} ({g.year.year})"
        self.fields["goal"].empty_label = _("(no goal)")
        self.fields["direction"].queryset = Direction.objects.filter(
            valid_from__lte=year.year + 3, valid_to__gte=year.year
        )
        self.fields["direction"].empty_label = _("(no direction)")

    def clean_amount(self) -> Decimal:
        value = self.cleaned_data["amount"]
        if value == 0:
            raise forms.ValidationError(_("A request of nothing is no request: enter an amount."))
        return value


class DecisionForm(forms.ModelForm):
    approved_amount = amount(
        _("Approved amount (tkr)"),
        limit=MAX_REQUEST,
        signed=True,
        required=False,
        help_text=_("Only when the request is partly approved."),
    )

    class Meta:
        model = BudgetRequest
        fields = ["decision", "approved_amount", "decision_comment"]
        widgets = {"decision": forms.RadioSelect, "decision_comment": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        decision, approved = data.get("decision"), data.get("approved_amount")
        requested = self.instance.amount
        if decision == BudgetRequest.Decision.PARTLY:
            if approved is None:
                self.add_error("approved_amount", _("Enter the approved amount."))
            elif approved == 0 or (approved > 0) != (requested > 0) or abs(approved) >= abs(requested):
                self.add_error(
                    "approved_amount",
                    _("A partly approved amount lies between zero and the requested %(amount)s tkr.")
                    % {"amount": requested},
                )
        return data


class PlanForm(forms.Form):
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )

    def __init__(self, *args, frames, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.frames = frames
        for frame in frames:
            self.fields[f"frame_{frame.pk}"] = amount(
                _("Frame for %(board)s (tkr)") % {"board": frame.board.name}, initial=frame.amount
            )

    def amounts(self) -> dict[int, Decimal]:
        return {frame.pk: self.cleaned_data[f"frame_{frame.pk}"] for frame in self.frames}


class AdoptForm(forms.Form):
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    decision_paragraph = forms.CharField(
        label=_("Decision paragraph"), max_length=50, help_text=_("For example § 45.")
    )

    def clean_decision_date(self) -> datetime.date:
        value = self.cleaned_data["decision_date"]
        if value > datetime.date.today() + datetime.timedelta(days=1):
            raise forms.ValidationError(_("A decision cannot be dated in the future."))
        return value


class WorkingBudgetForm(forms.Form):
    """One amount per unit (fields `unit_<unit id>`); an empty field means no budget for the unit."""

    def __init__(self, *args, units: list[OrgUnit], amounts: dict[int, Decimal], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        for unit in units:
            self.fields[f"unit_{unit.pk}"] = amount(
                f"{unit.name} (tkr)", required=False, initial=amounts.get(unit.pk)
            )

    def amounts(self) -> dict[int, Decimal]:
        return {
            unit.pk: self.cleaned_data[f"unit_{unit.pk}"]
            for unit in self.units
            if self.cleaned_data.get(f"unit_{unit.pk}") is not None
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Use the template from this page. Nothing is imported unless every row is correct."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        # Size, zip-bomb and not-a-workbook checks before openpyxl opens anything.
        validators=[check_xlsx_upload],
    )
