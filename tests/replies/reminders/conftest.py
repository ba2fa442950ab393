"""Helpers for the reminder tests: a request in "clarification asked", asked by alice."""

from __future__ import annotations

import pytest

from network.inbox.services import connection_request_receive
from network.text.profiles import parse_profile
from replies.models import Intent
from replies.services import message_send


def ask(team, user, name: str = "Marie Lefebvre", handle: str = "marie-lefebvre", phrase=None):
    """A request received by ``user`` and a clarification sent about it (as the composer does)."""
    connection_request = connection_request_receive(
        team=team,
        owner=user,
        sender_name=name,
        profile=parse_profile(f"https://www.linkedin.com/in/{handle}"),
        language="fr",
    )
    message_send(
        connection_request=connection_request,
        actor=user,
        text="Bonjour, où nous sommes-nous rencontrés ?",
        intent=Intent.ASK_HOW_MET,
        phrase=phrase,
    )
    connection_request.refresh_from_db()
    return connection_request


@pytest.fixture
def asked(team, alice):
    return ask(team, alice)
