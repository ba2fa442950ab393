"""Shared fixtures: real services when they answer, and a loud failure in CI when they don't.

On a laptop, a test that needs Redis or Chromium is skipped with the reason printed in the
summary. With CI=true the same situation is a failure: CI must run everything.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need(available: bool, reason: str) -> None:
    """Skip (locally) or fail (in CI) when a service the test needs is missing."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI requires it, but: {reason}", pytrace=False)
    pytest.skip(reason)


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def redis_url() -> str:
    return settings.REDIS_URL


def redis_available() -> bool:
    url = redis_url()
    if not url:
        return False
    parts = urlsplit(url)
    return _answers(parts.hostname or "127.0.0.1", parts.port or 6379)


def pytest_report_header(config: pytest.Config) -> list[str]:
    database = settings.DATABASES["default"]
    return [
        f"netcurate: database {database['ENGINE'].rsplit('.', 1)[-1]}"
        f" ({database.get('HOST') or database['NAME']})",
        f"netcurate: redis {'at ' + redis_url() if redis_url() else 'not configured (REDIS_URL)'}",
        f"netcurate: chromium {'found' if Path(CHROMIUM).exists() else 'missing'} at {CHROMIUM}",
        f"netcurate: CI={'true' if IN_CI else 'false'} (missing services "
        f"{'fail' if IN_CI else 'skip'})",
    ]


@pytest.fixture
def redis_service() -> str:
    """The Redis URL from settings, once Redis has been seen to answer."""
    need(bool(redis_url()), "REDIS_URL is not set: no Redis to run against")
    need(redis_available(), f"Redis does not answer at {redis_url()}")
    return redis_url()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    need(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    # Playwright's sync API keeps an event loop in this thread; Django's ORM calls made by the
    # test itself (never concurrently with the browser) are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser context and page; a screenshot is kept when the test fails.

    Playwright runs a test's ``wait_for_function("...")`` through eval, which the app's CSP
    forbids; so the page ignores the CSP, except in tests marked ``enforce_csp``, which check
    that the app itself never needs anything the policy refuses."""
    context = browser.new_context(
        locale="en-GB",
        viewport={"width": 1280, "height": 800},
        bypass_csp=request.node.get_closest_marker("enforce_csp") is None,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# The cast of the house style: alice owns a team, bob is a member of it, carol reads only,
# mallory owns another team and must never see or touch anything of alice's.
PASSWORD = "correct horse battery staple"


def make_user(email: str, name: str):
    from allauth.account.models import EmailAddress

    from accounts.models import User

    user = User.objects.create_user(email, PASSWORD, display_name=name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def alice(db):
    from accounts.models import Team

    user = make_user("alice@example.org", "Alice Owner")
    Team.create_with_owner(name="Alice & Co", owner=user)
    return user


@pytest.fixture
def team(alice):
    return alice.last_team


def _join(team, user, role):
    from accounts.models import Membership

    Membership.objects.create(team=team, user=user, role=role)
    user.last_team = team
    user.save(update_fields=["last_team"])
    return user


@pytest.fixture
def bob(team):
    return _join(team, make_user("bob@example.org", "Bob Member"), "member")


@pytest.fixture
def carol(team):
    return _join(team, make_user("carol@example.org", "Carol Reader"), "readonly")


@pytest.fixture
def mallory(db):
    from accounts.models import Team

    user = make_user("mallory@example.net", "Mallory Outsider")
    Team.create_with_owner(name="Mallory Ltd", owner=user)
    return user


@pytest.fixture
def login(client):
    """``login(user)`` returns the test client, logged in as that user."""

    def log_in(user):
        client.force_login(user)
        return client

    return log_in


@pytest.fixture(scope="session", autouse=True)
def _run_cache_removed_at_the_end():
    """The run's cache folder (``config/settings_test.py``) goes when the run ends."""
    yield
    location = Path(str(settings.CACHES["default"].get("LOCATION", "")))
    if location.name.startswith("test-cache-") and location.is_dir():
        for entry in location.iterdir():
            entry.unlink(missing_ok=True)
        location.rmdir()


@pytest.fixture(autouse=True)
def _fresh_cache_and_language():
    """allauth's rate limits live in the cache; each test starts with none spent, in English.

    A request in French leaves French active in the thread (Django does not reset it), which
    would otherwise leak into the next test's messages.
    """
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    translation.activate("en")
    yield
    cache.clear()
    translation.deactivate()


# The API's cast: each person can get a token for alice's team (mallory for her own).


@pytest.fixture
def token_for():
    """``token_for(user, team, read_only=False)``: a fresh token's text."""

    from accounts.models import AccessToken

    def make(user, team, read_only: bool = False, **fields) -> str:
        _token, plaintext = AccessToken.issue(
            user=user, team=team, name="test", read_only=read_only, **fields
        )
        return plaintext

    return make


@pytest.fixture
def api(token_for, team):
    """``api(user)``: a client with a token of ``user`` in alice's team (mallory: her own)."""
    from tests.api.client import ApiClient

    def make(user, read_only: bool = False):
        user_team = team if user.memberships.filter(team=team).exists() else user.last_team
        return ApiClient(token_for(user, user_team, read_only=read_only))

    return make
