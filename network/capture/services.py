"""Capture from a network's page: which invitations are already waiting, and storing a
checked batch in one transaction through the inbox's one door for requests that arrive by
themselves."""

from __future__ import annotations

from django.db import transaction

from network.capture.validation import Invitation
from network.inbox.services import connection_request_receive_once
from network.models import OPEN_STATES, ConnectionRequest


def already_waiting(team, invitations: list[Invitation]) -> set[tuple[str, str]]:
    """(network, handle) of the invitations an open request of the team already holds: what
    confirming would not add again. One query."""
    handles = {invitation.profile.handle for invitation in invitations}
    return set(
        ConnectionRequest.objects.filter(
            team=team, state__in=OPEN_STATES, handle__in=handles
        ).values_list("network", "handle")
    )


def captured_invitations_receive(
    *, team, owner, invitations: list[Invitation]
) -> list[tuple[ConnectionRequest, bool]]:
    """Put a checked batch in the inbox, all of it or nothing: each invitation becomes a
    request unless the same person already waits there. Returns (request, new) in the
    page's order."""
    with transaction.atomic():
        return [
            connection_request_receive_once(
                team=team,
                owner=owner,
                sender_name=invitation.name,
                profile=invitation.profile,
                **invitation.request_fields(),
            )
            for invitation in invitations
        ]
