"""``{{ url|safe_url }}``: a stored address rendered as a link only when it is a web address.

The profile form accepts http and https alone, but rows also arrive by other paths (an import,
the admin, an older version): a ``javascript:`` or ``data:`` address must never become a
clickable ``href``, so the scheme is checked again where the link is drawn.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from django import template

register = template.Library()

WEB_ADDRESS = re.compile(r"https?://[^\s]", re.IGNORECASE)


@register.filter
def safe_url(value) -> str:
    """``value`` if it is an http or https address, else "" (test it with ``{% if %}``)."""
    url = str(value or "").strip()
    return url if WEB_ADDRESS.match(url) else ""


@register.filter
def readable_url(value) -> str:
    """An address as a person reads it: percent-escapes decoded ("lévêque", not
    "l%C3%A9v%C3%AAque"), the scheme and a trailing slash dropped. For the link's text only;
    the ``href`` keeps the address as stored."""
    url = unquote(str(value or "").strip())
    url = re.sub(r"^https?://(www\.)?", "", url, flags=re.IGNORECASE)
    return url.rstrip("/")
