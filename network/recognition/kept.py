"""The suggestions shown for a request, kept so that opening it again (or opening it after
the task recognised it on arrival) does not recognise its sender again.

What is kept is what ``rank`` finds: the contacts' ids, scores and weights and the reasons
the comparison gives, as messages and values (``Reason.parts``), said again in the reader's
language: what the task kept when the request arrived serves every member. Its key holds the
team, the request, what the request tells of its sender (a digest of the query: an edited
request is another entry) and the team's suggestions version. That version is replaced
by every change of what recognition reads (``forget_suggestions``: the signals of contacts
and of their former names, emails, profiles and how-we-met tags; a change of keys, which
imports and restores announce; see ``network/apps.py``), so an entry is never read after
such a change. What may change without touching the version is read again at each use: the
contacts themselves (a contact gone makes the entry useless), whether they are archived,
and who knows them, which depends on who looks (``describe``).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache as cache_result
from pathlib import Path

from django.core.cache import cache
from django.db import connection

from config.prepared import PreparedRead
from network.models import ConnectionRequest, Contact
from network.recognition.candidates import redis_unless_set, suggestions_version
from network.recognition.matching import Query, Suggestion, as_suggested, rank
from network.recognition.reasons import Reason


@cache_result
def _scheme() -> str:
    """The entry's shape and the code that made it (read once, when first needed)."""
    return f"1.{_code_digest()}"


def _code_digest() -> str:
    """A digest of the code that makes suggestions (this package and ``network.text``): a
    deployment that changes how contacts are ranked or reasons are worded keeps nothing
    made by the code before it, though no contact changed."""
    digest = hashlib.blake2b(digest_size=6)
    for folder in (Path(__file__).parent, Path(__file__).parent.parent / "text"):
        for source in sorted(folder.glob("*.py")):
            digest.update(source.name.encode() + source.read_bytes())
    return digest.hexdigest()


# The version, not the time limit, keeps entries fresh: the limit bounds the memory they take.
SECONDS = 86400


def suggestions_cached() -> bool:
    """Suggestions are kept in Redis only: the file cache of ``make run`` lists its folder
    at each write and evicts at random past 300. ``RECOGNITION_CACHE_SUGGESTIONS`` (True or
    False) overrides the choice."""
    return redis_unless_set("RECOGNITION_CACHE_SUGGESTIONS")


def entry_key(connection_request: ConnectionRequest, query: Query, version: str) -> str:
    told = [
        query.name,
        query.company,
        query.email,
        query.url,
        query.network,
        query.headline,
        query.message,
        query.city,
    ]
    digest = hashlib.blake2b(json.dumps(told).encode(), digest_size=16).hexdigest()
    return (
        f"recognition:suggestions:{_scheme()}:{connection_request.team_id}:{version}:"
        f"{connection_request.pk}:{digest}"
    )


def ranked(connection_request: ConnectionRequest, query: Query) -> list[Suggestion]:
    """``rank`` for the request's sender, from the cache when it holds them for the team's
    current version. Never inside a transaction: what it sees may be rolled back, or be
    changed by it before the version is replaced on commit."""
    team = connection_request.team
    if connection.in_atomic_block or not suggestions_cached():
        return rank(team, query)
    # Read before any row: what is found is kept under the version it was made from.
    key = entry_key(connection_request, query, suggestions_version(team.pk))
    kept = cache.get(key)
    if kept is not None:
        suggestions = _rebuilt(team, kept)
        if suggestions is not None:
            return suggestions
    suggestions = rank(team, query)
    rows = [
        (entry.contact.pk, entry.score, entry.weight, [reason.parts() for reason in entry.reasons])
        for entry in suggestions
    ]
    cache.set(key, rows, SECONDS)
    return suggestions


# The contacts of suggestions kept, read with SQL compiled once: through ``in_bulk`` a
# queryset was built and compiled at every opening of a request (1.5 ms, against 0.36 ms
# for the query itself, five contacts among 100,000).
_KEPT_CONTACTS = PreparedRead(
    lambda pks: as_suggested(Contact.objects.filter(pk__in=pks)), listed=True
)


def _rebuilt(team, rows: list[tuple]) -> list[Suggestion] | None:
    """The suggestions kept, on the contacts as they are now; None if one is gone (or, were
    an entry ever read for another team, is not the team's)."""
    if not rows:
        return []
    read = _KEPT_CONTACTS.many([row[0] for row in rows])
    contacts = {contact.pk: contact for contact in read if contact.team_id == team.pk}
    if len(contacts) != len(rows):
        return None
    return [
        Suggestion(contacts[pk], score, [Reason.again(parts) for parts in reasons], weight=weight)
        for pk, score, weight, reasons in rows
    ]
