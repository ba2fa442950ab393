"""Deciding on connection requests: the state machine, snooze and link.

Every (state, action) pair is tried. A legal action moves the request to its target state and
records exactly one event naming who did it, from which state to which; an illegal one raises
``IllegalTransition`` with a sentence naming the action and the state, and leaves the request,
the address book and the history as they were. Accepting and undoing have files of their own.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from network.contacts.services import contact_create
from network.inbox.services import (
    connection_request_decide,
    connection_request_link,
    wake_due_requests,
)
from network.models import (
    OPEN_STATES,
    TRANSITIONS,
    ConnectionRequest,
    IllegalTransition,
)
from tests.network.inbox.helpers_services import (
    ACTION_WORDS,
    CHANGED_FIELDS,
    EXPECTED_TRANSITIONS,
    ILLEGAL,
    LEGAL,
    MARIE_URL,
    NOT_SNOOZED,
    STATE_WORDS,
    VERBS,
    S,
    address_book,
    as_sets,
    events_of,
    in_a_day,
    in_state,
    pair_id,
    received,
    row,
)

pytestmark = pytest.mark.django_db


def test_the_state_machine_is_the_one_the_product_describes():
    assert as_sets(TRANSITIONS) == as_sets(EXPECTED_TRANSITIONS)


def test_every_action_of_the_state_machine_has_a_verb_tried_here():
    assert set(VERBS) == set(TRANSITIONS)


def test_a_request_arrives_new_with_one_received_event(team, alice):
    found = received(team, alice)
    assert (found.state, found.network, found.handle, found.profile_url) == (
        "new",
        "linkedin",
        "marie-lefebvre-42",
        MARIE_URL,
    )
    event = found.events.get()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "received",
        alice,
        "",
        "new",
    )


# Every (state, action) pair


@pytest.mark.parametrize(("state", "action"), LEGAL, ids=[pair_id(p) for p in LEGAL])
def test_a_legal_action_moves_the_request_and_records_one_event(state, action, team, alice, bob):
    found = in_state(team, alice, state)
    before, history = row(found), events_of(found)
    VERBS[action](found, bob)
    after = row(found)
    target = EXPECTED_TRANSITIONS[action][1]
    assert after["state"] == target
    changed = {field for field in after if after[field] != before[field]} - {"state"}
    expected = CHANGED_FIELDS[action]
    assert changed == (expected[state] if isinstance(expected, dict) else expected)
    new = [event for event in events_of(found) if event not in history]
    actor = None if action == "wake" else bob.pk  # the sweep acts on nobody's behalf
    assert [event[1:] for event in new] == [(action, actor, state, target, False)]


@pytest.mark.parametrize(("state", "action"), ILLEGAL, ids=[pair_id(p) for p in ILLEGAL])
def test_an_illegal_action_is_refused_with_a_reason_and_changes_nothing(
    state, action, team, alice, bob
):
    found = in_state(team, alice, state)
    before, book, history = row(found, ignore=()), address_book(team), events_of(found)
    with pytest.raises(IllegalTransition) as refused:
        VERBS[action](found, bob)
    assert str(refused.value) == (
        f"“{ACTION_WORDS[action]}” is not possible on a request that is {STATE_WORDS[state]}."
    )
    assert row(found, ignore=()) == before
    assert address_book(team) == book
    assert events_of(found) == history


@pytest.mark.parametrize("state", NOT_SNOOZED)
def test_the_wake_sweep_leaves_a_request_that_is_not_snoozed_alone(state, team, alice):
    found = in_state(team, alice, state)
    # Even with a date in the past, only the state says the request is asleep.
    ConnectionRequest.objects.filter(pk=found.pk).update(
        snoozed_until=timezone.now() - timedelta(hours=1)
    )
    before, history = row(found, ignore=()), events_of(found)
    assert wake_due_requests(timezone.now()) == 0
    assert row(found, ignore=()) == before
    assert events_of(found) == history


def test_the_wake_sweep_leaves_a_request_snoozed_until_later_alone(team, alice):
    found = received(team, alice)
    connection_request_decide(
        action="snooze", connection_request=found, actor=alice, until=in_a_day()
    )
    assert wake_due_requests(timezone.now()) == 0
    found.refresh_from_db()
    assert found.state == "snoozed"


# Snooze and link


@pytest.mark.parametrize("delta", [timedelta(0), -timedelta(minutes=1), -timedelta(days=3)])
def test_snoozing_until_a_moment_not_in_the_future_is_refused(delta, team, alice):
    found = received(team, alice)
    before, history = row(found, ignore=()), events_of(found)
    with pytest.raises(ValueError, match="Choose a moment in the future."):
        connection_request_decide(
            action="snooze", connection_request=found, actor=alice, until=timezone.now() + delta
        )
    assert row(found, ignore=()) == before
    assert events_of(found) == history


def test_snoozing_records_the_moment_it_comes_back(team, alice):
    found = received(team, alice)
    until = in_a_day()
    connection_request_decide(action="snooze", connection_request=found, actor=alice, until=until)
    found.refresh_from_db()
    assert (found.state, found.snoozed_until) == ("snoozed", until)


@pytest.mark.parametrize("state", OPEN_STATES)
def test_linking_points_the_request_at_a_contact_of_the_team(state, team, alice, bob):
    found = in_state(team, alice, state)
    helene = contact_create(team=team, actor=alice, data={"given_name": "Hélène"})
    connection_request_link(connection_request=found, actor=bob, contact=helene)
    found.refresh_from_db()
    assert (found.contact, found.state) == (helene, state)
    event = found.events.order_by("-pk").first()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "link",
        bob,
        state,
        state,
    )


def test_linking_to_a_contact_of_another_team_is_refused(team, alice, mallory):
    found = received(team, alice)
    theirs = contact_create(team=mallory.last_team, actor=mallory, data={"given_name": "Eve"})
    before, history = row(found, ignore=()), events_of(found)
    with pytest.raises(ValueError, match="another team"):
        connection_request_link(connection_request=found, actor=alice, contact=theirs)
    assert row(found, ignore=()) == before
    assert events_of(found) == history


@pytest.mark.parametrize("state", [S.ACCEPTED, S.DECLINED, S.ARCHIVED])
def test_a_decided_request_cannot_be_linked_to_another_contact(state, team, alice):
    found = in_state(team, alice, state)
    other = contact_create(team=team, actor=alice, data={"given_name": "Other"})
    before, history = row(found, ignore=()), events_of(found)
    with pytest.raises((IllegalTransition, ValueError)):
        connection_request_link(connection_request=found, actor=alice, contact=other)
    assert row(found, ignore=()) == before
    assert events_of(found) == history
