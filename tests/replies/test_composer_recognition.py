"""The composer picks its phrase from what recognition stored on the request (its best
match) instead of recognising the sender a second time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.contacts.services import contact_create
from network.inbox.services import connection_request_receive
from network.recognition.services import connection_request_match
from network.text.profiles import parse_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def found(team, alice):
    return connection_request_receive(
        team=team,
        owner=alice,
        sender_name="Marie Lefebvre",
        profile=parse_profile("https://www.linkedin.com/in/marie-lefebvre"),
        headline="Buyer at Acme Distribution",
        language="en",
    )


def compose(client, found):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("composer", args=[found.pk]))
    # Recognition reads the key tallies first (and the keys, when a key has a count).
    recognised = any(
        table in query["sql"]
        for query in queries.captured_queries
        for table in ("network_contactkey", "network_keytally")
    )
    return response.context["intent"], recognised


def test_a_recognised_request_with_a_best_match_asks_how_we_met_without_recognising_again(
    login, alice, team, found
):
    contact = contact_create(
        team=team,
        actor=alice,
        data={"given_name": "Marie", "family_name": "Lefebvre", "company": "Acme Distribution"},
    )
    contact.reindex()
    connection_request_match(found)
    found.refresh_from_db()
    assert found.best_match == contact
    assert compose(login(alice), found) == ("ask_how_met", False)


def test_a_recognised_request_matching_nobody_asks_the_purpose_without_recognising_again(
    login, alice, found
):
    connection_request_match(found)
    assert compose(login(alice), found) == ("ask_purpose", False)


def test_a_request_not_yet_recognised_is_recognised_by_the_composer(login, alice, found):
    # The task that stores the match runs once the transaction commits: not yet here.
    found.refresh_from_db()
    assert found.matched_at is None
    assert compose(login(alice), found) == ("ask_purpose", True)
