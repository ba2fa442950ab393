"""``config.cache.KeptClientRedisCache`` on a real Redis: it answers every call as Django's
Redis cache does, builds one client per pool instead of one per call, and works in a process
forked after it was used (gunicorn's and Celery's workers are forked)."""

from __future__ import annotations

import os
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache

from config.cache import KeptClientRedisCache


def _session(cache) -> list:
    """What a sequence of the calls the app makes answers."""
    said = [cache.get("absent", "default")]
    cache.set("one", {"n": 1, "text": "é"}, 60)
    said += [cache.get("one"), cache.add("one", "other"), cache.add("two", 2), cache.get("two")]
    cache.set_many({"a": 1, "b": [1, 2]}, 60)
    said += [cache.get_many(["a", "b", "absent"]), cache.incr("a", 5), cache.has_key("b")]
    said += [cache.touch("b", 30), cache.delete("b"), cache.delete("b"), cache.get("b")]
    cache.set("gone", 1, 0)  # a timeout of 0 deletes
    said.append(cache.get("gone", "deleted"))
    return said


@pytest.fixture
def caches(redis_service):
    """A kept-client cache and Django's own, each under a prefix of its own; their keys are
    removed afterwards (the database holds the broker's queues too: no flush)."""
    made = {
        kind: backend(redis_service, {"KEY_PREFIX": f"test-cache-{uuid.uuid4().hex}"})
        for kind, backend in (("kept", KeptClientRedisCache), ("django", RedisCache))
    }
    yield made
    for cache in made.values():
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*"))
        if keys:
            client.delete(*keys)


def test_it_answers_as_djangos_redis_cache(caches):
    kept, django = _session(caches["kept"]), _session(caches["django"])
    assert kept == django
    assert kept[1] == {"n": 1, "text": "é"} and kept[4] == 2 and kept[-1] == "deleted"


def test_one_client_is_built_per_pool(caches):
    kept = caches["kept"]._cache
    first = kept.get_client()
    _session(caches["kept"])
    assert kept.get_client(write=True) is first
    assert len(kept._clients) == 1
    # Django's builds one at each call: what this class spares.
    django = caches["django"]._cache
    assert django.get_client() is not django.get_client()


def test_a_forked_process_uses_the_kept_client(caches):
    cache = caches["kept"]
    cache.set("before", "parent")  # the parent's pool now holds a connection
    child = os.fork()
    if child == 0:  # the child: no pytest, no teardown, only its exit status
        try:
            cache.set("child", os.getpid())
            os._exit(0 if cache.get("before") == "parent" else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert cache.get("child") == child
    assert cache.get("before") == "parent"  # the parent's connection still serves
