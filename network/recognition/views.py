"""“Who is this?”: a name, a profile address or an email (any one will do, more is better)
against the team's contacts, with the same ranked answer as the inbox's suggestions."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from accounts.scoping import TeamRequest, team_required
from network.recognition.matching import recognise
from network.recognition.selectors import whois_query


@team_required
def whois(request: TeamRequest) -> HttpResponse:
    """ "Who is this?": any one of a name, a profile address or an email (and maybe a
    company), from the page's form or the nav's single box (``q``)."""
    query = whois_query(request.GET)
    asked = bool(query.name or query.url or query.email)
    suggestions = recognise(request.team, query, viewer=request.user) if asked else []
    return render(
        request,
        "network/whois.html",
        {"query": query, "suggestions": suggestions, "asked": asked},
    )
