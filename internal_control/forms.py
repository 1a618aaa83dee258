from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from goals.models import Goal
from styrmodell.models import OrgUnit, RoleGrant, User, Year

from .models import Action, Control, ControlPlan, ControlResult, Process, Risk, RiskMatrix

MIN_LEVELS = 2
MAX_LEVELS = 6


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class LabelsField(forms.CharField):
    """One level per line, lowest first."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        labels = [line.strip() for line in text.splitlines() if line.strip()]
        if not MIN_LEVELS <= len(labels) <= MAX_LEVELS:
            raise forms.ValidationError(
                _("Give between %(min)s and %(max)s levels, one per line.")
                % {"min": MIN_LEVELS, "max": MAX_LEVELS}
            )
        return labels


class RiskMatrixForm(forms.ModelForm):
    likelihood_labels = LabelsField(label=_("Likelihood levels"), help_text=_("One per line, lowest first."))
    consequence_labels = LabelsField(
        label=_("Consequence levels"), help_text=_("One per line, lowest first.")
    )

    class Meta:
        model = RiskMatrix
        fields = ["likelihood_labels", "consequence_labels", "medium_from", "high_from", "very_high_from"]

    def clean(self) -> dict:
        data = super().clean()
        labels = (data.get("likelihood_labels"), data.get("consequence_labels"))
        thresholds = (data.get("medium_from"), data.get("high_from"), data.get("very_high_from"))
        if None in thresholds or None in labels:
            return data
        max_score = len(labels[0]) * len(labels[1])
        if not 1 < thresholds[0] < thresholds[1] < thresholds[2] <= max_score:
            raise forms.ValidationError(
                _("The thresholds must rise, start above 1 and stay within the highest score, %(max)s.")
                % {"max": max_score}
            )
        return data


class PlanCreateForm(forms.Form):
    board = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), label=_("Board"), to_field_name="code", empty_label=None
    )
    year = forms.ModelChoiceField(
        queryset=Year.objects.open(), label=_("Year"), to_field_name="year", empty_label=None
    )

    def __init__(self, *args, boards: QuerySet[OrgUnit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards

    def clean(self) -> dict:
        data = super().clean()
        if data.get("board") and data.get("year"):
            if ControlPlan.objects.filter(board=data["board"], year=data["year"]).exists():
                raise forms.ValidationError(_("The board already has a control plan for that year."))
        return data


class AdoptForm(forms.ModelForm):
    class Meta:
        model = ControlPlan
        fields = ["decision_date", "decision_paragraph"]
        widgets = {"decision_date": DateInput()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].required = True


class ProcessForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = ["name", "description", "owner"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan: ControlPlan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = Process.objects.filter(plan=self.plan, name__iexact=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("The plan already has a process with that name."))
        return name


def _levels(labels: list[str]) -> list[tuple[int, str]]:
    return [(i, f"{i} – {label}") for i, label in enumerate(labels, start=1)]


class RiskForm(forms.ModelForm):
    likelihood = forms.TypedChoiceField(label=_("Likelihood"), coerce=int)
    consequence = forms.TypedChoiceField(label=_("Consequence"), coerce=int)

    class Meta:
        model = Risk
        fields = [
            "process",
            "description",
            "category",
            "likelihood",
            "consequence",
            "owner",
            "mitigation",
            "goal",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, plan: ControlPlan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = plan.processes.all()
        self.fields["process"].empty_label = None
        self.fields["likelihood"].choices = _levels(plan.matrix.likelihood_labels)
        self.fields["consequence"].choices = _levels(plan.matrix.consequence_labels)
        self.fields["goal"].queryset = Goal.objects.filter(board=plan.board, year=plan.year)
        self.fields["goal"].empty_label = _("No goal")


class ControlForm(forms.ModelForm):
    class Meta:
        model = Control
        fields = ["what", "method", "frequency", "owner", "report_to"]
        widgets = {"method": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, board: OrgUnit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Control owners are people holding a role in the board's organisation.
        people = RoleGrant.objects.filter(content_object__path__startswith=board.path).values("user_id")
        owners = User.objects.filter(pk__in=people, is_active=True)
        if self.instance.pk:
            owners = owners | User.objects.filter(pk=self.instance.owner_id)
        self.fields["owner"].queryset = owners.distinct()
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username


class ResultForm(forms.ModelForm):
    occurrence = forms.TypedChoiceField(label=_("Occurrence"), coerce=int)

    class Meta:
        model = ControlResult
        fields = ["occurrence", "performed_on", "outcome", "findings"]
        widgets = {
            "performed_on": DateInput(),
            "findings": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(
        self, *args, control: Control, year: int, correcting: ControlResult | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurrence"].choices = [(o.number, o.label) for o in control.occurrences(year)]
        if correcting is not None:
            self.fields["occurrence"].disabled = True
            self.fields["occurrence"].initial = correcting.occurrence
        self.correcting = correcting
        self.control = control

    def clean(self) -> dict:
        data = super().clean()
        if data.get("outcome") == ControlResult.Outcome.DEVIATION and not data.get("findings"):
            self.add_error("findings", _("Describe what was found when the control shows a deviation."))
        occurrence = data.get("occurrence")
        if self.correcting is None and occurrence is not None:
            if ControlResult.objects.current().filter(control=self.control, occurrence=occurrence).exists():
                self.add_error(
                    "occurrence",
                    _("A result is already reported for this occurrence; correct that result instead."),
                )
        return data


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["description", "owner", "due_date"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_date": DateInput()}
