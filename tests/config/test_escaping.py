"""``config.escaping.html_text``, which the inbox's and the contact list's rows write every
value through: the same text as Django's autoescaping, safe HTML kept as it is."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from config.escaping import html_text


@pytest.mark.parametrize(
    "value",
    ['<script>alert("x")</script>', "Tom & Jerry's", "plain", "", 42, None, "é — ◐"],
)
def test_it_writes_what_autoescaping_writes(value):
    assert html_text(value) == Template("{{ value }}").render(Context({"value": value}))


def test_every_markup_character_is_escaped():
    assert html_text("<a href=\"x\" title='y'>&</a>") == (
        "&lt;a href=&quot;x&quot; title=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;"
    )


def test_safe_html_is_kept():
    assert html_text(mark_safe("<b>badge</b>")) == "<b>badge</b>"
