"""Recognition as the screens ask for it: who the sender of a request may be."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from config.params import clean_text
from network.models import ConnectionRequest
from network.recognition.kept import ranked
from network.recognition.matching import LIKELY, Query, Suggestion, describe, recognise
from network.text.names import company_from_headline
from network.text.profiles import ProfileURLError, parse_profile


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
    """Who the sender may be among the team's contacts, most likely first (a possible change
    of name is kept among the first three, ``matching``), reasons in words; the contact the
    request is linked to comes first, at 100. The first one is what the
    request stores as its best match (``viewer`` only changes the reasons' wording). Kept
    in the cache until the team's contacts change (``network.recognition.kept``)."""
    suggestions = describe(ranked(connection_request, request_query(connection_request)), viewer)
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


def _is_email(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def _is_profile(text: str) -> bool:
    try:
        parse_profile(text)
    except ProfileURLError:
        return False
    return True


def read_box(text: str) -> dict[str, str]:
    """What was typed in the nav's single box: an email, a profile address, or a name."""
    if " " not in text and _is_email(text):
        return {"email": text}
    if _is_profile(text) or text.lower().startswith(("http://", "https://", "www.")):
        return {"url": text}  # an address of no known network is looked up, and not found
    return {"name": text}


def whois_query(params) -> Query:
    """ "Who is this?" as asked: ``name``, ``company``, ``email``, ``url``, or one box ``q``
    read as whichever of them it looks like (the page, the nav's box and the API share it)."""
    fields = {
        "name": clean_text(params.get("name"), 200),
        "company": clean_text(params.get("company"), 200),
        "email": clean_text(params.get("email"), 254),
        "url": clean_text(params.get("url"), 500),
    }
    if box := clean_text(params.get("q"), 500):
        fields.update(read_box(box))
    return Query(**fields)
