"""“Who is this?”: a name, a profile address or an email (any one will do, more is better)
against the team's contacts, with the same ranked answer as the inbox's suggestions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpResponse
from django.shortcuts import render

from accounts.scoping import TeamRequest, team_required
from config.params import clean_text
from network.recognition.matching import Query, recognise
from network.text.profiles import ProfileURLError, parse_profile


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


@team_required
def whois(request: TeamRequest) -> HttpResponse:
    """ "Who is this?": any one of a name, a profile address or an email (and maybe a
    company), from the page's form or the nav's single box (``q``)."""
    params = request.GET
    fields = {
        "name": clean_text(params.get("name"), 200),
        "company": clean_text(params.get("company"), 200),
        "email": clean_text(params.get("email"), 254),
        "url": clean_text(params.get("url"), 500),
    }
    if box := clean_text(params.get("q"), 500):
        fields.update(read_box(box))
    query = Query(**fields)
    asked = bool(query.name or query.url or query.email)
    suggestions = recognise(request.team, query, viewer=request.user) if asked else []
    return render(
        request,
        "network/whois.html",
        {"query": query, "suggestions": suggestions, "asked": asked},
    )
