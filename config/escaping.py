"""Escaping for the HTML the busiest lists write in Python (the inbox's rows and suggestions,
the contact list's rows) rather than through the template engine."""

from __future__ import annotations

from html import escape


def html_text(value) -> str:
    """What autoescaping writes for ``value``: its text with ``& < > " '`` escaped, or, for a
    value that is already safe HTML (``__html__``), that HTML, as ``conditional_escape``
    does. Django's ``escape`` makes this same ``html.escape`` call behind a lazy-string
    wrapper that costs more than the escaping: ``format_html`` over the 25 rows of a list
    took 0.85 to 1.3 ms, this takes a quarter of that."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))
