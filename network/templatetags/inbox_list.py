"""``{% load inbox_list %}``: ``{% inbox_rows rows %}`` writes the inbox list's rows (see
``network.inbox.rows``), with the open request marked and the checkboxes for members who
can write; ``{% inbox_suggestions %}`` and ``{% accept_categories %}`` write the detail
pane's suggestions and the accept form's how-we-met checkboxes (``network.inbox.suggestions``)."""

from __future__ import annotations

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString

from network.inbox.rows import rows_html
from network.inbox.suggestions import categories_html, suggestions_html

register = template.Library()


@register.simple_tag(takes_context=True)
def inbox_rows(context, rows) -> SafeString:
    selected = context.get("selected")
    return rows_html(
        rows,
        selected_pk=selected.pk if selected is not None else None,
        can_write=bool(context.get("can_write")),
        match_label=context["possible_match_label"],
        message_label=context["message_label"],
    )


@register.simple_tag(takes_context=True)
def inbox_suggestions(context) -> SafeString:
    selected, can_write = context["selected"], bool(context.get("can_write"))
    # What {% csrf_token %} writes, asked for only where the forms are (as the template did:
    # a reader's page does not make a token).
    csrf = CsrfTokenNode().render(context) if can_write and selected.is_open else ""
    return suggestions_html(
        context["matches"],
        selected,
        can_write=can_write,
        querystring=context.get("querystring", ""),
        csrf=csrf,
    )


@register.simple_tag
def accept_categories(categories) -> SafeString:
    return categories_html(categories)
