from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogue import files
from reporting import parts
from styrmodell.models import OrgUnit, User

from .models import ReportSection, Responsible, TemplateSection
from .services import parse_table

FIGURE_TYPES = (files.PNG, files.JPEG)


class SectionTextForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy(
            "Plain text. A blank line starts a new paragraph; lines starting with “- ” make a list."
        ),
    )
    table_caption = forms.CharField(label=gettext_lazy("Table caption"), required=False, max_length=200)
    table_data = forms.CharField(
        label=gettext_lazy("Table"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Paste cells from Excel, or CSV with semicolons or commas. The first row holds the column headings."
        ),
    )
    figure = forms.FileField(
        label=gettext_lazy("Figure (PNG or JPEG)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    figure_alt = forms.CharField(
        label=gettext_lazy("Text alternative of the figure"),
        required=False,
        max_length=300,
        help_text=gettext_lazy(
            "What the figure shows, for readers who cannot see it. Required with a figure."
        ),
    )
    remove_figure = forms.BooleanField(label=gettext_lazy("Remove the figure"), required=False)

    def __init__(self, *args, section: ReportSection, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        self.figure_type = ""
        if not section.figure:
            del self.fields["remove_figure"]

    def clean_table_data(self) -> str:
        data = self.cleaned_data["table_data"]
        parse_table(data)
        return data

    def clean_figure(self):
        upload = self.cleaned_data.get("figure")
        if not upload:
            return None
        content_type = files.check_attachment(upload)
        if content_type not in FIGURE_TYPES:
            raise ValidationError(_("A figure must be a PNG or JPEG image."), code="file_type")
        files.check_for_viruses(upload)
        self.figure_type = content_type
        return upload

    def clean(self):
        data = super().clean()
        removing = data.get("remove_figure")
        has_figure = bool(data.get("figure")) or (bool(self.section.figure) and not removing)
        if has_figure and not (data.get("figure_alt") or "").strip() and "figure" not in self.errors:
            self.add_error("figure_alt", _("Describe the figure: a figure needs a text alternative."))
        return data


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Required when you return the section to its writer."),
    )

    def __init__(self, *args, action: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.action = action

    def clean(self):
        data = super().clean()
        if self.action in ("return", "comment") and not (data.get("comment") or "").strip():
            if self.action == "return":
                message = _("Say what the writer should change: returning needs a comment.")
            else:
                message = _("Write a comment.")
            self.add_error("comment", message)
        return data


class TemplateSectionForm(forms.ModelForm):
    person_username = forms.CharField(
        label=gettext_lazy("Responsible person (user name)"),
        required=False,
        max_length=150,
        help_text=gettext_lazy("Only when a named person is responsible."),
    )
    part_keys = forms.MultipleChoiceField(
        label=gettext_lazy("Report parts placed in the section"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TemplateSection
        fields = ["title", "instructions", "responsible", "unit", "days_before", "due_on"]
        widgets = {
            "instructions": forms.Textarea(attrs={"rows": 4}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "unit": gettext_lazy(
                "Only when a unit is responsible: its managers, secretary and controllers write."
            ),
            "days_before": gettext_lazy(
                "E.g. 10: due ten days before the period's board follow-up deadline."
            ),
            "due_on": gettext_lazy("Instead of days before the deadline."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        self.fields["title"].error_messages["required"] = _("Give the section a title.")
        self.fields["unit"].queryset = OrgUnit.objects.active()
        self.fields["unit"].label_from_instance = lambda unit: "\u2003" * (unit.depth - 1) + unit.label
        self.fields["part_keys"].choices = [(p.key, f"{p.title} ({p.key})") for p in parts.registered()]
        known = {key for key, _label in self.fields["part_keys"].choices}
        # A key placed earlier whose app no longer registers it stays selectable, so saving does not drop it.
        for key in self.instance.part_keys or []:
            if key not in known:
                self.fields["part_keys"].choices.append((key, key))
        if self.instance.pk:
            self.initial.setdefault("part_keys", list(self.instance.part_keys or []))
            if self.instance.person_id:
                self.initial.setdefault("person_username", self.instance.person.username)

    def clean_title(self) -> str:
        title = (self.cleaned_data.get("title") or "").strip()
        if not title:
            raise ValidationError(_("Give the section a title."), code="required")
        return title

    def clean(self):
        data = super().clean()
        responsible = data.get("responsible")
        if responsible == Responsible.UNIT and not data.get("unit"):
            self.add_error("unit", _("Choose the responsible unit."))
        username = (data.get("person_username") or "").strip()
        self.person = None
        if responsible == Responsible.PERSON:
            if not username:
                self.add_error("person_username", _("Give the responsible person's user name."))
            else:
                self.person = User.objects.filter(username=username, is_active=True).first()
                if self.person is None:
                    self.add_error("person_username", _("No active person has that user name."))
        if data.get("days_before") is not None and data.get("due_on"):
            self.add_error("due_on", _("Give either days before the deadline or a fixed date, not both."))
        return data

    def save(self, commit: bool = True) -> TemplateSection:
        section = super().save(commit=False)
        section.part_keys = list(self.cleaned_data.get("part_keys") or [])
        section.person = self.person
        if section.responsible != Responsible.UNIT:
            section.unit = None
        if commit:
            section.save()
        return section
