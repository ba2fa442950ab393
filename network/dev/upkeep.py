"""What a live server's background work would have done to a bench's freshly loaded data,
done at once before anything is measured."""

from __future__ import annotations

from django.db import connection

from network.contacts.tallies import compact_key_tallies


def settle() -> None:
    """The beat's compaction of the key tallies (a bulk load leaves a row per statement and
    key, which every read then sums: recognition took 18 ms at 100,000 contacts where it
    takes 9 once they are summed), and what autovacuum does: statistics, and the visibility
    map that lets counts be answered from indexes alone. VACUUM cannot run in a transaction
    (tests): then statistics only."""
    compact_key_tallies()
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
