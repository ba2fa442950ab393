"""The inbox's counts with Redis (``network.inbox.counts``): a decision moves one unit instead
of counting everything again, and counts read while a change is under way are never kept.

These run on a real Redis (a database of its own, keys under a prefix of their own), outside
a test transaction: the moves happen once a transaction commits."""

from __future__ import annotations

import uuid
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.inbox import counts
from network.inbox.reversal import connection_request_undo
from network.inbox.services import connection_request_accept, connection_request_decide
from network.models import ConnectionRequest
from tests.network.inbox.helpers import (
    HTMX,
    counts_shown,
    decline_while_the_inbox_is_read,
    received,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _own_database(url: str) -> str:
    """The same Redis, another database than the broker's (clearing it would empty queues)."""
    parts = urlsplit(url)
    broker = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{14 if broker == 13 else 13}"))


@pytest.fixture
def redis_counts(settings, redis_service):
    prefix = f"counts-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _own_database(redis_service),
            "KEY_PREFIX": prefix,
        }
    }
    assert counts.moves_counted()
    yield
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)


def _count_queries(queries) -> int:
    return sum(
        'COUNT(*) AS "total"' in query["sql"] and "network_connectionrequest" in query["sql"]
        for query in queries
    )


def _stored(team_id: int) -> dict:
    key = cache.make_and_validate_key(counts._moved_key(team_id))
    return cache._cache.get_client(key, write=True).hgetall(key)


def test_a_decision_moves_a_unit_and_the_page_after_it_counts_nothing(redis_counts, team, alice):
    marie = received(team, alice, "Marie Lefèbvre", minutes_ago=1)
    received(team, alice, "Paul Newman", minutes_ago=2, network="facebook")
    client = Client()
    client.force_login(alice)
    assert counts_shown(client.get(reverse("inbox")))["new"] == 2  # counted, then kept
    with CaptureQueriesContext(connection) as action:
        response = client.post(reverse("request_decline", args=[marie.pk]), headers=HTMX)
    assert _count_queries(action.captured_queries) == 0
    html = response.content.decode()
    assert '>To decide <span class="badge text-bg-light">1</span>' in html
    assert '>New <span class="badge text-bg-light">1</span>' in html
    assert counts.inbox_counts(team.pk) == counts._counted(team.pk)


def test_after_every_kind_of_decision_the_kept_counts_are_the_counted_ones(
    redis_counts, team, alice
):
    requests = [
        received(team, alice, f"Person {index}", minutes_ago=index, network=network)
        for index, network in enumerate(["linkedin", "facebook", "x", "linkedin", "instagram"])
    ]
    counts.inbox_counts(team.pk)
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
        assert _stored(team.pk), f"after {action}, the counts were dropped, not moved"
        assert counts.inbox_counts(team.pk) == counts._counted(team.pk), action


def test_counts_read_while_a_decision_is_saved_are_right_once_it_commits(
    redis_counts, team, alice, bob
):
    """A reader on another connection counts before the decision commits: what it keeps is
    either refused or moved once, never moved twice nor left without the decision."""
    marie = received(team, alice, "Marie Lefèbvre", minutes_ago=1)
    received(team, alice, "Paul Newman", minutes_ago=2)
    reader = Client()
    reader.force_login(bob)
    assert counts_shown(reader.get(reverse("inbox")))["new"] == 2
    counts.forget_inbox_counts(team.pk)  # the reader below counts afresh

    decline_while_the_inbox_is_read(marie, alice, reader)
    assert counts_shown(reader.get(reverse("inbox")))["new"] == 1
    assert counts.inbox_counts(team.pk) == counts._counted(team.pk)


def test_counts_kept_after_a_decision_is_saved_are_dropped_when_it_commits(
    redis_counts, team, alice
):
    """A reader that reads the generation after the save and counts after the commit keeps
    counts that already hold the decision: moving them again would count it twice."""
    marie = received(team, alice, "Marie Lefèbvre", minutes_ago=1)
    received(team, alice, "Paul Newman", minutes_ago=2)
    counts.inbox_counts(team.pk)
    generation_key = cache.make_and_validate_key(counts._generation_key(team.pk))
    with transaction.atomic():
        connection_request_decide(action="decline", connection_request=marie, actor=alice)
        generation = cache._cache.get_client(write=True).get(generation_key)
        holding_it = counts._counted(team.pk)  # as counted once the decision is committed
        fields = [
            item for (state, net), total in holding_it.items() for item in (f"{state}|{net}", total)
        ]
        assert counts._run(counts._STORE, team.pk, generation, 60, *fields) == 1
    assert counts.inbox_counts(team.pk) == counts._counted(team.pk)
    assert counts.inbox_counts(team.pk)[("new", "linkedin")] == 1


