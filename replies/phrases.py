"""Placeholders in reply phrases: a fixed whitelist, filled by plain substitution.

A phrase is user text. It is never given to a template engine, ``str.format`` or
``format_map``: only ``{first_name}``-style names from PLACEHOLDERS are replaced, by a regular
expression, with plain strings. Anything else that looks like a placeholder (``{0}``,
``{first_name.__class__}``, ``{{ settings.SECRET_KEY }}``, ``{% load x %}``, a lone brace) is
refused when the phrase is saved, so a stored phrase can only contain known placeholders.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from network.text.names import company_from_headline, given_and_family

PLACEHOLDERS = {
    "first_name": _("the sender's first name"),
    "last_name": _("the sender's family name"),
    "full_name": _("the sender's name as shown"),
    "network": _("the network (LinkedIn, Facebook…)"),
    "my_name": _("your name"),
    "my_first_name": _("your first name"),
    "company": _("the sender's company, from their headline"),
    "team": _("your team's name"),
}
_KNOWN = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
_BRACED = re.compile(r"\{[^{}]*\}")


def problems(body: str) -> list[str]:
    """What is wrong with the placeholders of ``body``: one item per unknown or malformed one."""
    found = []
    for match in _BRACED.finditer(body):
        if not _KNOWN.fullmatch(match.group(0)):
            found.append(match.group(0))
    leftover = _BRACED.sub("", body)
    if "{" in leftover or "}" in leftover:
        found.append("{" if "{" in leftover else "}")
    return found


def fill(body: str, values: dict[str, str]) -> str:
    """Replace the known placeholders with plain text; a missing value leaves a blank, never a
    placeholder, so a message is never sent with "{first_name}" in it."""
    return _KNOWN.sub(lambda match: str(values.get(match.group(1)) or ""), body)


def sender_values(user, team) -> dict[str, str]:
    """The placeholders that speak of the member who sends, and of their team."""
    my_name = user.display_name or user.email.split("@")[0]
    return {
        "my_name": my_name,
        "my_first_name": my_name.split()[0] if my_name else "",
        "team": team.name,
    }


def values_for(connection_request, user, team) -> dict[str, str]:
    """The placeholder values for a connection request, answered by ``user`` of ``team``."""
    first_name, last_name = given_and_family(connection_request.sender_name)
    return {
        "first_name": first_name,
        "last_name": last_name,
        "full_name": connection_request.sender_name,
        "network": connection_request.get_network_display(),
        "company": company_from_headline(connection_request.headline),
        **sender_values(user, team),
    }
