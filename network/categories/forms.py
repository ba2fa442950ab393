"""The form that names and colours a how-we-met category."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from network.models import Category


class CategoryForm(forms.ModelForm):
    """Name and colour of a how-we-met category; names are unique in a team, accents aside."""

    class Meta:
        model = Category
        fields = ["name", "colour"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}
        labels = {"name": _("Name"), "colour": _("Colour")}

    def __init__(self, *args, team: Team, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.team = team
        self.fields["name"].required = True
        if self.instance.pk and not self.instance.name:
            self.initial["name"] = self.instance.label

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if self.instance.name_is_taken(name):
            raise forms.ValidationError(
                _("The team already has a category called “%(name)s”."), params={"name": name}
            )
        return name

    def save(self, commit: bool = True) -> Category:
        category = super().save(commit=False)
        if category.key and category.name == str(Category.Key(category.key).label):
            category.name = ""  # unchanged built-in name: keep following the reader's language
        if commit:
            category.save()
        return category
