"""Phrases through the API: those a member may use, and one filled for a request by plain
substitution (the sender's text is never read as a template)."""

from __future__ import annotations

import pytest

from replies.models import Phrase
from tests.network.inbox.helpers import received

pytestmark = pytest.mark.django_db

PHRASES = "/api/v1/phrases/"


def _phrase(team, owner=None, body="Bonjour {first_name}, je suis {my_name} ({team}).", **fields):
    return Phrase.objects.create(
        team=team,
        owner=owner,
        title=fields.pop("title", "API"),
        intent=fields.pop("intent", "ask_how_met"),
        language=fields.pop("language", "fr"),
        body=body,
        **fields,
    )


def test_the_list_holds_the_teams_shared_phrases_and_my_own_not_a_colleagues(api, alice, bob, team):
    mine = _phrase(team, owner=alice, title="Mine")
    bobs = _phrase(team, owner=bob, title="Bob's")
    ids = {row["id"] for row in api(alice).get(PHRASES, {"page_size": 200}).json()["results"]}
    assert mine.pk in ids
    assert bobs.pk not in ids
    assert (
        set(
            team.phrases.filter(owner__isnull=True, archived_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        <= ids
    )


def test_the_list_filters_by_intent_and_language(api, alice, team):
    rows = api(alice).get(PHRASES, {"intent": "decline", "language": "en"}).json()["results"]
    assert rows and {(row["intent"], row["language"]) for row in rows} == {("decline", "en")}
    assert api(alice).get(PHRASES, {"intent": "flatter"}).status_code == 400


def test_a_phrase_is_filled_for_a_request_as_plain_text(api, alice, team):
    phrase = _phrase(team, body="Bonjour {full_name}, je suis {my_name} ({team}).")
    found = received(team, alice, "{{ settings.SECRET_KEY }} {my_name}", minutes_ago=5)
    response = api(alice).get(f"{PHRASES}{phrase.pk}/fill/", {"request": found.pk})
    assert response.status_code == 200
    assert response.json()["text"] == (
        "Bonjour {{ settings.SECRET_KEY }} {my_name}, je suis Alice Owner (Alice & Co)."
    )


def test_filling_needs_a_request_of_the_team(api, alice, team, mallory):
    phrase = _phrase(team)
    response = api(alice).get(f"{PHRASES}{phrase.pk}/fill/")
    assert response.status_code == 400
    assert "request" in response.json()
    theirs = received(mallory.last_team, mallory, "Marie", minutes_ago=5)
    assert api(alice).get(f"{PHRASES}{phrase.pk}/fill/", {"request": theirs.pk}).status_code == 404


def test_a_colleagues_personal_phrase_is_404(api, alice, bob, team):
    bobs = _phrase(team, owner=bob)
    found = received(team, alice, "Marie", minutes_ago=5)
    response = api(alice).get(f"{PHRASES}{bobs.pk}/fill/", {"request": found.pk})
    assert response.status_code == 404
