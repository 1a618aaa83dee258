from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .calendars import CALENDARS, calendar_problems
from .models import OrgUnit, Period, PeriodReopening, Reporting, Role, User, Year

# Which kinds of node may stand below which: keeps the tree in the shape of a municipality.
ALLOWED_CHILD_KINDS: dict[str, list[str]] = {
    OrgUnit.Kind.COUNCIL: [OrgUnit.Kind.BOARD],
    OrgUnit.Kind.BOARD: [OrgUnit.Kind.ADMINISTRATION, OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.UNIT],
    OrgUnit.Kind.ADMINISTRATION: [OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.UNIT, OrgUnit.Kind.TEAM],
    OrgUnit.Kind.DEPARTMENT: [OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.UNIT, OrgUnit.Kind.TEAM],
    OrgUnit.Kind.UNIT: [OrgUnit.Kind.UNIT, OrgUnit.Kind.TEAM],
    OrgUnit.Kind.TEAM: [OrgUnit.Kind.TEAM],
}


class UnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["name", "short_name", "kind"]

    def __init__(self, *args, parent: OrgUnit | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parent = parent
        if parent is not None:
            allowed = ALLOWED_CHILD_KINDS[parent.kind]
            self.fields["kind"].choices = [c for c in OrgUnit.Kind.choices if c[0] in allowed]
        elif self.instance.pk:
            # Renaming keeps the kind; a reorganisation that changes kind is a move plus a new unit.
            del self.fields["kind"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter a name."))
        return name


class MoveUnitForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), label=_("New parent"), to_field_name="code", empty_label=None
    )

    def __init__(self, *args, unit: OrgUnit, targets, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["target"].queryset = targets
        self.fields["target"].label_from_instance = lambda u: f"{'— ' * (u.depth - 1)}{u.label}"

    def clean_target(self) -> OrgUnit:
        target = self.cleaned_data["target"]
        if target.is_within(self.unit):
            raise forms.ValidationError(_("A unit cannot be moved below itself."))
        if self.unit.kind not in ALLOWED_CHILD_KINDS[target.kind]:
            raise forms.ValidationError(
                _("A %(kind)s cannot be placed below a %(parent)s.")
                % {"kind": self.unit.get_kind_display().lower(), "parent": target.get_kind_display().lower()}
            )
        if self.unit.depth > 1 and target.path == self.unit.path[: -OrgUnit.steplen]:
            raise forms.ValidationError(_("The unit already lies there."))
        return target


class PersonForm(forms.ModelForm):
    class Meta:
        model = User
        # Deactivating and reactivating are actions of their own on the person's page (accounts app).
        fields = ["username", "first_name", "last_name", "email", "title"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True


class GrantRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("On unit"), to_field_name="code")

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{'— ' * (u.depth - 1)}{u.label}"


class YearForm(forms.ModelForm):
    calendar = forms.ChoiceField(
        label=_("Follow-up calendar"), choices=[(k, v[0]) for k, v in CALENDARS.items() if k != "months"]
    )
    with_months = forms.BooleanField(label=_("Add monthly economy follow-up (quick reports)"), required=False)

    class Meta:
        model = Year
        fields = ["year"]

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 2000 and 2100."))
        return year


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.ModelForm):
    """One follow-up period, checked against the rest of its year's calendar (styrmodell/calendars.py)."""

    collects = forms.MultipleChoiceField(
        label=_("Collects"),
        choices=Reporting.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Commitment status closes at the staff deadline; everything else at the board's deadline."
        ),
    )

    class Meta:
        model = Period
        fields = ["name", "key", "kind", "starts", "ends", "deadline", "board_deadline", "collects"]
        widgets = {"starts": DATE, "ends": DATE, "deadline": DATE, "board_deadline": DATE}

    def __init__(self, *args, year: Year, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_key(self) -> str:
        key = self.cleaned_data["key"].lower()
        taken = Period.objects.filter(year=self.year, key=key).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("The year already has a period with this short name."))
        return key

    def clean(self) -> dict:
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        deadline, board_deadline = data.get("deadline"), data.get("board_deadline")
        if starts and ends and starts > ends:
            self.add_error("ends", _("The period must end after it starts."))
        if starts and ends and (starts.year != self.year.year or ends.year != self.year.year):
            self.add_error("ends", _("The period must lie within %(year)s.") % {"year": self.year.year})
        if deadline and starts and deadline < starts:
            self.add_error("deadline", _("The staff deadline cannot be before the period starts."))
        if board_deadline and deadline and board_deadline < deadline:
            self.add_error("board_deadline", _("The board's deadline cannot be before the staff deadline."))
        if board_deadline and ends and board_deadline <= ends:
            self.add_error(
                "board_deadline",
                _("The board's deadline must come after the period ends: it follows up all of it."),
            )
        if self.errors:
            return data
        # The whole calendar as it would be after this change.
        candidate = Period(year=self.year, pk=self.instance.pk, **{f: data.get(f) for f in self.Meta.fields})
        others = [p for p in self.year.periods.all() if p.pk != self.instance.pk]
        for problem in calendar_problems(self.year.year, [*others, candidate]):
            self.add_error(None, problem)
        return data


class ReopeningForm(forms.ModelForm):
    """Open a closed step of a period again for a board or unit, for a stated time and with a reason."""

    class Meta:
        model = PeriodReopening
        fields = ["period", "step", "until", "reason"]
        widgets = {"until": DATE, "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = (
            Period.objects.filter(year__is_closed=False, staff_closed=True)
            .select_related("year")
            .order_by("-ends")
        )
        self.fields["until"].help_text = _("The reopening closes by itself after this day.")

    def clean(self) -> dict:
        data = super().clean()
        period, step, until = data.get("period"), data.get("step"), data.get("until")
        if period and step and not period.step_closed(step):
            self.add_error("step", _("This step of the period is not closed; there is nothing to reopen."))
        today = timezone.localdate()
        if until and until < today:
            self.add_error("until", _("Choose today or a later day."))
        elif until and until > today + datetime.timedelta(days=365):
            self.add_error("until", _("A reopening can last at most a year."))
        return data
