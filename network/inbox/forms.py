"""Forms of the inbox: quick add, accept (access and categories), snooze."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from network.contacts.forms import DATE_INPUT
from network.models import AccessLevel, Category, Richness
from network.text.profiles import ProfileURLError, parse_profile


class QuickAddForm(forms.Form):
    """Paste a profile address and a name: the request is in the inbox at once. What else the
    network shows (headline, email, photo, mutual connections, how full the profile is) is
    optional: these are the signals to weigh, and the headline and email feed recognition."""

    address = forms.CharField(
        label=_("Profile URL"),
        max_length=500,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": "https://www.linkedin.com/in/…"}
        ),
    )
    sender_name = forms.CharField(
        label=_("Name shown"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    message = forms.CharField(
        label=_("Their message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    headline = forms.CharField(
        label=_("Headline (position and company)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": _("Purchasing manager at Acme")}
        ),
    )
    email = forms.EmailField(
        label=_("Email shown"),
        required=False,
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    has_photo = forms.NullBooleanField(
        label=_("Profile photo"),
        required=False,
        widget=forms.Select(
            choices=[("", _("Not checked")), ("true", _("A photo")), ("false", _("No photo"))],
            attrs={"class": "form-select"},
        ),
    )
    mutual_connections = forms.IntegerField(
        label=_("Mutual connections"),
        required=False,
        min_value=0,
        max_value=100_000,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    richness = forms.ChoiceField(
        label=_("Profile content"),
        choices=Richness.choices,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    DETAILS = ["headline", "email", "has_photo", "mutual_connections", "richness"]

    def clean_address(self) -> str:
        try:
            self.profile = parse_profile(self.cleaned_data["address"])
        except ProfileURLError as error:
            raise forms.ValidationError(str(error)) from None
        return self.profile.url

    def clean_headline(self) -> str:
        return " ".join(self.cleaned_data["headline"].split())  # one line, as networks show it

    def request_fields(self) -> dict:
        """The request's fields besides the name and profile, for ``connection_request_receive``."""
        return {field: self.cleaned_data[field] for field in ["message", *self.DETAILS]}


class AcceptForm(forms.Form):
    access = forms.ChoiceField(
        label=_("Access to your profile"),
        choices=[
            (value, label) for value, label in AccessLevel.choices if value != AccessLevel.NONE
        ],
        initial=AccessLevel.FULL,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("How we met"), queryset=Category.objects.none(), required=False
    )

    def __init__(self, *args, team: Team, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = Category.objects.filter(team=team)


class SnoozeForm(forms.Form):
    WHEN = [("tomorrow", _("Tomorrow")), ("next_week", _("Next week")), ("date", _("On a date"))]
    when = forms.ChoiceField(choices=WHEN, initial="tomorrow")
    date = forms.DateField(required=False, widget=DATE_INPUT)

    def until(self) -> datetime:
        """The moment the request comes back: 8 a.m., local time, on the chosen day."""
        today = timezone.localdate()
        when = self.cleaned_data["when"]
        if when == "tomorrow":
            day = today + timedelta(days=1)
        elif when == "next_week":
            day = today + timedelta(days=7 - today.weekday())
        else:
            day = self.cleaned_data.get("date")
        return timezone.make_aware(datetime.combine(day, time(8, 0)))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("when") == "date":
            day = data.get("date")
            if day is None:
                self.add_error("date", _("Choose the day it should come back."))
            elif day <= timezone.localdate():
                self.add_error("date", _("Choose a day after today."))
        return data
