"""Inserting many rows fast: PostgreSQL's COPY, or ``bulk_create`` elsewhere.

An import of 30,000 connections writes some 400,000 rows (contacts, their profiles, lookup
keys, history). Building a model instance per row and a statement per batch is most of the
time; here rows are plain dicts of column values streamed through COPY. Ids of the rows
others point at (contacts) are taken from their sequence first, so that the rows pointing at
them can follow the same way. Fields left out get their default (``now`` for ``auto_now``).
"""

from __future__ import annotations

import json

from django.db import connection, models
from django.utils import timezone


def _defaults(model: type[models.Model]) -> dict:
    now = timezone.now()
    defaults = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
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
    keys = _take_ids(model, len(rows)) if ids else []
    if ids:
        names.insert(0, model._meta.pk.attname)
        fields.insert(0, model._meta.pk)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    json_columns = [i for i, field in enumerate(fields) if isinstance(field, models.JSONField)]
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for index, row in enumerate(rows):
            values = [row.get(name, defaults.get(name)) for name in names]
            if ids:
                values[0] = keys[index]
            for column in json_columns:
                values[column] = json.dumps(values[column])
            copy.write_row(values)
    return keys


def insert_tuples(model: type[models.Model], names: list[str], rows: list[tuple]) -> None:
    """Insert ``rows`` given as tuples of the ``names`` attributes alone (the others take
    their database default: none here may lack one). The lookup keys of an import (some
    thirty per contact) go this way: no dict and no default per row."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            [model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=2000
        )
        return
    columns = ", ".join(
        connection.ops.quote_name(model._meta.get_field(name).column) for name in names
    )
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        write = copy.write_row
        for row in rows:
            write(row)
