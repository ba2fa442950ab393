"""``{% load inbox_list %}``: ``{% inbox_rows rows %}`` writes the inbox list's rows (see
``network.inbox.rows``), with the open request marked and the checkboxes for members who
can write."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from network.inbox.rows import rows_html

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
