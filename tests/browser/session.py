"""A signed-in browser without typing a password: a session made by Django's test client is
handed to Chromium as its cookie (no Argon2 hashing per test), in the language asked for."""

from __future__ import annotations

from django.conf import settings
from django.test import Client


def sign_in_as(page, base_url: str, user, language: str = "en") -> None:
    """The profile's language decides the pages' language."""
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )


def anonymous(page, base_url: str, language: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
    )
