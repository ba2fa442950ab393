"""Forms of the address book. Each form that adds to a contact validates against the team."""

from __future__ import annotations

import phonenumbers
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from network.contacts.services import EDITABLE
from network.models import (
    LANGUAGES,
    AccessLevel,
    Category,
    Contact,
    ContactAlias,
    ContactEmail,
    ContactPhone,
    NetworkProfile,
)
from network.text.networks import Network
from network.text.profiles import ProfileURLError, parse_profile

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContactForm(forms.ModelForm):
    """The contact's own fields; ``version`` guards against overwriting a colleague's edit."""

    languages = forms.MultipleChoiceField(
        label=_("Languages they write in"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Contact
        fields = EDITABLE
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, team: Team, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(memberships__team=team)
        self.fields["owner"].label = _("Who in the team knows them best")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict:
        data = super().clean()
        if not any(
            data.get(field, "").strip() for field in ("given_name", "family_name", "display_name")
        ):
            raise forms.ValidationError(
                _("Give at least a given name, a family name or a display name.")
            )
        return data


class AliasForm(forms.ModelForm):
    class Meta:
        model = ContactAlias
        fields = ["name", "kind", "started_on", "ended_on"]
        widgets = {"started_on": DATE_INPUT, "ended_on": DATE_INPUT}

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date comes before the start date."))
        return data


class ProfileForm(forms.Form):
    """A profile URL (or a handle with its network), normalised; refused if already known."""

    address = forms.CharField(
        label=_("Profile URL or handle"),
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "https://www.linkedin.com/in/…"}),
    )
    network = forms.ChoiceField(
        label=_("Network"),
        choices=[("", _("Detect from the URL")), *Network.choices],
        required=False,
    )
    access = forms.ChoiceField(
        label=_("Access you granted"), choices=AccessLevel.choices, initial=AccessLevel.NONE
    )

    def __init__(self, *args, team: Team, contact: Contact | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        self.contact = contact
        self.duplicate_of: Contact | None = None
        self.profile = None

    def clean(self) -> dict:
        data = super().clean()
        address = data.get("address")
        if not address:
            return data
        try:
            self.profile = parse_profile(address, network=data.get("network") or None)
        except ProfileURLError as error:
            self.add_error("address", str(error))
            return data
        existing = (
            NetworkProfile.objects.filter(
                team=self.team, network=self.profile.network, handle=self.profile.handle
            )
            .select_related("contact")
            .first()
        )
        if existing is not None:
            self.duplicate_of = existing.contact
            if self.contact is not None and existing.contact_id == self.contact.pk:
                self.add_error("address", _("This profile is already on this contact."))
            else:
                self.add_error(
                    "address",
                    _("This profile already belongs to %(name)s.") % {"name": existing.contact},
                )
        return data


class EmailForm(forms.ModelForm):
    class Meta:
        model = ContactEmail
        fields = ["email", "label"]

    def __init__(self, *args, contact: Contact, **kwargs) -> None:
        # The phone form shares the page and has a "label" field too: ids of their own.
        kwargs.setdefault("auto_id", "email_%s")
        super().__init__(*args, **kwargs)
        self.contact = contact

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if self.contact.emails.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("This address is already on this contact."))
        return email


class PhoneForm(forms.ModelForm):
    # What people type ("+33 (0) 6 12 34 56 78") is longer than the E.164 value stored.
    number = forms.CharField(label=_("Phone number"), max_length=40)

    class Meta:
        model = ContactPhone
        fields = ["number", "label"]

    def __init__(self, *args, contact: Contact, **kwargs) -> None:
        kwargs.setdefault("auto_id", "phone_%s")
        super().__init__(*args, **kwargs)
        self.contact = contact

    def clean_number(self) -> str:
        raw = self.cleaned_data["number"]
        try:
            parsed = phonenumbers.parse(raw, settings.PHONE_DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            parsed = None
        if parsed is None or not phonenumbers.is_valid_number(parsed):
            raise forms.ValidationError(
                _(
                    "“%(number)s” is not a valid phone number; "
                    "add the country code, e.g. +33 6 12 34 56 78."
                ),
                params={"number": raw},
            )
        number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        if self.contact.phones.filter(number=number).exists():
            raise forms.ValidationError(_("This number is already on this contact."))
        return number


class PlainChoiceIterator(ModelChoiceIterator):
    """The choices read by one plain query. Django reads them with ``iterator()``, which on
    PostgreSQL opens a server-side cursor (declare, fetch, close: three round trips, and
    outside a transaction a held cursor) for the dozen categories of a team."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for choice in self.queryset:
            yield self.choice(choice)


class TagForm(forms.Form):
    category = forms.ModelChoiceField(label=_("How we met"), queryset=Category.objects.none())
    detail = forms.CharField(
        label=_("Detail"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Lycée Hoche, class of 2004")}),
    )
    met_on = forms.DateField(label=_("When"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, team: Team, categories: list | None = None, **kwargs) -> None:
        """``categories``: the team's, when the page has read them already; the select then
        shows them without a query of its own (what is posted is still checked against the
        team's categories as they are then)."""
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        field.iterator = PlainChoiceIterator  # before the queryset: read then
        field.queryset = Category.objects.filter(team=team)
        field.label_from_instance = lambda category: category.label
        if categories is not None:
            field.choices = [("", field.empty_label), *((c.pk, c.label) for c in categories)]


class BulkForm(forms.Form):
    ACTIONS = [
        ("tag", _("Add a category")),
        ("untag", _("Remove a category")),
        ("archive", _("Archive")),
        ("restore", _("Restore")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    category = forms.ModelChoiceField(queryset=Category.objects.none(), required=False)
    contacts = forms.ModelMultipleChoiceField(queryset=Contact.objects.none())

    def __init__(self, *args, team: Team, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(team=team)
        self.fields["contacts"].queryset = Contact.objects.filter(team=team)
        self.fields["contacts"].error_messages["invalid_choice"] = _(
            "One of the selected contacts is not in this team."
        )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") in {"tag", "untag"} and not data.get("category"):
            self.add_error("category", _("Choose the category."))
        return data
