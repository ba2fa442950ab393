"""“Who is this?”: a name (and maybe a company, email or profile) against the team's
contacts, with the same ranked answer as the inbox's suggestions."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from accounts.scoping import TeamRequest, team_required
from config.params import clean_text
from network.recognition.matching import Query, recognise


@team_required
def whois(request: TeamRequest) -> HttpResponse:
    """ "Who is this?": a name (and maybe a company, email or profile) against the team's
    contacts, with the same ranked answer as the inbox's suggestions."""
    params = request.GET
    query = Query(
        name=clean_text(params.get("name"), 200),
        company=clean_text(params.get("company"), 200),
        email=clean_text(params.get("email"), 254),
        url=clean_text(params.get("url"), 500),
    )
    suggestions = recognise(request.team, query, viewer=request.user) if query.name else []
    return render(
        request,
        "network/whois.html",
        {"query": query, "suggestions": suggestions, "asked": bool(query.name)},
    )
