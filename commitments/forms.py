from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from goals.models import Goal
from styrmodell.models import OrgUnit, Period, Role, RoleGrant, User, Year

from .models import STATUSES_NEEDING_COMMENT, Commitment, PeriodReopening, Status


def people_in_line_with(unit: OrgUnit, roles: tuple[Role, ...] = (Role.MANAGER, Role.EMPLOYEE)):
    """People holding one of `roles` on the unit, below it or above it."""
    grants = RoleGrant.objects.filter(permission__codename__in=[r.codename for r in roles]).filter(
        Q(content_object__path__startswith=unit.path) | Q(content_object__path__in=unit.ancestor_paths())
    )
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True)


def people_below(unit: OrgUnit):
    """Employees and managers in the unit's subtree: those a commitment can be broken down to."""
    grants = RoleGrant.objects.filter(
        permission__codename__in=[Role.EMPLOYEE.codename, Role.MANAGER.codename],
        content_object__path__startswith=unit.path,
    )
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CommitmentForm(forms.ModelForm):
    """A unit's commitment. The form carries the version it was opened on (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Commitment
        fields = ["year", "title", "description", "goals", "responsible", "starts", "ends"]
        widgets = {
            "starts": DateInput(),
            "ends": DateInput(),
            "goals": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "description": _("How the unit will contribute to the goals."),
            "goals": _("The board's goals of the same year that this commitment contributes to."),
        }

    def __init__(self, *args, unit: OrgUnit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        board = unit.board()
        self.fields["year"].queryset = Year.objects.open()
        if self.instance.pk:
            # The year of an existing commitment is fixed; carrying over creates a new one.
            del self.fields["year"]
        else:
            self.fields["year"].initial = Year.current()
        self.fields["goals"].queryset = (
            Goal.objects.filter(board=board)
            .select_related("year")
            .order_by("year__year", "position", "title")
            if board
            else Goal.objects.none()
        )
        self.fields["goals"].label_from_instance = lambda g: f"{g.title} ({g.year.year})"
        self.fields["responsible"].queryset = people_in_line_with(unit)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        year = data.get("year") or (self.instance.year if self.instance.pk else None)
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and starts > ends:
            self.add_error("ends", _("The end date must not be before the start date."))
        if year:
            wrong = [g for g in data.get("goals") or [] if g.year_id != year.pk]
            if wrong:
                self.add_error(
                    "goals", _("Choose goals of the commitment's year (%(year)s).") % {"year": year.year}
                )
        return data


class EmployeeCommitmentForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Commitment
        fields = ["owner", "title", "description", "starts", "ends"]
        widgets = {
            "starts": DateInput(),
            "ends": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, unit: OrgUnit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_below(unit)
        self.fields["owner"].required = True
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and starts > ends:
            self.add_error("ends", _("The end date must not be before the start date."))
        return data


class StatusReportForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Choose a status")), *Status.choices])
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the commitment is at risk or delayed."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    def clean(self):
        data = super().clean()
        if data.get("status") in STATUSES_NEEDING_COMMENT and not (data.get("comment") or "").strip():
            self.add_error(
                "comment", _("Explain what is at risk or delayed and what is being done about it.")
            )
        return data


class ReopeningForm(forms.ModelForm):
    class Meta:
        model = PeriodReopening
        fields = ["period", "reason", "until"]
        widgets = {"until": DateInput(), "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = Period.objects.filter(
            is_closed=True, year__is_closed=False
        ).select_related("year")


class CarryOverForm(forms.Form):
    from_year = forms.ModelChoiceField(label=_("From year"), queryset=Year.objects.all())
    to_year = forms.ModelChoiceField(label=_("Into year"), queryset=Year.objects.open())

    def clean(self):
        data = super().clean()
        if (
            data.get("from_year")
            and data.get("to_year")
            and data["to_year"].year != data["from_year"].year + 1
        ):
            self.add_error("to_year", _("Carry over into the year after."))
        return data


class UnitFilterForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Period"), queryset=Period.objects.select_related("year"), required=False
    )
    goal = forms.ModelChoiceField(label=_("Goal"), queryset=Goal.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, board: OrgUnit | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(board=board) if board else Goal.objects.none()
        self.fields["status"].choices = [("", _("All")), *Status.choices, ("unreported", _("Not reported"))]


class DelegationForm(forms.Form):
    """Let one person in line with the unit report on a unit commitment."""

    person = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Person"), to_field_name="code")

    def __init__(self, *args, unit: OrgUnit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_in_line_with(unit).order_by("first_name", "last_name")
