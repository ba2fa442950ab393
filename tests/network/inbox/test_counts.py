"""The counts beside the state tabs and the networks: right for the team, after a decision,
and while a decision is being saved.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.network.inbox.helpers import (
    HTMX,
    assert_counts,
    counts_shown,
    decline_while_the_inbox_is_read,
    received,
)

pytestmark = pytest.mark.django_db


def test_counts_per_state_and_per_network(inbox, login, alice, mallory):
    received(mallory.last_team, mallory, "Eve", minutes_ago=1)  # never counted for alice
    response = login(alice).get(reverse("inbox"))
    assert_counts(
        response,
        {
            "open": 5,
            "new": 3,
            "asked": 1,
            "replied": 1,
            "snoozed": 1,
            "accepted": 1,
            "declined": 1,
            "archived": 1,
        },
    )
    networks = {value: count for value, _label, count in response.context["networks"]}
    assert networks == {
        "linkedin": 2,
        "viadeo": 0,
        "facebook": 1,
        "x": 1,
        "instagram": 1,
        "other": 0,
    }
    html = response.content.decode()
    assert '?state=new">New <span class="badge text-bg-light">3</span>' in html
    assert ">LinkedIn (2)</option>" in html


def test_counts_follow_a_decision(inbox, login, alice):
    client = login(alice)
    client.get(reverse("inbox"))  # counts computed (and perhaps kept) before the decision
    client.post(reverse("request_decline", args=[inbox.marie.pk]), headers=HTMX)
    expected = {"open": 4, "new": 2, "asked": 1, "replied": 1, "snoozed": 1}
    expected |= {"accepted": 1, "declined": 2, "archived": 1}
    assert_counts(client.get(reverse("inbox")), expected)


def test_an_htmx_action_brings_the_counts_on_screen_up_to_date(inbox, login, alice):
    response = login(alice).post(reverse("request_decline", args=[inbox.marie.pk]), headers=HTMX)
    html = response.content.decode()
    assert re.search(r'>To decide <span class="badge text-bg-light">4</span>', html)
    assert re.search(r'>New <span class="badge text-bg-light">2</span>', html)
    assert ">LinkedIn (1)</option>" in html


@pytest.mark.django_db(transaction=True)
def test_counts_stay_right_when_the_inbox_is_read_while_a_decision_is_saved(team, alice, bob):
    marie = received(team, alice, "Marie Lefèbvre", minutes_ago=1)
    received(team, alice, "Paul Newman", minutes_ago=2)
    reader = Client()
    reader.force_login(bob)
    assert counts_shown(reader.get(reverse("inbox")))["new"] == 2

    decline_while_the_inbox_is_read(marie, alice, reader)
    assert counts_shown(reader.get(reverse("inbox")))["new"] == 1
