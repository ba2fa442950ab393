"""The inbox's counts are tallies the database keeps (``network.inbox.counts``): right after
every kind of change of a request, whatever made it, as the transaction sees it, and read
without counting the team's requests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.inbox.counts import inbox_counts
from network.inbox.reversal import connection_request_undo
from network.inbox.services import (
    connection_request_accept,
    connection_request_decide,
    wake_due_requests,
)
from network.models import OPEN_STATES, ConnectionRequest
from tests.network.inbox.helpers import HTMX, received

pytestmark = pytest.mark.django_db(transaction=True)


def counted(team_id: int) -> dict[tuple[str, str], int]:
    return {
        (state, network): total
        for state, network, total in ConnectionRequest.objects.filter(
            team_id=team_id, state__in=OPEN_STATES
        )
        .values_list("state", "network")
        .annotate(total=Count("*"))
        .order_by()
    }


def test_after_every_kind_of_change_the_tallies_are_the_counted_ones(team, alice, mallory):
    received(mallory.last_team, mallory, "Eve", minutes_ago=1)  # another team's, apart
    requests = [
        received(team, alice, f"Person {index}", minutes_ago=index, network=network)
        for index, network in enumerate(["linkedin", "facebook", "x", "linkedin", "instagram"])
    ]
    assert (
        inbox_counts(team.pk)
        == counted(team.pk)
        == {
            ("new", "linkedin"): 2,
            ("new", "facebook"): 1,
            ("new", "x"): 1,
            ("new", "instagram"): 1,
        }
    )
    steps = [
        ("decline", 0, {}),
        ("archive", 1, {}),
        ("reopen", 0, {}),
        ("accept", 2, {"access": "restricted"}),
        ("snooze", 3, {"until": timezone.now() + timedelta(days=1)}),
        ("undo", 2, {}),
    ]
    for action, index, extra in steps:
        found = ConnectionRequest.objects.get(pk=requests[index].pk)
        if action == "accept":
            connection_request_accept(connection_request=found, actor=alice, **extra)
        elif action == "undo":
            connection_request_undo(connection_request=found, actor=alice)
        else:
            connection_request_decide(action=action, connection_request=found, actor=alice, **extra)
        assert inbox_counts(team.pk) == counted(team.pk), action
    ConnectionRequest.objects.filter(pk=requests[3].pk).update(snoozed_until=timezone.now())
    assert wake_due_requests() == 1
    assert inbox_counts(team.pk) == counted(team.pk)
    # Written by a queryset (no signal, no save): counted all the same.
    ConnectionRequest.objects.filter(team=team, network="linkedin").update(network="viadeo")
    ConnectionRequest.objects.filter(pk=requests[4].pk).delete()
    assert inbox_counts(team.pk) == counted(team.pk)
    assert ("new", "viadeo") in inbox_counts(team.pk)
    # A network no form offers (legacy data, raw SQL): counted as the list shows it.
    ConnectionRequest.objects.filter(pk=requests[2].pk).update(network="mastodon")
    assert inbox_counts(team.pk) == counted(team.pk)
    assert ("new", "mastodon") in inbox_counts(team.pk)
    assert inbox_counts(mallory.last_team.pk) == {("new", "linkedin"): 1}


def test_a_transaction_sees_its_decision_and_a_rollback_takes_it_back(team, alice):
    marie = received(team, alice, "Marie Lefèbvre", minutes_ago=1)

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        connection_request_decide(action="decline", connection_request=marie, actor=alice)
        assert inbox_counts(team.pk) == {}
        raise Undone
    assert inbox_counts(team.pk) == {("new", "linkedin"): 1}


def test_the_page_after_a_decision_counts_no_request(team, alice):
    marie = received(team, alice, "Marie Lefèbvre", minutes_ago=1)
    received(team, alice, "Paul Newman", minutes_ago=2, network="facebook")
    client = Client()
    client.force_login(alice)
    with CaptureQueriesContext(connection) as action:
        response = client.post(reverse("request_decline", args=[marie.pk]), headers=HTMX)
    counting = [
        query["sql"]
        for query in action.captured_queries
        if "COUNT(" in query["sql"] and "network_connectionrequest" in query["sql"]
    ]
    assert counting == []
    html = response.content.decode()
    assert '>To decide <span class="badge text-bg-light">1</span>' in html
    assert '>New <span class="badge text-bg-light">1</span>' in html
