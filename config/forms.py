"""The form renderer: Django's, with the HTML of blank widgets kept.

Django renders each widget through the template engine (the input, its attributes, a select's
options): about a quarter of a millisecond per field. Pages that show blank forms on every
visit pay it each time: the inbox's quick add (8 fields), a contact's page (14 fields in its
inline forms). A widget's HTML depends only on its context (name, value, attributes, options,
all already in the language of the request), so for a blank widget this renderer keys the HTML
by that context and renders it once per process.

Only a context made of a widget whose value is blank is kept (for a select, a value among its
own options counts as blank): a form filled in by someone (a name, an email) is rendered every
time, so no one's input stays in memory, and what is held is bounded by the forms the code
defines and the teams' categories (at most 2,048 widgets, then it starts afresh). Anything
the key cannot describe exactly (an object, a date) is rendered every time too. With DEBUG on,
templates change under a running server, so nothing is kept.
"""

from __future__ import annotations

from django.conf import settings
from django.forms.models import ModelChoiceIteratorValue
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.safestring import SafeData
from django.utils.translation import get_language

KEPT_AT_MOST = 2048


class Unkeyable(Exception):
    """A context holds something whose rendering the key would not capture."""


def _freeze(value):
    """A hashable description of ``value`` that differs wherever the rendering may differ:
    a safe string is not a plain one with the same text, nor is ``True`` the number 1, and a
    dict keeps its order (attributes are written in it)."""
    kind = type(value)
    if kind is str:
        return value
    if isinstance(value, Promise):  # a lazy translation, in the active language
        value = str(value)
        kind = type(value)
    if isinstance(value, SafeData):
        return ("safe", str(value))
    if kind is str or value is None or kind in (bool, int, float):
        return (kind.__name__, value)
    if kind is dict:
        return ("dict", tuple((key, _freeze(item)) for key, item in value.items()))
    if kind in (list, tuple):
        return (kind.__name__, tuple(_freeze(item) for item in value))
    if kind is ModelChoiceIteratorValue:  # an option of a model choice: written as its value
        return ("choice", _freeze(value.value))
    raise Unkeyable(kind.__name__)


def _blank(widget: dict) -> bool:
    """Nothing typed: no value, or (for a select) only values among its own options."""
    value = widget.get("value")
    if value is None or value == "":
        return True
    if type(value) not in (list, tuple):
        return False
    options = {
        str(option["value"])
        for _group, group_options, _index in widget.get("optgroups", ())
        for option in group_options
    }
    return all(item is None or item == "" or str(item) in options for item in value)


def blank_widget_key(template_name: str, context: dict):
    """The key of a blank widget's HTML, or None when it is not one (or cannot be keyed)."""
    widget = context.get("widget")
    if len(context) != 1 or type(widget) is not dict or not _blank(widget):
        return None
    try:
        # The language too: numbers in labels are written the language's way ("1,5").
        return (template_name, get_language(), _freeze(widget))
    except Unkeyable:
        return None


class BlankWidgetsKept(DjangoTemplates):
    """Django's default form renderer, keeping the HTML of blank widgets (see the module)."""

    def __init__(self) -> None:
        super().__init__()
        self._kept: dict = {}

    def render(self, template_name, context, request=None):
        key = (
            None
            if settings.DEBUG or request is not None
            else blank_widget_key(template_name, context)
        )
        if key is None:
            return super().render(template_name, context, request)
        html = self._kept.get(key)
        if html is None:
            if len(self._kept) >= KEPT_AT_MOST:  # forms built from data: start afresh
                self._kept.clear()
            html = self._kept[key] = super().render(template_name, context, request)
        return html
