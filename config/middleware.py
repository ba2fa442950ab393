"""Carry Django messages to htmx requests as an ``HX-Trigger`` event.

A full page shows its messages as toasts when it loads; a partial response has no page
around it, so the messages travel in the ``messages`` event instead (the pattern from
django-htmx-patterns). Redirects keep their messages for the page they lead to.
"""

import json
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse

MESSAGES_EVENT = "messages"


class HtmxMessagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or 300 <= response.status_code < 400:
            return response
        if "HX-Redirect" in response.headers or "HX-Refresh" in response.headers:
            return response
        payload = [
            {"message": str(message.message), "level": message.level_tag}
            for message in get_messages(request)
        ]
        if not payload:
            return response
        triggers = _parse_triggers(response.headers.get("HX-Trigger", ""))
        triggers[MESSAGES_EVENT] = payload
        response.headers["HX-Trigger"] = json.dumps(triggers)
        return response


def _parse_triggers(header: str) -> dict:
    """Read an existing HX-Trigger header, which may be JSON or a comma-separated name list."""
    header = header.strip()
    if not header:
        return {}
    if header.startswith("{"):
        return json.loads(header)
    return {name.strip(): None for name in header.split(",") if name.strip()}
