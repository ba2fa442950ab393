"""What the export page asks: archived contacts or not, and the CSV separator."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ContactExportForm(forms.Form):
    archived = forms.BooleanField(label=_("Include archived contacts"), required=False)
    separator = forms.ChoiceField(
        label=_("Separator"),
        choices=[
            ("comma", _("Comma (most programs)")),
            ("semicolon", _("Semicolon (Excel set to French)")),
        ],
        required=False,
    )
