"""The form that creates a personal access token from the user's settings."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.text import validate_single_line

LIFETIMES = [
    ("", _("Never")),
    ("30", _("In 30 days")),
    ("90", _("In 90 days")),
    ("365", _("In a year")),
]


class AccessTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        validators=[validate_single_line],
        help_text=_("What uses it, e.g. “Invitations script”."),
    )
    team = forms.TypedChoiceField(label=_("Team"), coerce=int)
    read_only = forms.BooleanField(
        label=_("Read only"),
        required=False,
        help_text=_("The token can read, never change anything."),
    )
    expires = forms.ChoiceField(label=_("Expires"), choices=LIFETIMES, required=False)

    def __init__(self, *args, memberships, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.memberships = {membership.team_id: membership for membership in memberships}
        self.fields["team"].choices = [
            (membership.team_id, membership.team.name) for membership in memberships
        ]

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def expires_at(self):
        days = self.cleaned_data.get("expires")
        return timezone.now() + timedelta(days=int(days)) if days else None
