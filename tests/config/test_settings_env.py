"""Bad configuration stops start-up with one line naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def clean_environment(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """This process's environment without the settings' own variables, plus ``overrides``."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DEBUG",
            "SECRET_KEY",
            "DJANGO_SETTINGS_MODULE",
            "CONN_MAX_AGE",
            "MAILBOX_KEY",
        }
    }
    environment.update({"VAR_DIR": str(tmp_path), "PYTHONWARNINGS": "ignore"}, **overrides)
    return environment


def manage(tmp_path: Path, *arguments: str, **overrides: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with the given environment (no .env file is read)."""
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=clean_environment(tmp_path, **overrides),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def run_check(tmp_path: Path, **overrides: str) -> subprocess.CompletedProcess:
    return manage(tmp_path, "check", **overrides)


@pytest.mark.parametrize(
    ("overrides", "variable", "words"),
    [
        ({"DEBUG": "true", "DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL", "postgres://"),
        ({"DEBUG": "true", "DATABASE_URL": "postgres://u:pw@h:x/db"}, "DATABASE_URL", "u:***@h:x"),
        ({"DEBUG": "true", "DATABASE_URL": "postgres://u@h:5432"}, "DATABASE_URL", "names no"),
        ({"DEBUG": "maybe"}, "DEBUG", "'maybe'"),
        ({"DEBUG": "false"}, "SECRET_KEY", "required"),
        ({"DEBUG": "false", "SECRET_KEY": ""}, "SECRET_KEY", "required"),
        ({"DEBUG": "true", "REDIS_URL": "localhost:6379"}, "REDIS_URL", "redis://"),
        ({"DEBUG": "true", "SECURE_HSTS_SECONDS": "a year"}, "SECURE_HSTS_SECONDS", "whole"),
        (
            {"DEBUG": "true", "CAPTURE_ORIGINS": "https://www.linkedin.com/feed/"},
            "CAPTURE_ORIGINS",
            "without a path",
        ),
        ({"DEBUG": "true", "LANGUAGE_CODE": "de"}, "LANGUAGE_CODE", "en, fr"),
        ({"DEBUG": "true", "TIME_ZONE": "Europe/Atlantis"}, "TIME_ZONE", "time zone"),
        ({"DEBUG": "true", "LOG_LEVEL": "loud"}, "LOG_LEVEL", "'loud'"),
        ({"DEBUG": "true", "SECURE_COOKIES": "sometimes"}, "SECURE_COOKIES", "true or false"),
        ({"DEBUG": "true", "CONN_MAX_AGE": "forever"}, "CONN_MAX_AGE", "whole"),
        ({"DEBUG": "true", "API_THROTTLE_RATE": "lots"}, "API_THROTTLE_RATE", "120/minute"),
        ({"DEBUG": "true", "API_THROTTLE_RATE": "0/minute"}, "API_THROTTLE_RATE", "'0/minute'"),
        ({"DEBUG": "true", "MAILBOX_KEY": "hunter2"}, "MAILBOX_KEY", "key 1 is not a Fernet key"),
        ({"DEBUG": "true", "MAILBOX_POLL_MINUTES": "0"}, "MAILBOX_POLL_MINUTES", "at least 1"),
        (
            {"DEBUG": "true", "MAILBOX_ALLOW_PRIVATE_HOSTS": "maybe"},
            "MAILBOX_ALLOW_PRIVATE_HOSTS",
            "true or false",
        ),
    ],
)
def test_bad_value_stops_startup_with_one_line_naming_the_variable(
    tmp_path, overrides, variable, words
):
    result = run_check(tmp_path, **overrides)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Configuration error: {variable} ")
    assert words in lines[0]


def test_development_defaults_start_without_any_variable(tmp_path):
    result = run_check(tmp_path, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_mode_starts_with_a_secret_key(tmp_path):
    result = run_check(tmp_path, DEBUG="false", SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr


def test_real_settings_hash_with_tuned_argon2_and_lock_on_email_and_ip(tmp_path):
    """The test settings swap the hasher for speed; the real ones must not."""
    script = (
        "from django.conf import settings;"
        "print(settings.PASSWORD_HASHERS[0]);"
        "print(settings.AXES_LOCKOUT_PARAMETERS)"
    )
    result = manage(tmp_path, "shell", "--no-imports", "-c", script, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == [
        "accounts.hashers.TunedArgon2PasswordHasher",
        "[['username', 'ip_address']]",
    ]


def _database_and_sessions(tmp_path, **overrides: str) -> list[str]:
    script = (
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], settings.SESSION_ENGINE,"
        " settings.CACHES['default']['BACKEND'])"
    )
    result = manage(tmp_path, "shell", "--no-imports", "-c", script, DEBUG="true", **overrides)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_postgresql_connections_persist_with_a_health_check_and_the_age_is_configurable(
    tmp_path,
):
    postgres = "postgres://u@127.0.0.1:5432/netcurate"
    assert _database_and_sessions(tmp_path, DATABASE_URL=postgres)[:2] == ["60", "True"]
    assert _database_and_sessions(tmp_path, DATABASE_URL=postgres, CONN_MAX_AGE="0")[0] == "0"
    # SQLite opens its file in no time: one connection per request, unless asked otherwise.
    assert _database_and_sessions(tmp_path)[0] == "0"
    assert _database_and_sessions(tmp_path, CONN_MAX_AGE="30")[0] == "30"


def test_sessions_are_read_from_the_cache_when_redis_is_configured(tmp_path):
    engine = "django.contrib.sessions.backends."
    assert _database_and_sessions(tmp_path)[2] == engine + "db"
    redis = _database_and_sessions(tmp_path, REDIS_URL="redis://127.0.0.1:6379/14")
    assert redis[2] == engine + "cached_db"
    # Django's Redis cache, its clients kept (config.cache); files without Redis.
    assert redis[3] == "config.cache.KeptClientRedisCache"
    assert _database_and_sessions(tmp_path)[3].endswith("FileBasedCache")
