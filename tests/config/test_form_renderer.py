"""The form renderer keeps the HTML of blank widgets (config/forms.py): the HTML must be the
one Django's own renderer writes, in each language, and nothing typed by someone is kept."""

from __future__ import annotations

from functools import partial

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from config.forms import KEPT_AT_MOST, BlankWidgetsKept, blank_widget_key
from network.contacts.forms import AliasForm, EmailForm, PhoneForm
from network.inbox.forms import QuickAddForm


class Sample(forms.Form):
    name = forms.CharField(label=_("Name shown"))
    notes = forms.CharField(widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(choices=[("a", "A & co"), ("b", mark_safe("<b>B</b>"))], initial="b")
    count = forms.IntegerField(required=False)
    when = forms.DateField(required=False)


def _render(form_class, renderer, **kwargs):
    form = form_class(renderer=renderer, **kwargs)
    return [str(form[name]) for name in form.fields]


@pytest.fixture
def kept():
    return BlankWidgetsKept()


FORMS = [
    Sample,
    QuickAddForm,
    AliasForm,
    partial(EmailForm, contact=None),
    partial(PhoneForm, contact=None),
]


@pytest.mark.parametrize("form_class", FORMS)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_blank_widgets_are_written_as_django_writes_them(kept, form_class, language):
    with translation.override(language):
        expected = _render(form_class, DjangoTemplates())
        first = _render(form_class, kept)
        again = _render(form_class, kept)
    assert first == expected
    assert again == expected
    assert kept._kept, "nothing was kept: the renderer renders every time"


def test_each_language_has_its_own_html(kept):
    with translation.override("en"):
        english = _render(QuickAddForm, kept)
    with translation.override("fr"):
        french = _render(QuickAddForm, kept)
    assert english != french
    with translation.override("fr"):
        assert french == _render(QuickAddForm, DjangoTemplates())


def test_what_someone_typed_is_never_kept(kept):
    data = {"name": "Ada <script>", "notes": "private note", "kind": "a", "count": "3"}
    html = _render(Sample, kept, data=data)
    assert html == _render(Sample, DjangoTemplates(), data=data)
    assert "Ada &lt;script&gt;" in html[0]
    for key in kept._kept:
        assert "Ada" not in repr(key) and "private note" not in repr(key)


def test_a_select_s_chosen_option_is_part_of_the_key(kept):
    """A select whose value is among its options is kept, once per chosen value."""
    first = _render(Sample, kept, data={"kind": "a"})
    second = _render(Sample, kept, data={"kind": "b"})
    assert first[2] != second[2]
    assert first[2] == _render(Sample, DjangoTemplates(), data={"kind": "a"})[2]
    assert second[2] == _render(Sample, DjangoTemplates(), data={"kind": "b"})[2]


def test_a_value_outside_a_select_s_options_is_not_kept():
    context = {"widget": {"name": "kind", "value": ["forged"], "optgroups": []}}
    assert blank_widget_key("django/forms/widgets/select.html", context) is None


def test_a_safe_string_and_a_plain_one_are_different_keys():
    plain = {"widget": {"name": "x", "value": None, "attrs": {"title": "<b>"}}}
    safe = {"widget": {"name": "x", "value": None, "attrs": {"title": mark_safe("<b>")}}}
    assert blank_widget_key("t.html", plain) != blank_widget_key("t.html", safe)
    true = {"widget": {"name": "x", "value": None, "attrs": {"required": True}}}
    one = {"widget": {"name": "x", "value": None, "attrs": {"required": 1}}}
    assert blank_widget_key("t.html", true) != blank_widget_key("t.html", one)


def test_the_language_is_part_of_the_key():
    """Labels' numbers are written the language's way ("1.5", "1,5"): one key per language."""
    context = {"widget": {"name": "x", "value": None, "attrs": {}}}
    with translation.override("en"):
        english = blank_widget_key("t.html", context)
    with translation.override("fr"):
        french = blank_widget_key("t.html", context)
    assert english != french


def test_attribute_order_is_part_of_the_key():
    first = {"widget": {"name": "x", "value": None, "attrs": {"a": "1", "b": "2"}}}
    second = {"widget": {"name": "x", "value": None, "attrs": {"b": "2", "a": "1"}}}
    assert blank_widget_key("t.html", first) != blank_widget_key("t.html", second)


def test_contexts_it_cannot_describe_are_rendered_every_time():
    dated = {"widget": {"name": "x", "value": None, "attrs": {"data-x": object()}}}
    assert blank_widget_key("t.html", dated) is None
    assert blank_widget_key("t.html", {"form": object()}) is None  # a whole form's template
    assert blank_widget_key("t.html", {"widget": {"name": "x", "value": "typed"}}) is None


def test_nothing_is_kept_with_debug_on(kept, settings):
    settings.DEBUG = True
    assert _render(Sample, kept) == _render(Sample, DjangoTemplates())
    assert not kept._kept


def test_it_starts_afresh_when_full(kept):
    kept._kept.update({("filler", index): "x" for index in range(KEPT_AT_MOST)})
    html = _render(Sample, kept)
    assert html == _render(Sample, DjangoTemplates())
    assert len(kept._kept) < KEPT_AT_MOST


def test_the_site_uses_it(settings):
    assert settings.FORM_RENDERER == "config.forms.BlankWidgetsKept"