def test_a_rolled_back_decision_moves_nothing(redis_counts, team, alice):
    marie = received(team, alice, "Marie Lefèbvre", minutes_ago=1)
    before = counts.inbox_counts(team.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        connection_request_decide(action="decline", connection_request=marie, actor=alice)
        raise RuntimeError("refused later in the same transaction")
    assert counts.inbox_counts(team.pk) == before == counts._counted(team.pk)


# The scripts' rules, on their own (the races they guard against are too narrow to force
# through pages).


def test_counts_are_not_stored_if_the_generation_moved_since_it_was_read(redis_counts, team):
    counts._run(counts._FORGET, team.pk)  # generation 1
    assert counts._run(counts._STORE, team.pk, b"0", 60, "new|x", 3) == 0
    assert not _stored(team.pk)
    assert counts._run(counts._STORE, team.pk, b"1", 60, "new|x", 3) == 1
    assert _stored(team.pk)[b"new|x"] == b"3"


def test_a_move_applies_only_to_counts_stored_before_its_save(redis_counts, team):
    assert counts._run(counts._STORE, team.pk, b"0", 60, "new|x", 3) == 1
    taken = counts._run("return redis.call('INCR', KEYS[2])", team.pk)  # the save: 1
    assert counts._run(counts._MOVE, team.pk, taken, "new|x", -1, "asked|x", 1) == 1
    assert _stored(team.pk)[b"new|x"] == b"2" and _stored(team.pk)[b"asked|x"] == b"1"
    # Counts stored after a save may already hold its change: the move drops them.
    generation = cache._cache.get_client(write=True).get(
        cache.make_and_validate_key(counts._generation_key(team.pk))
    )
    taken = counts._run("return redis.call('INCR', KEYS[2])", team.pk)
    assert counts._run(counts._STORE, team.pk, str(taken).encode(), 60, "new|x", 2) == 1
    assert generation is not None
    assert counts._run(counts._MOVE, team.pk, taken, "new|x", -1) == -1
    assert not _stored(team.pk)


def test_a_move_that_would_make_a_count_negative_drops_the_counts(redis_counts, team):
    assert counts._run(counts._STORE, team.pk, b"0", 60, "new|x", 1) == 1
    taken = counts._run("return redis.call('INCR', KEYS[2])", team.pk)
    assert counts._run(counts._MOVE, team.pk, taken, "asked|x", -1) == -2
    assert not _stored(team.pk)


def test_a_move_drops_the_counts_when_the_generation_was_lost_meanwhile(redis_counts, team):
    """The generation evicted (or the cache emptied) between a save and its commit: counts
    stored since under generation 0 may hold the change already, so they are dropped."""
    taken = counts._run("return redis.call('INCR', KEYS[2])", team.pk)  # the save: 1
    cache._cache.get_client(write=True).delete(
        cache.make_and_validate_key(counts._generation_key(team.pk))
    )
    assert counts._run(counts._STORE, team.pk, b"0", 60, "new|x", 1) == 1
    assert counts._run(counts._MOVE, team.pk, taken, "new|x", -1) == -3
    assert not _stored(team.pk)


def test_a_request_saved_as_moved_outside_a_transaction_forgets_the_counts(
    redis_counts, team, alice
):
    """In autocommit the change is visible before any number is taken: nothing is moved."""
    marie = received(team, alice, "Marie Lefèbvre", minutes_ago=1)
    counts.inbox_counts(team.pk)
    assert _stored(team.pk)
    marie.state = "declined"
    marie.save_moved("new")
    assert not _stored(team.pk)
    assert counts.inbox_counts(team.pk) == counts._counted(team.pk)


def test_a_redis_error_after_the_commit_does_not_undo_the_page(
    redis_counts, team, alice, monkeypatch
):
    """The decision is committed: a failing move is logged, the answer still shown."""
    marie = received(team, alice, "Marie Lefèbvre", minutes_ago=1)
    client = Client()
    client.force_login(alice)
    client.get(reverse("inbox"))
    real = counts._run

    def failing(script, team_id, *args):
        if script is counts._MOVE:
            raise ConnectionError("Redis went away")
        return real(script, team_id, *args)

    monkeypatch.setattr(counts, "_run", failing)
    response = client.post(reverse("request_decline", args=[marie.pk]), headers=HTMX)
    assert response.status_code == 200
    assert ConnectionRequest.objects.get(pk=marie.pk).state == "declined"


def test_counts_an_earlier_version_left_in_the_cache_do_not_break_the_inbox(
    redis_counts, team, alice
):
    """Before this scheme, the counts were one pickled value under ``counts_cache_key``:
    still there after an upgrade, they are neither read as a hash nor in the way."""
    received(team, alice, "Marie Lefèbvre", minutes_ago=1)
    cache.set(counts.counts_cache_key(team.pk), {("new", "linkedin"): 7}, 60)
    client = Client()
    client.force_login(alice)
    assert counts_shown(client.get(reverse("inbox")))["new"] == 1


def test_without_redis_a_decision_forgets_the_counts(team, alice, settings):
    """The embedded default (a file cache): forgotten, counted again on the next page."""
    assert not counts.moves_counted()
    marie = received(team, alice, "Marie Lefèbvre", minutes_ago=1)
    counts.inbox_counts(team.pk)
    connection_request_decide(action="decline", connection_request=marie, actor=alice)
    assert cache.get(counts.counts_cache_key(team.pk)) is None
