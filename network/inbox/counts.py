"""The inbox's counts of open requests per (state, network): the state tabs, the network
filter and the list's total, read on every inbox page.

Counting them is one grouped query over the team's open requests (3 ms at 10,000), so they
are cached. Any change of a request forgets them, now and again once the transaction
commits. With Redis, a decision or its undo (a locked request moved from one state to another
by ``ConnectionRequest.save_moved``) does not: it moves one unit from one count to the other,
so the page shown after a triage action does not count everything again.

Moving a unit is only right if the cached counts did not already include the move, nor miss
an earlier one. Three rules keep it so, each done by a script that Redis runs atomically:

- A generation number goes up when a change is saved (before its transaction commits: the
  change is not visible yet) and again once it commits.
- Counts are stored with the generation read before counting, and only if it has not moved
  since: counts read while a change was under way are never stored.
- Once it commits, a move applies to the counts stored under a generation lower than the one
  its save took (they were counted before it and cannot include it); any other counts are
  dropped, and so are counts that a move would make negative.

The generation itself never expires (one small key per team). If it is lost all the same (the
whole cache emptied, or evicted under memory pressure) while a decision is being saved, the
move finds it at or below the number its save took: it drops the counts rather than apply.
A move needs its save inside a transaction (``save_moved`` runs in one): in autocommit, the
counts are forgotten instead. After the commit, a Redis error is logged and the counts stay
as they were until they expire (``SECONDS``): the decision is done and its page still shown.

Without Redis (the embedded default), counts are forgotten on every change, as before.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.db.models import Count

from network.inbox.models import OPEN_STATES, ConnectionRequest

SECONDS = 600  # a move lost (the process died between commit and the move) lasts this long
READY = "~"  # the field marking a complete set of counts; its value is their generation

_STORE = """
local current = redis.call('GET', KEYS[2]) or '0'
if current ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], '~', ARGV[1], unpack(ARGV, 3))
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1
"""

_MOVE = """
if redis.call('INCR', KEYS[2]) <= tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[1])
  return -3
end
local stored = redis.call('HGET', KEYS[1], '~')
if not stored then return 0 end
if tonumber(stored) >= tonumber(ARGV[1]) then redis.call('DEL', KEYS[1]) return -1 end
for index = 2, #ARGV, 2 do
  if redis.call('HINCRBY', KEYS[1], ARGV[index], ARGV[index + 1]) < 0 then
    redis.call('DEL', KEYS[1])
    return -2
  end
end
return 1
"""

_FORGET = """
redis.call('INCR', KEYS[2])
redis.call('DEL', KEYS[1])
return 1
"""


def counts_cache_key(team_id: int) -> str:
    """The counts as one cached value (without Redis)."""
    return f"inbox-counts:{team_id}"


def _moved_key(team_id: int) -> str:
    """The counts as a Redis hash. Not ``counts_cache_key``: earlier versions left a plain
    value there, which hash commands refuse (WRONGTYPE) until it expires."""
    return f"inbox-counts-moved:{team_id}"


def _generation_key(team_id: int) -> str:
    return f"inbox-counts-generation:{team_id}"


def moves_counted() -> bool:
    """Whether decisions move counts rather than forget them: with Redis, unless
    ``INBOX_COUNTS_MOVED`` (True or False) says otherwise."""
    return isinstance(caches["default"], RedisCache) and getattr(
        settings, "INBOX_COUNTS_MOVED", True
    )


def _run(script: str, team_id: int, *args):
    """Run one of the scripts above on the cache's Redis, on the team's two keys."""
    keys = [
        cache.make_and_validate_key(_moved_key(team_id)),
        cache.make_and_validate_key(_generation_key(team_id)),
    ]
    client = cache._cache.get_client(keys[0], write=True)  # Django's RedisCache client
    return client.eval(script, 2, *keys, *args)


def _field(state: str, network: str) -> str:
    return f"{state}|{network}"


def _counted(team_id: int) -> dict[tuple[str, str], int]:
    return {
        (state, network): total
        for state, network, total in ConnectionRequest.objects.filter(
            team_id=team_id, state__in=OPEN_STATES
        )
        .values_list("state", "network")
        # COUNT(*), not COUNT(id): the (team, state, network) index answers it alone.
        .annotate(total=Count("*"))
        .order_by()
    }


def inbox_counts(team_id: int) -> dict[tuple[str, str], int]:
    """Open requests per (state, network), cached (see the module). Decided and archived
    requests pile up for years: they are listed, never counted."""
    if not moves_counted():
        key = counts_cache_key(team_id)
        counts = cache.get(key)
        if counts is None:
            counts = _counted(team_id)
            cache.set(key, counts, timeout=SECONDS)
        return counts
    if connection.in_atomic_block:  # as this transaction sees them; never stored
        return _counted(team_id)
    key = cache.make_and_validate_key(_moved_key(team_id))
    client = cache._cache.get_client(key, write=True)  # the primary: what was just written
    stored = client.hgetall(key)
    if stored.get(READY.encode()) is not None:
        counts = {}
        for field, value in stored.items():
            if field != READY.encode() and int(value):
                state, network = field.decode().split("|", 1)
                counts[(state, network)] = int(value)
        return counts
    generation = client.get(cache.make_and_validate_key(_generation_key(team_id))) or b"0"
    counts = _counted(team_id)
    fields = [
        item
        for (state, network), total in counts.items()
        for item in (_field(state, network), total)
    ]
    _run(_STORE, team_id, generation, SECONDS, *fields)
    return counts


def forget_inbox_counts(team_id: int) -> None:
    """Called on every change of a team's requests (signals, and after bulk loads).

    Forgotten now, and again once the transaction commits: a page read in between would
    otherwise cache the old counts.
    """
    if moves_counted():
        _run(_FORGET, team_id)
        transaction.on_commit(lambda: _run(_FORGET, team_id), robust=True)
        return
    key = counts_cache_key(team_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def count_move(team_id: int, network: str, before: str, after: str) -> None:
    """A request of ``network`` saved in state ``after`` (it was ``before``): its unit moves
    once the transaction commits (see the module). Without Redis, the counts are forgotten."""
    if not moves_counted() or not connection.in_atomic_block:
        forget_inbox_counts(team_id)
        return
    deltas = []
    if before in OPEN_STATES:
        deltas += [_field(before, network), -1]
    if after in OPEN_STATES:
        deltas += [_field(after, network), 1]
    if before == after or not deltas:
        return
    taken = _run("return redis.call('INCR', KEYS[2])", team_id)
    transaction.on_commit(lambda: _run(_MOVE, team_id, taken, *deltas), robust=True)
