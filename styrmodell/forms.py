from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OrgUnit, Period, Role, User, Year

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
        fields = ["username", "first_name", "last_name", "email", "title", "is_active"]

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
    class Meta:
        model = Year
        fields = ["year"]

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 2000 and 2100."))
        return year


class PeriodForm(forms.ModelForm):
    class Meta:
        model = Period
        fields = ["starts", "ends", "deadline"]
        widgets = {
            "starts": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self) -> dict:
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and starts > ends:
            self.add_error("ends", _("The period must end after it starts."))
        return data
