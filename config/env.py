"""Reading configuration from the environment, failing loudly on bad values.

Every setting Netcurate reads from the environment goes through these helpers, so that a
typo in production stops start-up with one line naming the variable instead of running
with a silently wrong default. ``VARIABLES`` records each name read, which lets the
docker-compose consistency test check that compose sets nothing settings ignore.
"""

from __future__ import annotations

import os
import zoneinfo
from urllib.parse import SplitResult, urlsplit

import dj_database_url

VARIABLES: dict[str, str] = {}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigurationError(SystemExit):
    """Stops the process with a single readable line on standard error."""

    def __init__(self, variable: str, problem: str) -> None:
        self.variable = variable
        super().__init__(f"Configuration error: {variable} {problem}")


def _raw(name: str, meaning: str) -> str | None:
    VARIABLES[name] = meaning
    return os.environ.get(name)


def string(name: str, default: str, meaning: str) -> str:
    value = _raw(name, meaning)
    return default if value is None else value.strip()


def boolean(name: str, default: bool, meaning: str) -> bool:
    value = _raw(name, meaning)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigurationError(name, f"must be true or false (got {value!r})")


def choice(name: str, default: str, choices: list[str], meaning: str) -> str:
    value = string(name, default, meaning)
    if value not in choices:
        raise ConfigurationError(name, f"must be one of {', '.join(choices)} (got {value!r})")
    return value


def time_zone(name: str, default: str, meaning: str) -> str:
    value = string(name, default, meaning)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigurationError(name, f"is not a known time zone (got {value!r})") from None
    return value


def integer(name: str, default: int, meaning: str, minimum: int = 0) -> int:
    value = _raw(name, meaning)
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigurationError(name, f"must be a whole number (got {value!r})") from None
    if number < minimum:
        raise ConfigurationError(name, f"must be at least {minimum} (got {number})")
    return number


def fernet_keys(name: str, meaning: str) -> list[str]:
    """Comma-separated Fernet keys; a malformed one stops start-up (naming its position,
    never its value)."""
    value = (_raw(name, meaning) or "").strip()
    if not value:
        return []
    from cryptography.fernet import Fernet

    keys = [key.strip() for key in value.split(",") if key.strip()]
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ConfigurationError(
                name,
                f"key {position} is not a Fernet key (32 url-safe base64 bytes; make one with "
                "python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())')",
            ) from None
    return keys


def string_list(name: str, default: list[str], meaning: str) -> list[str]:
    value = _raw(name, meaning)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database(name: str, default: str, meaning: str) -> dict:
    value = _raw(name, meaning) or default
    parts = urlsplit(value)
    scheme = parts.scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ConfigurationError(
            name, f"must start with sqlite:/// or postgres:// (got scheme {scheme!r})"
        )
    _check_port(name, parts)
    try:
        config = dj_database_url.parse(value, conn_max_age=0, conn_health_checks=True)
    except ValueError as error:
        raise ConfigurationError(name, f"is malformed: {error}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ConfigurationError(name, "names no database (expected postgres://user@host/dbname)")
    return config


def redis_url(name: str, meaning: str) -> str:
    value = (_raw(name, meaning) or "").strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ConfigurationError(
            name, f"must look like redis://host:6379/0 (got {_redact(parts)!r})"
        )
    _check_port(name, parts)
    return value


def _check_port(name: str, parts: SplitResult) -> None:
    try:
        parts.port  # noqa: B018 - urlsplit only validates the port when it is read
    except ValueError:
        raise ConfigurationError(name, f"has an invalid port (in {_redact(parts)!r})") from None


def fail(name: str, problem: str) -> None:
    raise ConfigurationError(name, problem)


def _redact(parts: SplitResult) -> str:
    """The URL as given, with any password replaced, so errors never print secrets."""
    if parts.password is None:
        return parts.geturl()
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()
