"""``{% load form_rows %}``: ``{% field_row form.field %}`` writes a field as crispy's Bootstrap 5
pack writes it (``|as_crispy_field``): the label (with the asterisk of a required field), the
widget with its classes, the errors under it, tied to it by id, and the help text.

The contact page shows fourteen fields in its inline forms; through crispy's templates they
cost about 10 ms a page, two thirds of its rendering. Only what those forms use is written
here: text, email, date and number inputs and single selects; anything else is refused
rather than written differently.
"""

from __future__ import annotations

from django import forms, template
from django.forms.widgets import Input
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

SUPPORTED = (forms.Select, Input)
ASTERISK = mark_safe('<span class="asteriskField">*</span>')  # noqa: S308 - a constant
REFUSED = (forms.CheckboxInput, forms.FileInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


def _classes(field: forms.BoundField) -> str:
    """The widget's classes as crispy sets them: its own, its kind ("textinput",
    "select"), Bootstrap's control class, and ``is-invalid`` with errors."""
    widget = field.field.widget
    classes = widget.attrs.get("class", "").split()
    wanted = [widget.__class__.__name__.lower()]
    wanted.append("form-select" if isinstance(widget, forms.Select) else "form-control")
    if field.errors:
        wanted.append("is-invalid")
    classes += [name for name in wanted if name not in classes]
    return " ".join(classes)


@register.simple_tag
def field_row(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, REFUSED) or not isinstance(widget, SUPPORTED) or widget.is_hidden:
        raise TypeError(f"field_row does not write a {type(widget).__name__}")
    if getattr(widget, "allow_multiple_selected", False):
        raise TypeError("field_row does not write a multiple select")
    required = field.field.required
    label = ""
    if field.label:
        label = format_html(
            '<label for="{}" class="form-label{}">{}{}</label>',
            field.id_for_label,
            " requiredField" if required else "",
            field.label,
            ASTERISK if required else "",
        )
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((number, field.auto_id, error) for number, error in enumerate(field.errors, 1)),
            ),
        )
    help_text = ""
    if field.help_text:
        help_text = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text
        )
    css = field.css_classes()
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}{}{}</div>',
        field.auto_id,
        f" {css}" if css else "",
        label,
        field.as_widget(attrs={"class": _classes(field)}),
        errors,
        help_text,
    )
