"""Connection requests through the API: the inbox's list and filters, arrival (once), and the
decisions with the inbox's rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from network.models import ConnectionRequest, Contact, NetworkProfile, RequestEvent
from tests.network.inbox.helpers import MARIE_URL, category, received

pytestmark = pytest.mark.django_db

REQUESTS = "/api/v1/requests/"


def _action(pk: int, name: str) -> str:
    return f"{REQUESTS}{pk}/{name}/"


# The list


def test_the_list_shows_open_requests_newest_first(api, alice, team):
    received(team, alice, "Old Open", minutes_ago=30)
    received(team, alice, "New Open", minutes_ago=5)
    received(team, alice, "Done Declined", minutes_ago=1, state="declined")
    names = [row["sender_name"] for row in api(alice).get(REQUESTS).json()["results"]]
    assert names == ["New Open", "Old Open"]


def test_the_list_takes_the_inboxs_filters(api, alice, team):
    received(team, alice, "Luc Besson", minutes_ago=5, network="x")
    received(team, alice, "Hélène Durand", minutes_ago=10, message="On s'est vus au salon")
    received(team, alice, "Dan Declined", minutes_ago=15, state="declined")
    client = api(alice)

    def names(**params) -> list[str]:
        return [row["sender_name"] for row in client.get(REQUESTS, params).json()["results"]]

    assert names(network="x") == ["Luc Besson"]
    assert names(q="helene") == ["Hélène Durand"]  # accents ignored, as in the inbox
    assert names(message="1") == ["Hélène Durand"]
    assert names(state="declined") == ["Dan Declined"]
    assert len(names(state="all")) == 3


@pytest.mark.parametrize(
    ("param", "value"), [("state", "nonsense"), ("network", "myspace"), ("match", "2")]
)
def test_a_filter_the_inbox_does_not_offer_answers_400_naming_it(param, value, api, alice):
    response = api(alice).get(REQUESTS, {param: value})
    assert response.status_code == 400
    assert param in response.json()


def test_a_nul_byte_in_the_search_answers_400(api, alice):
    response = api(alice).get(REQUESTS, {"q": "a\x00b"})
    assert response.status_code == 400
    assert "q" in response.json()


def test_the_list_pages_with_a_cursor_that_holds_while_requests_arrive(api, alice, team):
    for minutes in range(5):
        received(team, alice, f"Person {minutes}", minutes_ago=10 + minutes)
    client = api(alice)
    first = client.get(REQUESTS, {"page_size": 2}).json()
    assert [row["sender_name"] for row in first["results"]] == ["Person 0", "Person 1"]
    received(team, alice, "Newcomer", minutes_ago=0)  # arrives between two pages
    second = client.client.get(first["next"], headers=client.headers).json()
    assert [row["sender_name"] for row in second["results"]] == ["Person 2", "Person 3"]


def test_the_list_costs_the_same_queries_for_2_and_for_20_requests(api, alice, team):
    client = api(alice)
    client.get(REQUESTS)  # the token's first use is noted (once a minute at most)
    for minutes in range(2):
        received(team, alice, f"Person {minutes}", minutes_ago=minutes + 1)
    with CaptureQueriesContext(connection) as two:
        client.get(REQUESTS)
    for minutes in range(2, 20):
        received(team, alice, f"Person {minutes}", minutes_ago=minutes + 1)
    with CaptureQueriesContext(connection) as twenty:
        assert len(client.get(REQUESTS).json()["results"]) == 20
    assert len(twenty) == len(two)


def test_another_teams_request_is_404(api, alice, mallory, team):
    theirs = received(team, alice, "Marie", minutes_ago=5)
    assert api(mallory).get(f"{REQUESTS}{theirs.pk}/").status_code == 404
    assert api(alice).get(f"{REQUESTS}{theirs.pk}/").json()["sender_name"] == "Marie"


# Arrival


def test_a_new_request_is_created_with_201(api, alice, team):
    response = api(alice).post(
        REQUESTS,
        {
            "profile_url": MARIE_URL,
            "sender_name": "Marie Lefebvre",
            "headline": "Purchasing manager at Acme",
            "message": "Bonjour,\nnous nous sommes vus au salon.",
            "mutual_connections": 3,
            "has_photo": True,
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "new"
    assert body["network"] == "linkedin"
    stored = ConnectionRequest.objects.get(pk=body["id"])
    assert stored.team == team and stored.owner == alice
    assert stored.handle == "marie-lefebvre-42"
    assert stored.mutual_connections == 3
    assert stored.events.filter(action="received").count() == 1


def test_the_same_open_request_sent_twice_is_returned_not_doubled(api, alice, team):
    client = api(alice)
    first = client.post(REQUESTS, {"profile_url": MARIE_URL, "sender_name": "Marie"})
    again = client.post(
        REQUESTS, {"profile_url": MARIE_URL.upper().replace("HTTPS", "https"), "sender_name": "M"}
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert team.connection_requests.count() == 1


def test_a_request_decided_before_does_not_stop_a_new_one(api, alice, team):
    received(team, alice, "Marie", minutes_ago=60, address=MARIE_URL, state="declined")
    response = api(alice).post(REQUESTS, {"profile_url": MARIE_URL, "sender_name": "Marie"})
    assert response.status_code == 201
    assert team.connection_requests.count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"profile_url": MARIE_URL}, "sender_name"),
        ({"sender_name": "Marie"}, "profile_url"),
        ({"profile_url": "https://example.org/nobody", "sender_name": "Marie"}, "profile_url"),
        ({"profile_url": MARIE_URL, "sender_name": "Marie\nLefebvre"}, "sender_name"),
        ({"profile_url": MARIE_URL, "sender_name": "Marie", "email": "not-an-email"}, "email"),
        (
            {"profile_url": MARIE_URL, "sender_name": "M", "mutual_connections": -1},
            "mutual_connections",
        ),
        ({"profile_url": MARIE_URL, "sender_name": "M", "network": "myspace"}, "network"),
        ({"profile_url": MARIE_URL, "sender_name": "x" * 201}, "sender_name"),
        (
            {
                "profile_url": MARIE_URL,
                "sender_name": "M",
                "received_at": (timezone.now() + timedelta(days=1)).isoformat(),
            },
            "received_at",
        ),
    ],
)
def test_a_missing_or_invalid_field_answers_400_naming_it(body, field, api, alice, team):
    response = api(alice).post(REQUESTS, body)
    assert response.status_code == 400
    assert field in response.json()
    assert not team.connection_requests.exists()


@pytest.mark.parametrize("body", ['{"sender_name": "Marie"', "[1, 2]", "null", "\xff"])
def test_a_malformed_body_answers_400(body, api, alice, team):
    response = api(alice).post(REQUESTS, body)
    assert response.status_code == 400
    assert not team.connection_requests.exists()


def test_a_request_with_only_a_network_is_recorded(api, alice, team):
    response = api(alice).post(REQUESTS, {"network": "facebook", "sender_name": "Jean Dupont"})
    assert response.status_code == 201
    assert response.json()["network"] == "facebook"


# Decisions


@pytest.fixture
def marie(alice, team):
    return received(team, alice, "Marie Lefebvre", minutes_ago=5, address=MARIE_URL)


def test_accept_creates_the_contact_with_the_categories(api, alice, team, marie):
    school = category(team, "school")
    response = api(alice).post(_action(marie.pk, "accept"), {"categories": [school.pk]})
    assert response.status_code == 200
    assert response.json()["state"] == "accepted"
    assert response.json()["access_granted"] == "full"
    contact = Contact.objects.get(pk=response.json()["contact"])
    assert contact.team == team
    assert contact.tags.filter(category=school).exists()
    assert NetworkProfile.objects.get(contact=contact).access == "full"


def test_accept_limited_grants_a_restricted_list_by_default(api, alice, marie):
    response = api(alice).post(_action(marie.pk, "accept-limited"))
    assert response.status_code == 200
    assert response.json()["access_granted"] == "restricted"


def test_accept_limited_refuses_full_access(api, alice, marie):
    response = api(alice).post(_action(marie.pk, "accept-limited"), {"access": "full"})
    assert response.status_code == 400
    assert "access" in response.json()
    marie.refresh_from_db()
    assert marie.state == "new"


def test_another_teams_category_is_not_tagged(api, alice, mallory, marie):
    theirs = category(mallory.last_team, "school")
    response = api(alice).post(_action(marie.pk, "accept"), {"categories": [theirs.pk]})
    assert response.status_code == 200
    assert not Contact.objects.get(pk=response.json()["contact"]).tags.exists()


@pytest.mark.parametrize(
    ("action", "state"), [("decline", "declined"), ("clarify", "asked"), ("archive", "archived")]
)
def test_one_step_decisions_move_the_request(action, state, api, alice, marie):
    response = api(alice).post(_action(marie.pk, action))
    assert response.status_code == 200
    assert response.json()["state"] == state
    marie.refresh_from_db()
    assert marie.state == state
    assert RequestEvent.objects.filter(connection_request=marie, actor=alice).exists()


def test_snooze_until_a_moment(api, alice, marie):
    until = timezone.now() + timedelta(days=3)
    response = api(alice).post(_action(marie.pk, "snooze"), {"until": until.isoformat()})
    assert response.status_code == 200
    marie.refresh_from_db()
    assert marie.state == "snoozed"
    assert abs(marie.snoozed_until - until) < timedelta(seconds=1)


@pytest.mark.parametrize("until", [None, "tomorrow", "2001-01-01T08:00:00Z"])
def test_snooze_needs_a_moment_in_the_future(until, api, alice, marie):
    body = {} if until is None else {"until": until}
    response = api(alice).post(_action(marie.pk, "snooze"), body)
    assert response.status_code == 400
    assert "until" in response.json()
    marie.refresh_from_db()
    assert marie.state == "new"


def test_reopen_brings_a_decided_request_back_and_keeps_what_accepting_added(api, alice, marie):
    client = api(alice)
    contact_id = client.post(_action(marie.pk, "accept")).json()["contact"]
    response = client.post(_action(marie.pk, "reopen"))
    assert response.status_code == 200
    assert response.json()["state"] == "new"
    assert Contact.objects.filter(pk=contact_id).exists()


def test_reopen_removes_what_it_is_told_to(api, alice, marie):
    client = api(alice)
    contact_id = client.post(_action(marie.pk, "accept")).json()["contact"]
    response = client.post(_action(marie.pk, "reopen"), {"remove": ["contact"]})
    assert response.status_code == 200
    assert response.json()["contact"] is None
    assert not Contact.objects.filter(pk=contact_id, archived_at__isnull=True).exists()


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("declined", "accept"),
        ("declined", "decline"),
        ("asked", "clarify"),
        ("new", "reopen"),
        ("archived", "archive"),
        ("asked", "snooze"),
    ],
)
def test_an_illegal_transition_answers_409_with_a_sentence(state, action, api, alice, team):
    found = received(team, alice, "Marie", minutes_ago=5, state=state)
    events = found.events.count()
    body = {"until": (timezone.now() + timedelta(days=1)).isoformat()} if action == "snooze" else {}
    response = api(alice).post(_action(found.pk, action), body)
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert detail.endswith(".") and " " in detail
    found.refresh_from_db()
    assert found.state == state
    assert found.events.count() == events


def test_the_refusal_speaks_the_members_language(api, alice, team):
    alice.language = "fr"
    alice.save(update_fields=["language"])
    found = received(team, alice, "Marie", minutes_ago=5, state="declined")
    response = api(alice).post(_action(found.pk, "decline"))
    assert response.status_code == 409
    assert "n'est pas possible" in response.json()["detail"]


def test_decisions_on_another_teams_request_are_404_and_change_nothing(api, alice, mallory, marie):
    for action in ("accept", "accept-limited", "decline", "clarify", "archive", "reopen"):
        assert api(mallory).post(_action(marie.pk, action)).status_code == 404
    marie.refresh_from_db()
    assert marie.state == "new"


def test_a_decision_answers_405_to_a_get(api, alice, marie):
    assert api(alice).get(_action(marie.pk, "accept")).status_code == 405
