"""Recognition's key counts are cached per team until a contact's keys change: the detail
pane never suggests from counts a change has made stale, and counts read in a transaction
are never kept (they may be rolled back)."""

from __future__ import annotations

import pytest
from django.db import transaction

from network.contacts.services import contact_create, contact_update
from network.recognition.candidates import counts_cached, key_counts

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _cached(settings):
    # Cached with Redis only (see ``counts_cached``); the rules are the same in the file
    # cache these tests use.
    settings.RECOGNITION_CACHE_KEY_COUNTS = True


def test_counts_are_cached_with_redis_only(settings):
    settings.RECOGNITION_CACHE_KEY_COUNTS = None
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    assert counts_cached()
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}
    }
    assert not counts_cached()


def test_without_redis_counts_are_read_each_time(team, alice, settings, django_assert_num_queries):
    settings.RECOGNITION_CACHE_KEY_COUNTS = False
    add(team, alice, "Marie", "Dupont")
    assert key_counts(team, ["f:dupont"]) == {"f:dupont": 1}
    with django_assert_num_queries(1):
        assert key_counts(team, ["f:dupont"]) == {"f:dupont": 1}


def add(team, actor, given, family, company=""):
    return contact_create(
        team=team,
        actor=actor,
        data={"given_name": given, "family_name": family, "company": company},
    )


def test_counts_are_read_once_then_served_from_the_cache(team, alice, django_assert_num_queries):
    add(team, alice, "Marie", "Dupont")
    assert key_counts(team, ["f:dupont", "f:nobody"]) == {"f:dupont": 1, "f:nobody": 0}
    with django_assert_num_queries(0):
        assert key_counts(team, ["f:dupont", "f:nobody"]) == {"f:dupont": 1, "f:nobody": 0}


def test_a_contact_added_changed_or_deleted_is_counted_at_once(team, alice):
    first = add(team, alice, "Marie", "Dupont")
    assert key_counts(team, ["f:dupont", "f:martin"]) == {"f:dupont": 1, "f:martin": 0}
    add(team, alice, "Paul", "Dupont")
    assert key_counts(team, ["f:dupont", "f:martin"]) == {"f:dupont": 2, "f:martin": 0}
    contact_update(
        contact=first,
        actor=alice,
        data={"given_name": "Marie", "family_name": "Martin"},
        version=first.version,
    )
    assert key_counts(team, ["f:dupont", "f:martin"]) == {"f:dupont": 1, "f:martin": 1}
    first.delete()
    assert key_counts(team, ["f:dupont", "f:martin"]) == {"f:dupont": 1, "f:martin": 0}


def test_counts_read_in_a_rolled_back_transaction_are_not_kept(team, alice):
    add(team, alice, "Marie", "Dupont")
    assert key_counts(team, ["f:dupont"]) == {"f:dupont": 1}

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        add(team, alice, "Paul", "Dupont")
        assert key_counts(team, ["f:dupont"]) == {"f:dupont": 2}
        raise Undone
    assert key_counts(team, ["f:dupont"]) == {"f:dupont": 1}
