"""Recognition stored on the requests: each request keeps its best suggestion and score, so
the inbox list can show a "possible match" badge (and filter on it) without recognising every
row, and agree with the detail, which recognises the one request it shows.

The stored value is computed by a task when a request arrives, and again when a contact of
the team changes in a way that may alter it (``network.recognition.tasks``); that task
re-scores only the open requests sharing a lookup key with a changed contact.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from network.models import (
    OPEN_STATES,
    ConnectionRequest,
    ContactEmail,
    ContactKey,
    NetworkProfile,
    RequestKey,
)
from network.recognition.selectors import possible_matches, request_query

BATCH = 500  # ids or keys per IN (...): well under SQLite's limit on parameters


def profile_key(network: str, handle: str) -> str:
    return f"prof:{network}|{handle}"[:255]


def email_key(email: str) -> str:
    return f"mail:{email.strip().lower()}"[:255]


def request_keys(connection_request: ConnectionRequest) -> set[str]:
    """The request's lookup keys: those recognition looks contacts up with, its profile and
    its email."""
    keys = request_query(connection_request).lookup_keys()
    if connection_request.handle:
        keys.add(profile_key(connection_request.network, connection_request.handle))
    if connection_request.email:
        keys.add(email_key(connection_request.email))
    return keys


def connection_request_match(connection_request: ConnectionRequest) -> None:
    """Recognise the sender again and store the best suggestion, its score and the request's
    lookup keys. Idempotent; writes only these fields, so it never undoes a decision taken
    meanwhile."""
    suggestions = possible_matches(connection_request, viewer=None)
    best = suggestions[0] if suggestions else None
    wanted = request_keys(connection_request)
    with transaction.atomic():
        ConnectionRequest.objects.filter(pk=connection_request.pk).update(
            best_match=best.contact if best else None,
            best_score=best.score if best else None,
            matched_at=timezone.now(),
        )
        have = set(connection_request.keys.values_list("key", flat=True))
        if wanted != have:
            connection_request.keys.exclude(key__in=wanted).delete()
            RequestKey.objects.bulk_create(
                RequestKey(
                    team_id=connection_request.team_id,
                    connection_request=connection_request,
                    key=key,
                )
                for key in wanted - have
            )


def _batches(values: Iterable, size: int = BATCH):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def requests_to_rematch(team_id: int, contact_ids: list[int], removed_keys: list[str]) -> set[int]:
    """The team's open requests that the changed contacts may now match or stop matching:
    those sharing a lookup key with them (current or just removed), those whose best match
    they were, and those whose best match was deleted."""
    keys = set(removed_keys)
    for batch in _batches(contact_ids):
        keys.update(ContactKey.objects.filter(contact_id__in=batch).values_list("key", flat=True))
        keys.update(
            profile_key(network, handle)
            for network, handle in NetworkProfile.objects.filter(contact_id__in=batch).values_list(
                "network", "handle"
            )
        )
        keys.update(
            email_key(email)
            for email in ContactEmail.objects.filter(contact_id__in=batch).values_list(
                "email", flat=True
            )
        )
    open_requests = ConnectionRequest.objects.filter(team_id=team_id, state__in=OPEN_STATES)
    found: set[int] = set()
    for batch in _batches(sorted(keys)):
        found.update(
            RequestKey.objects.filter(
                team_id=team_id, key__in=batch, connection_request__state__in=OPEN_STATES
            ).values_list("connection_request_id", flat=True)
        )
    for batch in _batches(contact_ids):
        found.update(open_requests.filter(best_match_id__in=batch).values_list("pk", flat=True))
    found.update(
        open_requests.filter(Q(best_match__isnull=True) & Q(best_score__isnull=False)).values_list(
            "pk", flat=True
        )
    )
    return found


def team_rematch(team_id: int, contact_ids: list[int], removed_keys: list[str]) -> int:
    """Re-score the requests concerned by a change of these contacts; returns how many."""
    pks = requests_to_rematch(team_id, contact_ids, removed_keys)
    for batch in _batches(sorted(pks)):
        for connection_request in ConnectionRequest.objects.filter(pk__in=batch).select_related(
            "team", "contact"
        ):
            connection_request_match(connection_request)
    return len(pks)
