from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrmodell.models import Period


class PersonnelImportForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Period"), queryset=Period.objects.none(), to_field_name="code", empty_label=None
    )
    file = forms.FileField(
        label=_("File from the HR system (CSV or .xlsx)"),
        help_text=_(
            "One row per unit, gender and age group, with the columns of the template. Nothing is imported "
            "unless every row is correct; a new file replaces the period's figures."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def __init__(self, *args, periods, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods
