"""Every page carries a Content-Security-Policy that allows our own files and nothing inline.

The browser side (no violation while htmx and Bootstrap work) is in test_csp_browser.py.
"""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def policy_of(response) -> dict[str, list[str]]:
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in directives if name}


def template_texts():
    return [(path.relative_to(TEMPLATES), path.read_text()) for path in TEMPLATES.rglob("*.html")]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/no-such-page/"])
def test_pages_send_the_policy(client, path):
    policy = policy_of(client.get(path))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["script-src-attr"] == ["'none'"]
    assert policy["style-src-attr"] == ["'none'"]
    assert not any(
        source in {"'unsafe-eval'", "'unsafe-inline'", "'unsafe-hashes'"}
        for sources in policy.values()
        for source in sources
    )


def test_no_template_holds_an_inline_script():
    inline = [
        f"{name}: {tag}"
        for name, text in template_texts()
        for tag in re.findall(r"<script\b[^>]*>", text)
        if " src=" not in tag
    ]
    assert inline == [], "move these to a file under static/js/"


def test_no_template_holds_an_inline_event_handler():
    """The policy refuses every on…= attribute: it would silently do nothing in the browser
    (a confirm() that never asks). Use data-confirm, data-autosubmit or a listener in a file
    under static/js/."""
    handlers = [
        f"{name}: {handler}"
        for name, text in template_texts()
        for handler in re.findall(r"""\son[a-z]+\s*=\s*["'][^"']*""", text)
    ]
    assert handlers == []


def test_no_page_template_holds_a_style_attribute():
    """The policy refuses style="" too; a class in css/app.css does the same. Emails are not
    pages (no policy applies to them, and mail clients need inline styles)."""
    styled = [
        f"{name}: {attribute}"
        for name, text in template_texts()
        if "email" not in name.parts
        for attribute in re.findall(r"""\sstyle\s*=\s*["'][^"']*""", text)
    ]
    assert styled == []


def test_htmx_never_needs_eval_or_inline_styles(rendered_htmx_config):
    assert rendered_htmx_config["allowEval"] is False
    assert rendered_htmx_config["includeIndicatorStyles"] is False
