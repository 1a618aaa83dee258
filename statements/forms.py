"""Forms of the statements app: an account range of a statement line, the balanskrav adjustments, the financial
targets of a year and the concluding evaluation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ledger.models import AccountRange, StatementLine

from . import services
from .models import BalanceRequirement, FinancialTarget, SoundFinances


class AccountRangeForm(forms.ModelForm):
    """From and to account (digits, from ≤ to), not overlapping another range of the same statement."""

    class Meta:
        model = AccountRange
        fields = ["first", "last"]
        help_texts = {
            "first": _("Digits only, e.g. 30 or 3010."),
            "last": _("Digits only; 39 takes every account from 39 to 3999…"),
        }

    def __init__(self, *args, line: StatementLine, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line
        for name in ("first", "last"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def _digits(self, name: str) -> str:
        value = (self.cleaned_data.get(name) or "").strip()
        if not value.isdigit() or not value.isascii():
            raise forms.ValidationError(_("Enter an account number of digits only."), code="digits")
        return value

    def clean_first(self) -> str:
        return self._digits("first")

    def clean_last(self) -> str:
        return self._digits("last")

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first"), cleaned.get("last")
        if not first or not last:
            return cleaned
        if first.ljust(services.PAD, "0") > services.upper(last):
            self.add_error(
                "last",
                forms.ValidationError(
                    _("The to account must not come before the from account."), code="order"
                ),
            )
            return cleaned
        others = AccountRange.objects.filter(line__statement=self.line.statement).select_related("line")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        for other in others:
            if services.ranges_overlap((first, last), (other.first, other.last)):
                self.add_error(
                    "first",
                    forms.ValidationError(
                        _(
                            "The accounts %(first)s–%(last)s overlap %(other_first)s–%(other_last)s of the line “%(line)s”."
                        )
                        % {
                            "first": first,
                            "last": last,
                            "other_first": other.first,
                            "other_last": other.last,
                            "line": other.line.name,
                        },
                        code="overlap",
                    ),
                )
                break
        return cleaned


class AmountField(forms.DecimalField):
    """An amount as a Swedish reader types it: '1 234 567,5', '−200' (digit groups with spaces, a decimal comma,
    a true minus sign) as well as '1234567.5'."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u2212", "-")
            for space in (" ", "\u00a0", "\u202f"):
                value = value.replace(space, "")
            value = value.replace(",", ".")
        return super().to_python(value)


def _localized(form: forms.ModelForm) -> None:
    for name, field in form.fields.items():
        if isinstance(field, forms.DecimalField):
            amount = AmountField(
                label=field.label,
                required=field.required,
                max_digits=field.max_digits,
                decimal_places=field.decimal_places,
                help_text=field.help_text,
                localize=True,
            )
            amount.widget = forms.TextInput(attrs={"inputmode": "decimal"})
            amount.widget.is_localized = True
            form.fields[name] = amount


class BalanceRequirementForm(forms.ModelForm):
    class Meta:
        model = BalanceRequirement
        fields = [
            "realisation_gains",
            "realisation_losses_exempt",
            "unrealised_securities",
            "reserve_to",
            "reserve_from",
            "earlier_deficits",
            "earlier_deficits_note",
        ]
        widgets = {"earlier_deficits_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _localized(self)

    def clean(self):
        cleaned = super().clean()
        for name in (
            "realisation_gains",
            "realisation_losses_exempt",
            "reserve_to",
            "reserve_from",
            "earlier_deficits",
        ):
            value = cleaned.get(name)
            if value is not None and value < 0:
                self.add_error(
                    name, forms.ValidationError(_("Enter the amount as a positive number."), code="negative")
                )
        return cleaned


class FinancialTargetForm(forms.ModelForm):
    class Meta:
        model = FinancialTarget
        fields = ["metric", "comparator", "target"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _localized(self)


class BaseTargetFormSet(forms.BaseModelFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            metric = form.cleaned_data.get("metric")
            if metric in seen:
                form.add_error(
                    "metric", forms.ValidationError(_("This key figure already has a target."), code="twice")
                )
            seen.add(metric)


TargetFormSet = forms.modelformset_factory(
    FinancialTarget, form=FinancialTargetForm, formset=BaseTargetFormSet, extra=1, can_delete=True
)


class SoundFinancesForm(forms.ModelForm):
    class Meta:
        model = SoundFinances
        fields = ["pension_obligations", "conclusion"]
        widgets = {"conclusion": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _localized(self)
