"""The import's forms: the upload, and the columns of a generic CSV."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from network.imports.models import ImportJob

# What a column of a generic CSV may hold: the reader's fields (formats.generic_csv.FIELDS).
FIELDS = [
    ("", _("(leave out)")),
    ("given_name", _("Given name")),
    ("family_name", _("Family name")),
    ("display_name", _("Full name")),
    ("company", _("Company")),
    ("position", _("Position")),
    ("city", _("City")),
    ("email", _("Email address")),
    ("phone", _("Phone number")),
    ("profile", _("Profile address")),
    ("former_name", _("Former name")),
    ("categories", _("How we met (category)")),
    ("notes", _("Notes")),
    ("connected_on", _("Connected on")),
]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=ImportJob.Kind.choices,
        initial=ImportJob.Kind.CONTACTS,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "LinkedIn (Connections.csv, Invitations.csv or the whole ZIP), vCard, Google or "
            "Outlook CSV, Facebook JSON, or any CSV."
        ),
    )


class MappingForm(forms.Form):
    """One choice per column of the file's header row."""

    def __init__(self, *args, headers: list[str], initial_mapping: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        initial_mapping = initial_mapping or {}
        for index, title in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=title or _("Column %(number)s") % {"number": index + 1},
                choices=FIELDS,
                required=False,
                initial=initial_mapping.get(title, ""),
            )

    def clean(self) -> dict:
        data = super().clean()
        chosen = [data.get(f"column_{index}") for index in range(len(self.headers))]
        if not {"given_name", "family_name", "display_name"} & set(chosen):
            raise forms.ValidationError(_("Say which column holds the names."))
        return data

    def mapping(self) -> dict[str, str]:
        return {
            title: self.cleaned_data.get(f"column_{index}", "")
            for index, title in enumerate(self.headers)
        }


class MatchForm(forms.Form):
    """What a row to review is: the same person as one of its candidates, or another."""

    decision = forms.ChoiceField(choices=[("same", "same"), ("different", "different")])
    into = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    page = forms.IntegerField(min_value=1, max_value=1_000_000, required=False)

    def __init__(self, *args, candidates: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [(pk, pk) for pk in candidates]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "same" and not data.get("into"):
            raise forms.ValidationError(_("Say which contact this row is."))
        return data
