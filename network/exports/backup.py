"""The whole team as one JSON document, written as a stream: a header, then each section of
``sections.SECTIONS``, one row per line.

Every row is read through its team, section by section, in batches of ids: the cost is a few
queries per thousand rows, and memory holds one batch plus the row numbers of the sections
that other rows point at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Membership
from network.exports.sections import (
    EVENT_TARGETS,
    FORMAT,
    SECTIONS,
    VERSION,
    Section,
    map_event_data,
)

BATCH = 2000  # rows per query


def plain(value):
    """A field's value as JSON holds it: datetimes in UTC, ISO 8601."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _numbers(section: Section, team) -> dict[int, int]:
    """Database id -> row number (1, 2, 3… in the order the rows were created)."""
    pks = section.model.objects.filter(**{section.scope: team}).order_by("pk")
    return {pk: number for number, pk in enumerate(pks.values_list("pk", flat=True), start=1)}


def _columns(section: Section) -> list[str]:
    return [
        "pk",
        *section.fields,
        *(f"{name}_id" for name in section.refs),
        *(f"{name}__email" for name in section.users),
    ]


def _rows(section: Section, team, numbers: dict[str, dict[int, int]]) -> Iterator[dict]:
    columns = _columns(section)
    queryset = section.model.objects.filter(**{section.scope: team}).order_by("pk")
    mine = numbers.get(section.name)
    after, position = 0, 0
    while True:
        batch = list(queryset.filter(pk__gt=after).values_list(*columns)[:BATCH])
        for values in batch:
            position += 1
            record = dict(zip(columns, values, strict=True))
            row = {"id": mine[record["pk"]] if mine else position}
            for name in section.fields:
                row[name] = plain(record[name])
            for name, target in section.refs.items():
                pk = record[f"{name}_id"]
                row[name] = numbers[target].get(pk) if pk is not None else None
            for name in section.users:
                row[name] = record[f"{name}__email"]
            if section.name == "request_events":
                row["data"] = map_event_data(
                    row["data"], lambda target, pk: numbers[target].get(pk)
                )
            yield row
        if len(batch) < BATCH:
            return
        after = batch[-1][0]


def team_backup(team) -> Iterator[str]:
    """The backup of ``team``, piece by piece (UTF-8 text, one row per line).

    Read in one transaction, as one snapshot on PostgreSQL (REPEATABLE READ): a contact
    added while the backup is written is in every section or in none, never a tag whose
    contact the backup lacks. (SQLite's read transaction is a snapshot already.)"""
    with transaction.atomic():
        if connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield from _document(team)


def _document(team) -> Iterator[str]:
    referenced = {target for section in SECTIONS for target in section.refs.values()}
    numbers = {
        section.name: _numbers(section, team)
        for section in SECTIONS
        if section.name in referenced or section.name in EVENT_TARGETS
    }
    members = [
        {
            "email": membership.user.email,
            "name": membership.user.display_name,
            "role": membership.role,
        }
        for membership in Membership.objects.filter(team=team).select_related("user")
    ]
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": plain(timezone.now()),
        "team": {"name": team.name, "slug": team.slug},
        "members": members,
    }
    yield _dumps(header)[:-1]
    for section in SECTIONS:
        yield f',\n"{section.name}": ['
        first = True
        for row in _rows(section, team, numbers):
            yield ("\n" if first else ",\n") + _dumps(row)
            first = False
        yield "\n]"
    yield "\n}\n"
