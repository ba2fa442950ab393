"""Every page carries a Content-Security-Policy that allows our own files and nothing inline.

The browser side (no violation while htmx and Bootstrap work) is in test_csp_browser.py.
"""

import base64
import hashlib
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
    assert not any("'unsafe-eval'" in sources for sources in policy.values())
    assert "'unsafe-inline'" not in policy["script-src-attr"]


def test_no_template_holds_an_inline_script():
    inline = [
        f"{name}: {tag}"
        for name, text in template_texts()
        for tag in re.findall(r"<script\b[^>]*>", text)
        if " src=" not in tag
    ]
    assert inline == [], "move these to a file under static/js/"


@pytest.mark.django_db
def test_inline_event_handlers_left_in_templates_are_allowed_by_hash(client):
    """An inline handler the policy does not list would silently do nothing in the browser
    (a confirm() that never asks). Better: a listener in a file under static/js/."""
    allowed = policy_of(client.get("/"))["script-src-attr"]
    handlers = {
        code
        for _name, text in template_texts()
        for code in re.findall(r'\son[a-z]+="([^"]*)"', text)
    }
    for code in handlers:
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed, code


def test_htmx_never_needs_eval_or_inline_styles(rendered_htmx_config):
    assert rendered_htmx_config["allowEval"] is False
    assert rendered_htmx_config["includeIndicatorStyles"] is False
