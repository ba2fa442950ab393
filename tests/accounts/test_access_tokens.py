"""API tokens from the user's settings and from ``manage.py create_token``: shown once,
stored as a hash, revoked by their owner alone."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import AccessToken
from tests.api.client import ApiClient

pytestmark = pytest.mark.django_db

REQUESTS = "/api/v1/requests/"


def _create(client, team, **fields):
    data = {"name": "Invitations script", "team": team.pk, **fields}
    return client.post(reverse("token_list"), data)


def test_a_token_created_from_the_settings_is_shown_once_and_works(login, alice, team):
    client = login(alice)
    response = _create(client, team)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    plaintext = response.context["created"]["plaintext"]
    assert plaintext in response.content.decode()
    token = AccessToken.objects.get(user=alice)
    assert (token.team, token.name, token.read_only) == (team, "Invitations script", False)
    assert ApiClient(plaintext).get(REQUESTS).status_code == 200
    # Never again: not on the list, not anywhere the page shows.
    assert plaintext not in client.get(reverse("token_list")).content.decode()
    assert token.prefix in client.get(reverse("token_list")).content.decode()


def test_a_read_only_token_with_an_expiry_can_be_asked_for(login, alice, team):
    _create(login(alice), team, read_only="on", expires="30")
    token = AccessToken.objects.get(user=alice)
    assert token.read_only
    assert token.expires_at is not None


def test_a_token_is_made_only_for_a_team_of_the_user(login, alice, mallory):
    response = _create(login(alice), mallory.last_team)
    assert response.status_code == 422
    assert not AccessToken.objects.exists()


def test_a_name_is_needed_on_one_line(login, alice, team):
    assert _create(login(alice), team, name="").status_code == 422
    assert _create(login(alice), team, name="two\nlines").status_code == 422
    assert not AccessToken.objects.exists()


def test_the_page_speaks_french(login, alice, team):
    alice.language = "fr"
    alice.save(update_fields=["language"])
    page = login(alice).get(reverse("token_list")).content.decode()
    assert "Jetons d'API" in page or "Jetons d’API" in page


def test_revoking_a_token_stops_it_at_once(login, alice, team):
    token, plaintext = AccessToken.issue(user=alice, team=team, name="script")
    response = login(alice).post(reverse("token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(plaintext).get(REQUESTS).status_code == 401


def test_nobody_else_revokes_my_token(login, alice, bob, team):
    token, plaintext = AccessToken.issue(user=alice, team=team, name="script")
    assert login(bob).post(reverse("token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiClient(plaintext).get(REQUESTS).status_code == 200


# manage.py create_token


def _command(*arguments: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_token", *arguments, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_the_command_prints_the_token_once(alice, team):
    printed, note = _command("--user", "ALICE@example.org", "--team", team.slug, "--name", "cron")
    token = AccessToken.objects.get(user=alice)
    assert printed.startswith(f"nc_{token.prefix}_")
    assert token.name == "cron" and not token.read_only
    assert "once" in note
    assert ApiClient(printed).get(REQUESTS).status_code == 200


def test_the_command_makes_a_read_only_token(carol, team):
    printed, _note = _command("--user", carol.email, "--team", team.slug, "--read-only")
    assert AccessToken.objects.get(user=carol).read_only
    assert (
        ApiClient(printed).post(REQUESTS, {"network": "x", "sender_name": "X"}).status_code == 403
    )


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["--user", "nobody@example.org", "--team", "TEAM"], "No user"),
        (["--user", "alice@example.org", "--team", "no-such-team"], "No team"),
        (["--user", "mallory@example.net", "--team", "TEAM"], "not a member"),
    ],
)
def test_the_command_refuses_what_cannot_be(arguments, words, alice, team, mallory):
    arguments = [team.slug if value == "TEAM" else value for value in arguments]
    with pytest.raises(CommandError, match=words):
        _command(*arguments)
    assert not AccessToken.objects.exists()
