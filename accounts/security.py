"""Glue for django-axes: which login name a failure counts against, and the lockout page."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The email tried, from allauth's credentials or its login form, lower-cased.

    Lower-casing makes "Alice@X" and "alice@x" one counter, as they are one account.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login") or request.POST.get("username")
    return value.strip().lower() if value else None


def lockout_response(
    request: HttpRequest, original_response=None, credentials: dict | None = None
) -> HttpResponse:
    """The translated "too many attempts" page, saying how long the pause lasts (HTTP 429)."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
