"""Personal access tokens at the API's door: who gets in, as whom, and who gets 401 or 403."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import AccessToken, Membership
from tests.api.client import ApiClient

pytestmark = pytest.mark.django_db

REQUESTS = "/api/v1/requests/"
NEW_REQUEST = {"profile_url": "https://www.linkedin.com/in/jeanne-api", "sender_name": "Jeanne"}


def test_a_valid_token_reads_its_teams_requests(api, alice):
    response = api(alice).get(REQUESTS)
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_only_a_hash_of_the_token_is_stored(alice, team):
    token, plaintext = AccessToken.issue(user=alice, team=team, name="script")
    stored = AccessToken.objects.filter(pk=token.pk).values()[0]
    assert plaintext not in {str(value) for value in stored.values()}
    assert stored["secret_hash"] == hashlib.sha256(plaintext.encode()).hexdigest()
    assert plaintext.startswith(f"nc_{token.prefix}_")


def test_no_token_answers_401_with_the_scheme_to_use(db):
    response = ApiClient().get(REQUESTS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer nc_0123456789_forged", "Bearer not-a-token", "Bearer a b", "Bearer", "Bearer \xe9"],
)
def test_a_forged_or_malformed_token_answers_401(header, alice):
    response = Client().get(REQUESTS, headers={"Authorization": header})
    assert response.status_code == 401


def test_a_token_with_a_wrong_secret_answers_401(alice, team):
    token, plaintext = AccessToken.issue(user=alice, team=team, name="script")
    response = ApiClient(plaintext[:-2] + "xx").get(REQUESTS)
    assert response.status_code == 401


def test_a_revoked_token_answers_401(alice, team):
    token, plaintext = AccessToken.issue(user=alice, team=team, name="script")
    token.revoke()
    response = ApiClient(plaintext).get(REQUESTS)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_an_expired_token_answers_401(alice, team):
    _token, plaintext = AccessToken.issue(
        user=alice, team=team, name="script", expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = ApiClient(plaintext).get(REQUESTS)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_token_whose_member_left_the_team_answers_401(token_for, bob, team):
    plaintext = token_for(bob, team)
    Membership.objects.filter(user=bob, team=team).delete()
    response = ApiClient(plaintext).post(REQUESTS, NEW_REQUEST)
    assert response.status_code == 401
    assert not team.connection_requests.exists()


def test_a_token_of_a_disabled_account_answers_401(token_for, bob, team):
    plaintext = token_for(bob, team)
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    assert ApiClient(plaintext).get(REQUESTS).status_code == 401


def test_a_token_cannot_be_issued_for_a_team_its_user_is_not_in(mallory, team):
    with pytest.raises(ValueError):
        AccessToken.issue(user=mallory, team=team, name="sneaky")


def test_a_read_only_token_reads_but_gets_403_on_writes(api, alice, team):
    client = api(alice, read_only=True)
    assert client.get(REQUESTS).status_code == 200
    assert client.post(REQUESTS, NEW_REQUEST).status_code == 403
    assert not team.connection_requests.exists()


def test_a_read_only_members_token_gets_403_on_writes(api, carol, team):
    client = api(carol)
    assert client.get(REQUESTS).status_code == 200
    assert client.post(REQUESTS, NEW_REQUEST).status_code == 403
    assert not team.connection_requests.exists()


def test_a_token_acts_in_its_own_team_whatever_team_the_user_last_opened(
    token_for, alice, team, mallory
):
    """Alice joins mallory's team and switches to it in the browser; her token for her own
    team still reads her own team's requests."""
    other = mallory.last_team
    Membership.objects.create(team=other, user=alice, role="member")
    alice.last_team = other
    alice.save(update_fields=["last_team"])
    ApiClient(token_for(alice, team)).post(REQUESTS, NEW_REQUEST)
    assert team.connection_requests.count() == 1
    assert not other.connection_requests.exists()


def test_use_is_noted_on_the_token(alice, team):
    token, plaintext = AccessToken.issue(user=alice, team=team, name="script")
    assert token.last_used_at is None
    ApiClient(plaintext).get(REQUESTS)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_session_is_accepted_with_its_csrf_check(alice, team):
    """Same-origin pages may use the session; a write without the CSRF token is refused."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get(REQUESTS).status_code == 200
    response = client.post(REQUESTS, NEW_REQUEST, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not team.connection_requests.exists()
