"""Each token has its own allowance (API_THROTTLE_RATE), counted in the real cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings

from accounts.models import AccessToken

pytestmark = pytest.mark.django_db

REQUESTS = "/api/v1/requests/"


@override_settings(API_THROTTLE_RATE="3/minute")
def test_a_token_past_its_rate_gets_429_and_another_token_does_not(api, alice, bob):
    busy, other = api(alice), api(bob)
    assert [busy.get(REQUESTS).status_code for _ in range(3)] == [200, 200, 200]
    refused = busy.get(REQUESTS)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert other.get(REQUESTS).status_code == 200
    # The history lives in the project's cache (a file cache in tests, Redis in production).
    token = AccessToken.objects.filter(user=alice).get()
    assert len(cache.get(f"throttle_token_token-{token.pk}")) == 3


@override_settings(API_THROTTLE_RATE="3/minute")
def test_two_tokens_of_one_member_are_counted_apart(api, alice):
    first, second = api(alice), api(alice)
    for _ in range(3):
        first.get(REQUESTS)
    assert first.get(REQUESTS).status_code == 429
    assert second.get(REQUESTS).status_code == 200
