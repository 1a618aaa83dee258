from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import IdeaVersion


class DecisionMixin:
    def clean(self):
        cleaned = super().clean()
        date = cleaned.get("decision_date")
        paragraph = (cleaned.get("decision_paragraph") or "").strip()
        if self.require_decision or date or paragraph:
            if not date and "decision_date" not in self.errors:
                self.add_error("decision_date", _("Give the date of the decision that adopted the text."))
            if not paragraph:
                self.add_error("decision_paragraph", _("Give the decision's paragraph, for example § 45."))
        return cleaned


class IdeaVersionForm(DecisionMixin, forms.ModelForm):
    """A new version: with a decision date and paragraph it is adopted at once, without them it is a draft."""

    require_decision = False

    class Meta:
        model = IdeaVersion
        fields = ["text", "change_note", "decision_date", "decision_paragraph"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "decision_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "decision_date": _("Leave the decision empty to save a draft that is adopted later."),
        }


class AdoptVersionForm(DecisionMixin, forms.ModelForm):
    require_decision = True

    class Meta:
        model = IdeaVersion
        fields = ["decision_date", "decision_paragraph"]
        widgets = {"decision_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
