"""Put the current team on the request, apply the user's language and time zone, and send a
signed-in user from the home page to work.
"""

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation


class TeamMiddleware:
    """Sets ``request.team``, ``request.membership`` and ``request.memberships``.

    The current team is the one the user last switched to, or their oldest membership.
    One query (memberships with their teams) per authenticated request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.team = None
        request.membership = None
        request.memberships = []
        user = request.user
        if user.is_authenticated:
            memberships = list(user.memberships.select_related("team").order_by("created_at"))
            request.memberships = memberships
            current = next((m for m in memberships if m.team_id == user.last_team_id), None)
            current = current or (memberships[0] if memberships else None)
            if current is not None:
                request.team = current.team
                request.membership = current
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.timezone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
