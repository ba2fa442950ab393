"""``{% load contact_rows %}``: ``{% contact_rows rows %}`` writes the contact list's rows (see
``network.contacts.rows``), with the checkboxes for members who can write."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from network.contacts.rows import rows_html

register = template.Library()


@register.simple_tag(takes_context=True)
def contact_rows(context, rows) -> SafeString:
    membership = getattr(context["request"], "membership", None)
    return rows_html(rows, can_write=bool(membership and membership.can_write))
