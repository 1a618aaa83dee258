from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from styrmodell.models import OrgUnit, User

from .models import Category, Cause, Measure
from .protection import check_attachment

MAX_TEXT = 5000
HONEYPOT = "website"


def unit_choices() -> list:
    """The active organisation below the boards, grouped by board (teams are internal and left out)."""
    nodes = list(
        OrgUnit.objects.active()
        .filter(depth__gte=2)
        .exclude(kind__in=[OrgUnit.Kind.COUNCIL, OrgUnit.Kind.TEAM])
        .only("code", "name", "path", "depth", "kind")
    )
    boards = [n for n in nodes if n.kind == OrgUnit.Kind.BOARD]
    groups = []
    for board in boards:
        members = [
            (str(n.code), n.name)
            for n in nodes
            if n.kind != OrgUnit.Kind.BOARD and n.path.startswith(board.path)
        ]
        if members:
            groups.append((board.name, members))
    return [("", _("Choose the unit or activity"))] + groups


class CaseForm(forms.Form):
    category = forms.ChoiceField(label=_("What kind of feedback is it?"), choices=Category.choices)
    unit = forms.ChoiceField(
        label=_("Which unit or activity does it concern?"),
        help_text=_("Grouped by the board responsible. Choose the nearest one if you are unsure."),
    )
    text = forms.CharField(
        label=_("Your feedback"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("At most %(max)s characters. Do not write other people's personal details.")
        % {"max": MAX_TEXT},
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("Give it if you want an answer by e-mail."),
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("A PDF, PNG or JPEG file of at most 5 MB."),
    )
    # The honeypot: hidden from people (and from screen readers), filled in by robots that fill in every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        # Out of the tab order too: keyboard users never land in a field they cannot see.
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices()
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["attachment"].widget.attrs["accept"] = (
            ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
        )
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.attachment_type = ""

    def visible_without_honeypot(self):
        return [f for f in self.visible_fields() if f.name != HONEYPOT]

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def clean_unit(self) -> OrgUnit:
        code = self.cleaned_data["unit"]
        unit = (
            OrgUnit.objects.active()
            .filter(code=code, depth__gte=2)
            .exclude(kind__in=[OrgUnit.Kind.COUNCIL, OrgUnit.Kind.BOARD, OrgUnit.Kind.TEAM])
            .first()
        )
        if unit is None:
            raise ValidationError(_("Choose a unit or activity from the list."), code="invalid_choice")
        return unit

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip()

    def clean_attachment(self):
        file = self.cleaned_data.get("attachment")
        if file:
            self.attachment_type = check_attachment(file)
        return file


class ReopenForm(forms.Form):
    comment = forms.CharField(
        label=_("Why are you not satisfied with the answer?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        # Out of the tab order too: keyboard users never land in a field they cannot see.
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def visible_without_honeypot(self):
        return [f for f in self.visible_fields() if f.name != HONEYPOT]

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT))


class AssignForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Give the case to"), queryset=User.objects.none())

    def __init__(self, *args, people=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the citizen"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 8})
    )


class CloseForm(forms.Form):
    cause = forms.ChoiceField(label=_("Cause"), choices=[("", "–")] + list(Cause.choices))
    action_taken = forms.CharField(
        label=_("What was done about it"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )


class PersonForm(forms.Form):
    email = forms.EmailField(label=_("The person's e-mail address"))


class FeedForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=None)
    measure = forms.ChoiceField(label=_("Measure"), choices=Measure.choices)
    unit = forms.ModelChoiceField(label=_("Cases of (with the units below it)"), queryset=None)

    def __init__(self, *args, boards=None, **kwargs) -> None:
        from django.db.models import Q

        from goals.models import Indicator

        super().__init__(*args, **kwargs)
        board_q = Q(pk__in=[])
        unit_q = Q(pk__in=[])
        for board in boards or []:
            board_q |= Q(goal__board__path__startswith=board.path)
            unit_q |= Q(path__startswith=board.path)
        self.fields["indicator"].queryset = (
            Indicator.objects.filter(board_q, feedback_feed__isnull=True)
            .select_related("goal__board", "goal__year")
            .order_by("-goal__year__year", "goal__board__path", "name")
        )
        self.fields["indicator"].label_from_instance = lambda i: (
            f"{i.name} ({i.goal.board.short_name or i.goal.board.name} {i.goal.year})"
        )
        self.fields["unit"].queryset = OrgUnit.objects.active().filter(unit_q).exclude(kind=OrgUnit.Kind.TEAM)
