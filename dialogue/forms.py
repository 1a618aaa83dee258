from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from styrmodell.models import User

from . import files
from .models import EMAIL_BY_DEFAULT, Notification, NotificationPreference
from .services import mentioned_usernames
from .targets import Target

MAX_MENTIONS = 10


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj} (@{obj.username})"


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Write a comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Write @ and a username to mention someone who may see this."),
    )
    notify = PersonChoice(
        label=_("Notify"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, target: Target, obj: Model, offered: list[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.target, self.obj = target, obj
        self.fields["notify"].queryset = User.objects.filter(pk__in=[p.pk for p in offered])
        if not offered:
            del self.fields["notify"]

    def clean(self):
        data = super().clean()
        text = data.get("text", "")
        names = mentioned_usernames(text)
        if len(names) > MAX_MENTIONS:
            self.add_error("text", _("Mention at most %(n)s people in one comment.") % {"n": MAX_MENTIONS})
            return data
        people = {u.username.lower(): u for u in User.objects.filter(username__in=names, is_active=True)}
        mentioned: list[User] = []
        refused = []
        for name in names:
            person = people.get(name.lower())
            if person is None or not self.target.can_see(person, self.obj):
                refused.append("@" + name)
            else:
                mentioned.append(person)
        if refused:
            self.add_error(
                "text",
                ValidationError(
                    _(
                        "Only people who may see this can be mentioned; nobody who may see it is called %(names)s."
                    )
                    % {"names": ", ".join(refused)},
                    code="mention",
                ),
            )
        for person in data.get("notify") or []:
            if person not in mentioned:
                mentioned.append(person)
        data["mentioned"] = mentioned
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG, Word (.docx), Excel (.xlsx) or plain text."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = files.check_attachment(upload)
        files.check_for_viruses(upload)
        return upload


class PreferencesForm(forms.Form):
    """One checkbox per kind of notification: send it by e-mail too."""

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
        for kind, label in Notification.Kind.choices:
            self.fields[kind] = forms.BooleanField(
                label=label, required=False, initial=chosen.get(kind, kind in EMAIL_BY_DEFAULT)
            )

    def save(self) -> None:
        for kind in Notification.Kind.values:
            NotificationPreference.objects.update_or_create(
                user=self.user, kind=kind, defaults={"email": self.cleaned_data[kind]}
            )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
