"""Answers shared by every app's views."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def htmx_or_redirect(request: HttpRequest, partial: Callable[[], HttpResponse], to) -> HttpResponse:
    """htmx gets the fragment that changed; a plain form post is redirected (post/redirect/get).

    ``partial`` is only called for htmx, so a redirect never renders anything; ``to`` is
    whatever ``redirect`` takes (a model, a URL name, a path).
    """
    return partial() if getattr(request, "htmx", False) else redirect(to)
