"""Repeated failed logins lock the (email, IP) pair for a cool-off; other pairs stay open."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


def attempt(client, email: str, password: str, ip: str = "192.0.2.10"):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=ip)


def fail_until_locked(client, email: str, ip: str = "192.0.2.10") -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, email, "wrong password", ip)
    assert response.status_code == 429


def test_lock_after_repeated_failures_even_with_the_right_password(client, alice):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "alice@example.org", "wrong").status_code == 200
    response = attempt(client, "alice@example.org", "wrong")
    assert response.status_code == 429
    response = attempt(client, "alice@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Try again in 15 minutes" in response.content.decode()
    assert client.get(reverse("team_detail")).status_code == 302


def test_lock_counts_the_email_whatever_its_case(client, alice):
    for index in range(settings.AXES_FAILURE_LIMIT):
        email = "ALICE@example.org" if index % 2 else "alice@example.org"
        response = attempt(client, email, "wrong")
    assert response.status_code == 429


def test_same_email_from_another_address_is_not_locked(client, alice):
    fail_until_locked(client, "alice@example.org")
    response = attempt(client, "alice@example.org", PASSWORD, ip="198.51.100.7")
    assert response.status_code == 302


def test_another_email_from_the_same_address_is_not_locked(client, alice, bob):
    fail_until_locked(client, "alice@example.org")
    assert attempt(client, "bob@example.org", PASSWORD).status_code == 302


def test_lock_lifts_after_the_cool_off(client, alice):
    fail_until_locked(client, "alice@example.org")
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(seconds=1)
    )
    assert attempt(client, "alice@example.org", PASSWORD).status_code == 302


def test_lockout_page_is_in_french_for_a_french_browser(client, alice):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            LOGIN,
            {"login": "alice@example.org", "password": "faux"},
            headers={"Accept-Language": "fr"},
        )
    assert response.status_code == 429
    assert "Trop de" in response.content.decode()
