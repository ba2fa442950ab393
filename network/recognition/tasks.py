"""Recognition run by workers: each request's best match, stored for the inbox list, and
how it is enqueued once the transaction commits. Edits of a team's contacts are gathered until
the commit: a burst of edits or a bulk import sends one task per team."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from celery import shared_task
from django.db import transaction

from network.models import ConnectionRequest
from network.recognition.services import connection_request_match, team_rematch


@shared_task(name="network.match_connection_request")
def match_connection_request(connection_request_id: int) -> bool:
    """Recognise a request's sender and store the best suggestion; False if it is gone."""
    connection_request = (
        ConnectionRequest.objects.select_related("team", "contact")
        .filter(pk=connection_request_id)
        .first()
    )
    if connection_request is None:
        return False
    connection_request_match(connection_request)
    return True


@shared_task(name="network.rematch_team")
def rematch_team(team_id: int, contact_ids: list[int], removed_keys: list[str]) -> int:
    """Re-score the team's open requests concerned by a change of these contacts."""
    return team_rematch(team_id, contact_ids, removed_keys)


def match_on_commit(connection_request_id: int) -> None:
    """Recognise a request in a worker once the transaction that created it commits."""
    transaction.on_commit(
        partial(match_connection_request.delay, connection_request_id), robust=True
    )


class _Rematch:
    """The contacts of one team changed in the current transaction: one task once it commits."""

    def __init__(self, team_id: int) -> None:
        self.team_id = team_id
        self.contact_ids: set[int] = set()
        self.removed_keys: set[str] = set()

    def __call__(self) -> None:
        rematch_team.delay(self.team_id, sorted(self.contact_ids), sorted(self.removed_keys))


def rematch_on_commit(*, team_id: int, contact_id: int, removed_keys: Iterable[str] = ()) -> None:
    """Re-score, once the transaction commits, the requests a change of this contact may
    concern. The changes of a team's contacts within one transaction make one task."""
    connection = transaction.get_connection()
    # The batch waiting for this commit, if any. Django starts a new list of commit hooks
    # after a commit or a rollback (of a savepoint too): a batch registered in an older list
    # has run or never will (or, after a savepoint's rollback, still waits: a second batch
    # then goes with it, which costs a task and loses nothing).
    waiting = connection.__dict__.setdefault("netcurate_rematch_batches", {})
    hooks, batch = waiting.get(team_id, (None, None))
    fresh = batch is None or hooks is not connection.run_on_commit or not connection.in_atomic_block
    if fresh:
        batch = _Rematch(team_id)
    batch.contact_ids.add(contact_id)
    batch.removed_keys.update(removed_keys)
    if fresh:
        waiting[team_id] = (connection.run_on_commit, batch)
        transaction.on_commit(batch, robust=True)  # runs at once outside a transaction
