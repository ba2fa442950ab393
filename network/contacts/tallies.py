"""Keeping the key tallies (``KeyTally``) small, and right after a flush.

A tally is the sum of its rows. On PostgreSQL a row is added by each statement that changed
it, so a key that many imports or edits touched has many rows until ``compact_key_tallies``
(a periodic task) sums them into one; on SQLite each key has one row, updated in place.
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction

from network.contacts.models import Contact, ContactKey, KeyTally

# Compactions take turns (a transaction-level advisory lock on PostgreSQL): one that ran
# beside another would skip the rows the other had locked and miss the sum it wrote, and an
# erasure's compaction could leave the name it erased in two rows summing to zero.
_COMPACTING = 0x6B657974  # "keyt"

logger = logging.getLogger(__name__)


def compact_key_tallies(team_id: int | None = None) -> int:
    """Sum each key's rows into one and drop the tallies that came to zero (a contact gone,
    a team deleted), of every team or of one; returns how many rows were removed. Safe
    beside any writer: only the rows this statement sees are summed, a row added meanwhile
    waits for the next time. A key may hold a name: an erasure compacts its team's tallies
    in its own transaction, so that the names of the people erased go with them."""
    table = connection.ops.quote_name(KeyTally._meta.db_table)
    where, params = ("WHERE team_id = %s", [team_id]) if team_id is not None else ("", [])
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_COMPACTING])
            cursor.execute(
                f"WITH many AS (SELECT team_id, key FROM {table} {where} "  # noqa: S608
                "GROUP BY team_id, key HAVING COUNT(*) > 1 OR SUM(n) = 0), "
                f"gone AS (DELETE FROM {table} AS tally USING many "
                "WHERE tally.team_id = many.team_id AND tally.key = many.key "
                "RETURNING tally.team_id, tally.key, tally.n), "
                f"kept AS (INSERT INTO {table} (team_id, key, n) "
                "SELECT team_id, key, SUM(n) FROM gone GROUP BY team_id, key "
                "HAVING SUM(n) <> 0 RETURNING 1) "
                "SELECT (SELECT COUNT(*) FROM gone) - (SELECT COUNT(*) FROM kept)",
                params,
            )
            return cursor.fetchone()[0]
        where = f"{where} AND n = 0" if where else "WHERE n = 0"
        cursor.execute(f"DELETE FROM {table} {where}", params)  # noqa: S608 - names only
        return cursor.rowcount


def compact_after_bulk_write(team_id: int, what: str) -> None:
    """After an import's or a restore's commit (``what`` says which): the team's tallies
    summed at once, its batches having added a row per key each. The rows are written
    already: a database error here (a lock timeout, a restart) is logged, and the beat sums
    them later."""
    try:
        compact_key_tallies(team_id)
    except DatabaseError:
        logger.warning("Could not sum the key tallies after %s", what, exc_info=True)


def forget_flushed_tallies(*, using: str = DEFAULT_DB_ALIAS, **_kwargs) -> None:
    """After ``flush`` (tests between transactional cases, sent as ``post_migrate``): SQLite
    deletes table after table, in no fixed order, and a tally emptied before the keys took
    their deletions back in. With no contact, no key and no request left, no tally can be
    right but none. ``post_migrate`` also follows every ``migrate``, in whatever state it
    leaves the tables (a step back may drop them): nothing is done unless they are all
    there. PostgreSQL's flush truncates every table at once."""
    database = connections[using]
    if database.vendor != "sqlite":
        return
    models = (KeyTally, Contact, ContactKey, apps.get_model("network", "ConnectionRequest"))
    if not {model._meta.db_table for model in models} <= set(database.introspection.table_names()):
        return
    if not any(model.objects.using(using).exists() for model in models[1:]):
        KeyTally.objects.using(using).all().delete()
