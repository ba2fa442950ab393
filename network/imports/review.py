"""Rows that may be someone the team already had: found during a run, reviewed afterwards.

A run asks recognition about every new row whose lookup keys a contact the team had before
shares (one query per batch says which; recognition then queries per row). What it finds is
stored beside the import (``ImportMatch``) and listed page by page on its report, where a
person says "the same person: merge" or "different people".
"""

from __future__ import annotations

from network.imports.bulk import insert_rows
from network.models import ContactKey, ImportMatch

KEYS_PER_QUERY = 500


def shared_keys(team, keys: set[str], last_existing: int) -> set[str]:
    """Which of ``keys`` a contact the team had before this run (id up to ``last_existing``)
    carries, read from the (team, key) index."""
    keys = sorted(keys)
    found: set[str] = set()
    for start in range(0, len(keys), KEYS_PER_QUERY):
        found.update(
            ContactKey.objects.filter(
                team=team,
                key__in=keys[start : start + KEYS_PER_QUERY],
                contact_id__lte=last_existing,
            )
            .values_list("key", flat=True)
            .distinct()
        )
    return found


def store_matches(job_id: int, found: list[dict]) -> None:
    """Keep a batch's matches beside the import (the candidates by id alone: their names
    are read when shown)."""
    insert_rows(
        ImportMatch,
        [
            {
                "job_id": job_id,
                "row": entry["row"],
                "name": entry["name"][:200],
                "contact_id": entry["new_id"],
                "candidates": [
                    {"id": candidate["id"], "reasons": candidate["reasons"]}
                    for candidate in entry["candidates"]
                ],
            }
            for entry in found
        ],
    )
