"""Bulk actions on the inbox: applied where they apply, counted where they do not, and never
to another team's requests.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.network.inbox.helpers import (
    HTMX,
    WRITERS,
    assert_inbox_body,
    at_8am,
    received,
    snapshot,
    state_of,
    toasts,
    today_for,
)

pytestmark = pytest.mark.django_db


def test_outsider_bulk_action_on_the_other_team_requests_changes_nothing(
    inbox, team, login, mallory
):
    before = snapshot(team)
    response = login(mallory).post(
        reverse("requests_bulk"),
        {"action": "decline", "requests": [inbox.marie.pk, inbox.luc.pk]},
        headers=HTMX,
    )
    assert_inbox_body(response)
    assert toasts(response) == [{"message": "Select requests and an action.", "level": "error"}]
    assert snapshot(team) == before


def bulk(client, action: str, *requests, htmx=True, **extra):
    data = {"action": action, "requests": [found.pk for found in requests], **extra}
    return client.post(reverse("requests_bulk"), data, headers=HTMX if htmx else {})


@pytest.mark.parametrize("who", WRITERS)
def test_bulk_decline_skips_the_requests_it_does_not_apply_to(request, who, inbox, login):
    user = request.getfixturevalue(who)
    # A snoozed request cannot be declined (an asked one can: issue 11, item 3).
    response = bulk(login(user), "decline", inbox.luc, inbox.sam, inbox.zoe)
    assert_inbox_body(response)
    assert [state_of(inbox.luc), state_of(inbox.sam), state_of(inbox.zoe)] == [
        "declined",
        "snoozed",
        "declined",
    ]
    assert inbox.luc.events.order_by("-pk").first().actor == user
    assert toasts(response) == [
        {
            "message": "2 requests updated. 1 was left as it was: the action does not apply to it.",
            "level": "success",
        }
    ]


def test_bulk_archive_counts_every_request_left_as_it_was(inbox, login, alice):
    response = bulk(login(alice), "archive", inbox.marie, inbox.ann, inbox.dan)
    assert [state_of(inbox.marie), state_of(inbox.ann), state_of(inbox.dan)] == [
        "archived",
        "accepted",
        "declined",
    ]
    assert toasts(response) == [
        {
            "message": "1 request updated. 2 were left as they were: the action does not apply "
            "to them.",
            "level": "success",
        }
    ]


def test_bulk_snooze_puts_off_until_tomorrow_morning(inbox, login, bob):
    response = bulk(login(bob), "snooze", inbox.marie, inbox.paul, inbox.jean, when="tomorrow")
    assert [state_of(inbox.marie), state_of(inbox.paul), state_of(inbox.jean)] == [
        "snoozed",
        "snoozed",
        "asked",
    ]
    assert inbox.marie.snoozed_until == at_8am(today_for(bob) + timedelta(days=1), bob)
    assert toasts(response)[0]["message"].startswith("2 requests updated. 1 was left as it was")


def test_bulk_ignores_the_requests_of_another_team(inbox, team, login, alice, mallory):
    theirs = received(mallory.last_team, mallory, "Eve", minutes_ago=1)
    response = bulk(login(alice), "decline", inbox.marie, theirs)
    assert state_of(inbox.marie) == "declined"
    assert state_of(theirs) == "new"
    assert toasts(response) == [{"message": "1 request updated.", "level": "success"}]


@pytest.mark.parametrize(
    "data",
    [
        {"action": "decline"},
        {"action": "accept", "requests": "marie"},
        {"action": "", "requests": "marie"},
        {"action": "snooze", "when": "date", "date": "2000-01-01", "requests": "marie"},
    ],
    ids=["nothing-selected", "accept-is-not-a-bulk-action", "no-action", "snooze-in-the-past"],
)
def test_bulk_without_requests_or_a_usable_action_changes_nothing(data, inbox, team, login, alice):
    data = {**data, "requests": [inbox.marie.pk] if "requests" in data else []}
    before = snapshot(team)
    response = login(alice).post(reverse("requests_bulk"), data, headers=HTMX)
    assert_inbox_body(response)
    assert toasts(response) == [{"message": "Select requests and an action.", "level": "error"}]
    assert snapshot(team) == before


def test_bulk_without_htmx_redirects_to_the_inbox(inbox, login, alice):
    response = bulk(login(alice), "archive", inbox.marie, htmx=False)
    assert response.status_code == 302
    assert response["Location"] == reverse("inbox")
    assert state_of(inbox.marie) == "archived"
