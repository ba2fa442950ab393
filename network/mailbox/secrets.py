"""Mailbox passwords, encrypted at rest with Fernet under ``MAILBOX_KEY``.

``MAILBOX_KEY`` holds one Fernet key, or several separated by commas: the first encrypts,
every one decrypts, so a key can be rotated without losing the passwords stored. Settings
check the keys at start-up (a bad one stops the process); with ``DEBUG`` and no key, a
development key derived from ``SECRET_KEY`` is used.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class KeyMissing(RuntimeError):
    """No MAILBOX_KEY in production: no password can be stored or read."""


def development_key(secret_key: str) -> str:
    """The key used when DEBUG is on and MAILBOX_KEY is unset: stable for a given SECRET_KEY."""
    digest = hashlib.sha256(b"netcurate-mailbox:" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def _fernet() -> MultiFernet:
    keys = settings.MAILBOX_KEYS
    if not keys:
        raise KeyMissing("MAILBOX_KEY is not set")
    return MultiFernet([Fernet(key) for key in keys])


def can_encrypt() -> bool:
    return bool(settings.MAILBOX_KEYS)


def encrypt(password: str) -> str:
    return _fernet().encrypt(password.encode()).decode()


def decrypt(token: str) -> str:
    """The password; raises ``InvalidToken`` when no key in MAILBOX_KEY opens it."""
    return _fernet().decrypt(token.encode()).decode()


__all__ = ["InvalidToken", "KeyMissing", "can_encrypt", "decrypt", "encrypt"]
