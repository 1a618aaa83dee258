from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from goals.models import Goal
from styrmodell.models import OrgUnit, Period, Reporting, Role, RoleGrant, User, Year

from .models import STATUSES_NEEDING_COMMENT, Commitment, Status


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
        # Only periods that collect commitment status (a monthly economy period has none to filter by).
        label=_("Period"),
        queryset=Period.objects.select_related("year").filter(collects__icontains=f'"{Reporting.STATUS}"'),
        required=False,
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


# --- copying down with a responsible person, unit analyses ------------------------------------------------------


class CopyDownForm(forms.Form):
    """One choice per sub-unit: who is responsible for its copy (the unit's own manager by default)."""

    def __init__(self, *args, units: list[OrgUnit], managers: dict, candidates: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        for unit in units:
            people = candidates.get(unit.pk, [])
            manager = managers.get(unit.pk)
            choices = [("", _("Nobody: the managers above answer for it"))] + [
                (str(p.pk), str(p)) for p in people
            ]
            self.fields[f"r{unit.pk}"] = forms.TypedChoiceField(
                label=unit.name,
                choices=choices,
                required=False,
                initial=str(manager.pk) if manager else "",
                help_text=_("The unit's own manager is %(name)s.") % {"name": manager}
                if manager
                else _("The unit has no manager of its own."),
            )
        self._people = {p.pk: p for people in candidates.values() for p in people}

    def responsible_by_unit(self) -> dict[int, User | None]:
        """Unit id → the chosen person; a POST without choices (the button of an older page) takes the defaults."""
        sent = any(f"r{unit.pk}" in self.data for unit in self.units)
        result: dict[int, User | None] = {}
        for unit in self.units:
            name = f"r{unit.pk}"
            value = self.cleaned_data.get(name) if sent else self.fields[name].initial
            result[unit.pk] = self._people.get(int(value)) if value else None
        return result


class UnitAnalysisForm(forms.Form):
    went_well = forms.CharField(
        label=_("What went well"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    went_badly = forms.CharField(
        label=_("What did not go well"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    next_steps = forms.CharField(
        label=_("What we do next"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("The analysis concerns the goals"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The board's report shows the analysis under these goals."),
    )

    def __init__(self, *args, goals, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = goals

    def clean(self) -> dict:
        data = super().clean()
        if not any((data.get(name) or "").strip() for name in ("went_well", "went_badly", "next_steps")):
            raise forms.ValidationError(_("Write at least one of the three parts."))
        return data
