"""Actions the state machine or the form refuses: 409 with the reason as an error toast to
htmx, a redirect to the request that says why otherwise, and nothing changed.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.network.inbox.helpers import (
    HTMX,
    assert_inbox_body,
    category,
    payload,
    selected_in,
    snapshot,
    toasts,
    today_for,
)

pytestmark = pytest.mark.django_db

# Illegal actions: (route, request, reason)
ILLEGAL = {
    "reply-on-new": (
        "request_reply",
        "marie",
        "“Reply received” is not possible on a request that is new.",
    ),
    # A clarification pending no longer blocks a decision (issue 11, item 3): accepting an
    # accepted request is what stays refused.
    "accept-on-accepted": (
        "request_accept",
        "ann",
        "“Accept” is not possible on a request that is accepted.",
    ),
    "ask-on-replied": (
        "request_ask",
        "zoe",
        "“Ask how we met” is not possible on a request that is reply received.",
    ),
    "decline-on-accepted": (
        "request_decline",
        "ann",
        "“Decline” is not possible on a request that is accepted.",
    ),
    "snooze-on-snoozed": (
        "request_snooze",
        "sam",
        "“Snooze” is not possible on a request that is snoozed.",
    ),
    "archive-on-declined": (
        "request_archive",
        "dan",
        "“Archive” is not possible on a request that is declined.",
    ),
    "undo-on-received": (
        "request_undo",
        "marie",
        "There is nothing to undo on this request.",
    ),
}


@pytest.mark.parametrize("case", sorted(ILLEGAL))
def test_htmx_illegal_action_answers_409_with_the_reason_and_changes_nothing(
    case, inbox, team, login, bob
):
    route, target, reason = ILLEGAL[case]
    found = getattr(inbox, target)
    before = snapshot(team)
    response = login(bob).post(reverse(route, args=[found.pk]), payload(inbox), headers=HTMX)
    assert_inbox_body(response, status=409)
    assert toasts(response) == [{"message": reason, "level": "error"}]
    assert selected_in(response) == found.pk  # the request stays open
    assert snapshot(team) == before


@pytest.mark.parametrize("case", sorted(ILLEGAL))
def test_illegal_action_without_htmx_redirects_to_the_request_and_says_why(
    case, inbox, team, login, alice
):
    route, target, reason = ILLEGAL[case]
    found = getattr(inbox, target)
    before = snapshot(team)
    client = login(alice)
    response = client.post(reverse(route, args=[found.pk]), payload(inbox))
    assert response.status_code == 302
    assert response["Location"] == f"/inbox/?r={found.pk}"
    assert snapshot(team) == before
    page = client.get(response["Location"])
    assert reason in page.content.decode()


# Invalid forms: (route, data, reason)
INVALID = {
    "accept-without-access": ("request_accept", {}, "Choose the access to grant"),
    "accept-with-no-access": ("request_accept", {"access": "none"}, "Choose the access"),
    # The category is refused, but the toast speaks of the access: only the level is checked.
    "accept-with-another-team-category": ("request_accept", "theirs", None),
    "snooze-on-a-past-date": ("request_snooze", "yesterday", "Choose a day after today."),
    "snooze-today": ("request_snooze", "today", "Choose a day after today."),
    "snooze-date-missing": (
        "request_snooze",
        {"when": "date"},
        "Choose the day it should come back.",
    ),
    "snooze-unknown-choice": ("request_snooze", {"when": "someday"}, "Select a valid choice."),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_an_invalid_choice_is_refused_with_the_reason_and_changes_nothing(
    case, inbox, team, login, alice, mallory
):
    route, data, reason = INVALID[case]
    today = today_for(alice)
    if data == "theirs":
        data = {"access": "full", "categories": [category(mallory.last_team, "school").pk]}
    elif isinstance(data, str):
        day = today - timedelta(days=1) if data == "yesterday" else today
        data = {"when": "date", "date": day.isoformat()}
    before = snapshot(team)
    response = login(alice).post(reverse(route, args=[inbox.marie.pk]), data, headers=HTMX)
    assert_inbox_body(response, status=409)
    [toast] = toasts(response)
    assert toast["level"] == "error"
    assert reason is None or reason in toast["message"]
    assert snapshot(team) == before
