"""Forms of the privacy package: the typed name that confirms forgetting someone, and the
team's retention and review periods."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from network.privacy.models import PrivacySettings
from network.text import fold


class ForgetForm(forms.Form):
    name = forms.CharField(label=_("Type the person's name to confirm"), max_length=200, strip=True)

    def __init__(self, *args, contact, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.contact = contact

    def clean_name(self) -> str:
        typed = self.cleaned_data["name"]
        # Case, accents and spacing aside: what matters is that the name was read and typed.
        if " ".join(fold(typed).split()) != " ".join(fold(self.contact.name).split()):
            raise forms.ValidationError(_("That is not the name of this contact."))
        return typed


class PrivacySettingsForm(forms.ModelForm):
    class Meta:
        model = PrivacySettings
        fields = ["retention_days", "review_months"]


class TypedConfirmationForm(forms.Form):
    """Type ``expected`` (a team's name, one's own email address) to confirm a deletion."""

    typed = forms.CharField(label=_("Type it to confirm"), max_length=254, strip=True)

    def __init__(self, *args, expected: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_typed(self) -> str:
        typed = self.cleaned_data["typed"]
        if typed.casefold() != self.expected.strip().casefold():
            raise forms.ValidationError(_("That does not match; nothing was deleted."))
        return typed
