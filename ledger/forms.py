from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import services
from .models import LedgerObject

DIMENSION_NUMBER = r"^\d{1,4}$"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("SIE file (type 4)"),
        help_text=_(
            "The finance system's SIE 4 export (4E or 4I) of the year, in PC8 (CP437) or UTF-8. Nothing is "
            "imported unless the whole file is correct."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".se,.si,.sie,.txt"}),
    )
    responsibility = forms.RegexField(
        label=_("SIE dimension of ansvar"),
        regex=DIMENSION_NUMBER,
        initial="1",
        max_length=4,
        help_text=_("Usually 1 (kostnadsställe / resultatenhet)."),
        error_messages={"invalid": _("Enter a dimension number, such as 1.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    activity = forms.RegexField(
        label=_("SIE dimension of verksamhet"),
        regex=DIMENSION_NUMBER,
        required=False,
        max_length=4,
        help_text=_("Leave empty to use the dimension the file names ”Verksamhet” (#DIM), if any."),
        error_messages={"invalid": _("Enter a dimension number, such as 2, or leave the field empty.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    project = forms.RegexField(
        label=_("SIE dimension of projekt"),
        regex=DIMENSION_NUMBER,
        initial="6",
        max_length=4,
        help_text=_("Usually 6."),
        error_messages={"invalid": _("Enter a dimension number, such as 6.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > services.max_bytes():
            raise forms.ValidationError(
                _("The file is %(size)s MB; at most %(limit)s MB can be imported."),
                params={
                    "size": round(upload.size / 1_000_000),
                    "limit": round(services.max_bytes() / 1_000_000),
                },
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload

    def clean(self):
        cleaned = super().clean()
        numbers = [
            cleaned.get(name) for name in ("responsibility", "activity", "project") if cleaned.get(name)
        ]
        if len(numbers) != len(set(numbers)):
            raise forms.ValidationError(_("Ansvar, verksamhet and projekt must be different SIE dimensions."))
        return cleaned


class ObjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search code or name"), required=False, max_length=100)
    unmapped = forms.BooleanField(label=_("Only ansvar without a board or unit"), required=False)


def object_queryset(form: ObjectFilterForm):
    from django.db.models import Q

    from .models import Dimension

    objects = LedgerObject.objects.filter(dimension=Dimension.RESPONSIBILITY).select_related("unit")
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            objects = objects.filter(Q(code__icontains=q) | Q(name__icontains=q))
        if form.cleaned_data["unmapped"]:
            objects = objects.filter(unit__isnull=True)
    return objects.order_by("code", "pk")
