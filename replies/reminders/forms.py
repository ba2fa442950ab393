"""The reminder settings form: delays, channel, one at a time or a daily digest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from replies.reminders.models import ReminderSettings


class ReminderSettingsForm(forms.ModelForm):
    digest_hour = forms.TypedChoiceField(
        label=_("Digest at"),
        coerce=int,
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
        help_text=_("In your time zone."),
    )

    class Meta:
        model = ReminderSettings
        fields = [
            "first_after_days",
            "second_after_days",
            "decide_after_days",
            "channel",
            "cadence",
            "digest_hour",
        ]
        widgets = {
            "channel": forms.RadioSelect,
            "cadence": forms.RadioSelect,
        }
