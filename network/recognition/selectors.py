"""Recognition as the screens ask for it: who the sender of a request may be."""

from __future__ import annotations

from django.utils.translation import gettext as _

from network.models import ConnectionRequest
from network.recognition.matching import LIKELY, Query, Suggestion, recognise
from network.text.names import company_from_headline


def request_query(connection_request: ConnectionRequest) -> Query:
    """What the request tells of its sender, as recognition reads it."""
    return Query(
        name=connection_request.sender_name,
        url=connection_request.profile_url,
        network=connection_request.network or None,
        email=connection_request.email,
        headline=connection_request.headline,
        company=company_from_headline(connection_request.headline),
        message=connection_request.message,
    )


def possible_matches(connection_request: ConnectionRequest, viewer) -> list[Suggestion]:
    """Who the sender may be among the team's contacts, most likely first, reasons in words;
    the contact the request is linked to comes first, at 100. The first one is what the
    request stores as its best match (``viewer`` only changes the reasons' wording)."""
    suggestions = recognise(
        connection_request.team, request_query(connection_request), viewer=viewer
    )
    linked_contact = connection_request.contact
    if linked_contact is not None:
        linked = next(
            (entry for entry in suggestions if entry.contact.pk == linked_contact.pk), None
        )
        if linked is None:
            linked = Suggestion(linked_contact, 100)
        else:
            suggestions.remove(linked)
        suggestions.insert(0, linked)
        linked.score = 100
        linked.reasons.insert(0, _("linked to this request"))
    return suggestions


def likely_duplicates(team, data: dict, viewer) -> list[Suggestion]:
    """The team's contacts that a new contact with ``data`` (the contact form's fields) is
    likely to be already, most likely first."""
    name = data.get("display_name") or f"{data.get('given_name', '')} {data.get('family_name', '')}"
    query = Query(name=name.strip(), company=data.get("company", ""), city=data.get("city", ""))
    return [entry for entry in recognise(team, query, viewer=viewer) if entry.score >= LIKELY]
