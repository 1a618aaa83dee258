from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from styrmodell.models import OrgUnit

from .models import Proposal, RefusalReason, Topic


def _clean_text(value: str) -> str:
    """Text as typed, without the control characters a form should never carry (NUL breaks PostgreSQL)."""
    return "".join(c for c in value if c in "\n\t" or (ord(c) >= 32 and ord(c) != 127)).strip()


class TextCleaningMixin:
    text_fields: tuple[str, ...] = ()

    def _clean_texts(self) -> None:
        for name in self.text_fields:
            if name in self.cleaned_data and isinstance(self.cleaned_data[name], str):
                self.cleaned_data[name] = _clean_text(self.cleaned_data[name])


def public_boards():
    return OrgUnit.objects.active().filter(Q(kind=OrgUnit.Kind.BOARD) | Q(kind=OrgUnit.Kind.COUNCIL))


class BoardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.name


class ProposalForm(TextCleaningMixin, forms.Form):
    text_fields = ("title", "text", "name")

    title = forms.CharField(
        label=_("Title"), max_length=150, help_text=_("A short heading for the proposal.")
    )
    text = forms.CharField(
        label=_("Your proposal"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What should the municipality do, and why? At most 4,000 characters."),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", "–")] + list(Topic.choices))
    board = BoardChoiceField(
        label=_("Who should decide"),
        queryset=public_boards(),
        empty_label="–",
        help_text=_("The board responsible for the question, or the municipal council."),
    )
    name = forms.CharField(
        label=_("Your name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send you a link to confirm the address before the proposal goes to moderation."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = public_boards().order_by("path")

    def clean(self):
        cleaned = super().clean()
        self._clean_texts()
        for name in self.text_fields:
            if name in self.cleaned_data and not self.cleaned_data[name]:
                self.add_error(name, _("This field is required."))
        return cleaned


class SignatureForm(TextCleaningMixin, forms.Form):
    text_fields = ("name",)

    name = forms.CharField(
        label=_("Your name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Your signature counts once you have confirmed it with the link we send to this address."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        self._clean_texts()
        if "name" in self.cleaned_data and not self.cleaned_data["name"]:
            self.add_error("name", _("This field is required."))
        return cleaned


class RefusalForm(TextCleaningMixin, forms.Form):
    text_fields = ("comment",)

    reason = forms.ChoiceField(
        label=_("Reason (from the published rules)"), choices=[("", "–")] + list(RefusalReason.choices)
    )
    comment = forms.CharField(
        label=_("Comment to the submitter"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Sent by e-mail with the reason. Explain briefly, and where the question can be taken instead."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        self._clean_texts()
        if "comment" in self.cleaned_data and not self.cleaned_data["comment"]:
            self.add_error("comment", _("This field is required."))
        return cleaned


class AnswerForm(TextCleaningMixin, forms.ModelForm):
    text_fields = ("answer", "decision_paragraph", "decision")

    class Meta:
        model = Proposal
        fields = ["answer", "decision_date", "decision_paragraph", "decision"]
        widgets = {
            "answer": forms.Textarea(attrs={"rows": 8}),
            "decision": forms.Textarea(attrs={"rows": 4}),
            "decision_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "answer": _("The board's answer to the proposal, as it will be published."),
            "decision_paragraph": _("The paragraph of the minutes, e.g. § 42."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        self._clean_texts()
        for name in self.text_fields:
            if name in self.cleaned_data and not self.cleaned_data[name]:
                self.add_error(name, _("This field is required."))
        return cleaned


class FilterForm(forms.Form):
    """The public list's filters (GET); bad values are ignored, never an error."""

    namnd = forms.ModelChoiceField(
        label=_("Board"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("All"),
        to_field_name="code",
    )
    amne = forms.ChoiceField(label=_("Topic"), choices=[("", _("All"))] + list(Topic.choices), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["namnd"].queryset = public_boards().order_by("path")
        self.fields["namnd"].label_from_instance = lambda obj: obj.name
