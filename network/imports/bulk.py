"""Inserting many rows fast: PostgreSQL's COPY, or ``bulk_create`` elsewhere.

An import of 30,000 connections writes some 400,000 rows (contacts, their profiles, lookup
keys, history). Building a model instance per row and a statement per batch is most of the
time; here rows are plain dicts of column values streamed through COPY. Ids of the rows
others point at (contacts) are taken from their sequence first, so that the rows pointing at
them can follow the same way. Fields left out get their default (``now`` for ``auto_now``).
"""

from __future__ import annotations

import json
import operator
import re

from django.db import connection, models
from django.utils import timezone


def _defaults(model: type[models.Model]) -> dict:
    now = timezone.now()
    defaults = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.generated:  # the database computes a generated one
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        else:
            defaults[field.attname] = field.get_default()
    return defaults


def _take_ids(model: type[models.Model], count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert_rows(model: type[models.Model], rows: list[dict], *, ids: bool = False) -> list[int]:
    """Insert ``rows`` (attribute name: value); with ``ids``, return their primary keys."""
    if not rows:
        return []
    defaults = _defaults(model)
    if connection.vendor != "postgresql":
        objects = model.objects.bulk_create(
            [model(**{**defaults, **row}) for row in rows], batch_size=2000
        )
        return [obj.pk for obj in objects] if ids else []
    names = list(defaults)
    fields = [model._meta.get_field(name) for name in names]
    json_columns = [i for i, field in enumerate(fields) if isinstance(field, models.JSONField)]
    keys = _take_ids(model, len(rows)) if ids else []
    if ids:
        fields.insert(0, model._meta.pk)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    pick = operator.itemgetter(*names)  # a row's values in column order, over the defaults
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for index, row in enumerate(rows):
            values = pick({**defaults, **row})
            values = list(values) if len(names) > 1 else [values]
            for column in json_columns:
                values[column] = json.dumps(values[column])
            if ids:
                values.insert(0, keys[index])
            copy.write_row(values)
    return keys


# COPY's text format: a backslash, a tab, a newline or a carriage return inside a value is
# written escaped (keys come from folded text and hardly ever hold one).
_SPECIAL = re.compile(r"[\\\t\n\r]")
_ESCAPED = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class KeyStream:
    """Lookup keys (team, contact, key) sent to PostgreSQL while the import goes on.

    Indexing the keys is most of the database's share of an import (some thirty per
    contact, two indexes each): COPY hands them over as they are made, and the statement is
    left open, so that PostgreSQL indexes one batch while Python reads and cleans the next.
    Nothing else may use the connection until ``finish`` (the run calls it before any query
    of its own), and ``abort`` ends the COPY when something failed meanwhile (the
    transaction then rolls back as usual). Rows are written as COPY text, not one
    ``write_row`` each (some 2 µs per key in Python). Elsewhere than on PostgreSQL the keys
    are inserted at once."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self._cursor = None
        self._copy = None

    def write(self, team_id: int, keyed) -> None:
        """``keyed``: (contact id, its keys) pairs, made as they are read (an iterator)."""
        if connection.vendor != "postgresql":
            self.model.objects.bulk_create(
                [self.model(team_id=team_id, contact_id=pk, key=key) for pk, keys in keyed
                 for key in keys],
                batch_size=2000,
            )  # fmt: skip
            return
        self.finish()
        table = connection.ops.quote_name(self.model._meta.db_table)
        self._cursor = connection.cursor()
        self._copy = self._cursor.copy(f"COPY {table} (team_id, contact_id, key) FROM STDIN")
        copy = self._copy.__enter__()
        try:
            chunk = []
            for pk, made in keyed:
                keys = list(made)
                if _SPECIAL.search("".join(keys)):
                    keys = [key.translate(_ESCAPED) for key in keys]
                if keys:
                    prefix = f"{team_id}\t{pk}\t"
                    chunk.append(prefix + f"\n{prefix}".join(keys) + "\n")
                if len(chunk) >= 200:
                    copy.write("".join(chunk))
                    chunk = []
            copy.write("".join(chunk))
        except BaseException as error:
            self.abort(error)
            raise

    def finish(self) -> None:
        """Wait for PostgreSQL to take the rows sent (raises what the COPY raised)."""
        self._close(None)

    def abort(self, error: BaseException) -> None:
        """End an open COPY because ``error`` happened meanwhile (no row of it is kept)."""
        self._close(error)

    def _close(self, error: BaseException | None) -> None:
        copy, cursor, self._copy, self._cursor = self._copy, self._cursor, None, None
        if copy is None:
            return
        try:
            if error is None:
                copy.__exit__(None, None, None)
            else:
                copy.__exit__(type(error), error, error.__traceback__)
        finally:
            cursor.close()
