"""The bookmarklet's ``javascript:`` address, built from its readable source
(``static/js/capture-bookmarklet.js``) with this site's origin and the messages in the
person's language."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

SOURCE = "js/capture-bookmarklet.js"
PLACEHOLDER = '"__NETCURATE_CONFIG__"'


def bookmarklet_code(*, origin: str, receiver: str) -> str:
    """The script the bookmark runs: the source without its comment lines and indentation
    (every comment sits on a line of its own), configured for ``origin``."""
    source = Path(finders.find(SOURCE)).read_text(encoding="utf-8")
    config = {
        "origin": origin,
        "receiver": receiver,
        "messages": {
            "popupBlocked": _(
                "Netcurate could not open its window. Allow pop-ups on this page, then click "
                "the bookmark again."
            ),
        },
    }
    kept = [
        line.strip()
        for line in source.splitlines()
        if line.strip() and not line.strip().startswith("//")
    ]
    # ensure_ascii: no character that a JavaScript string or a URL would treat specially.
    return "\n".join(kept).replace(PLACEHOLDER, json.dumps(config, ensure_ascii=True), 1)


def bookmarklet_url(*, origin: str, receiver: str) -> str:
    """``javascript:`` and the code, percent-encoded (newlines included, so that the
    browser runs it line by line as written)."""
    return "javascript:" + quote(bookmarklet_code(origin=origin, receiver=receiver), safe="")
