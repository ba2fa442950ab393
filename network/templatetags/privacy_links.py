"""Links to the networks themselves: where a request is decided, and where the setting of a
privacy to-do is changed (``network.text.networks`` knows the pages)."""

from __future__ import annotations

from django import template

from network.templatetags.safe_links import safe_url
from network.text.networks import decision_page

register = template.Library()


@register.filter
def decision_url(connection_request) -> str:
    """The page of the request's network where it is accepted or declined ("" if none)."""
    return safe_url(decision_page(connection_request.network, connection_request.profile_url))
