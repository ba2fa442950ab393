"""``{% field_row %}`` writes the contact page's fields as crispy's ``|as_crispy_field`` does:
same label, classes, errors and the ids that tie them together, unbound, refused and empty."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template import engines

from network.contacts.forms import AliasForm, EmailForm, PhoneForm, ProfileForm, TagForm
from tests.network.contacts.helpers import add

pytestmark = pytest.mark.django_db

REFUSED = {
    "category": "999",
    "detail": "x" * 300,
    "met_on": "not a date",
    "name": "",
    "kind": "nope",
    "started_on": "x",
    "ended_on": "2020-01-01",
    "email": "nope",
    "label": "nope",
    "address": "ftp://example.org",
    "network": "nope",
    "access": "nope",
    "number": "1",
}


def _tidy(html: str) -> str:
    """Whitespace between tags and inside them is not what is compared."""
    html = re.sub(r"\s+", " ", html.strip())
    return re.sub(r"\s*([<>])\s*", r"\1", html)


def _render(source: str, form) -> str:
    return _tidy(engines["django"].from_string(source).render({"form": form}))


@pytest.mark.parametrize("data", [None, REFUSED, {}], ids=["unbound", "refused", "empty"])
def test_each_field_is_written_as_crispy_writes_it(team, alice, data):
    contact = add(team, alice, given_name="Marie", family_name="Dupont")
    makers = [
        lambda: TagForm(data, team=team),
        lambda: AliasForm(data),
        lambda: EmailForm(data, contact=contact),
        lambda: ProfileForm(data, team=team, contact=contact),
        lambda: PhoneForm(data, contact=contact),
    ]
    compared = 0
    for make in makers:
        for name in make().fields:
            crispy, ours = make(), make()
            if data is not None:
                crispy.is_valid(), ours.is_valid()
            expected = _render(
                f"{{% load crispy_forms_tags %}}{{{{ form.{name}|as_crispy_field }}}}", crispy
            )
            written = _render(f"{{% load form_rows %}}{{% field_row form.{name} %}}", ours)
            assert written == expected, name
            compared += 1
    assert compared == 14
    if data is REFUSED:
        assert "is-invalid" in written and "_error" in written


def test_a_checkbox_is_refused_rather_than_written_otherwise():
    class Form(forms.Form):
        agree = forms.BooleanField()

    with pytest.raises(TypeError):
        _render("{% load form_rows %}{% field_row form.agree %}", Form())
