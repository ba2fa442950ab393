"""Fixtures for the site-wide tests."""

import json
import re

import pytest


@pytest.fixture
def rendered_htmx_config(client, db) -> dict:
    """The htmx configuration base.html gives the browser, as htmx will read it."""
    content = client.get("/").content.decode()
    [config] = re.findall(r"<meta name=\"htmx-config\" content='([^']*)'>", content)
    return json.loads(config)
