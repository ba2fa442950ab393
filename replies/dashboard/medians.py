"""Medians computed in the database, on PostgreSQL and on SQLite alike.

PostgreSQL has ``percentile_cont``; SQLite has no median, so the middle row (or the two
middle rows) of the ordered durations is read with LIMIT/OFFSET computed from a count in the
same statement. Either way: one query, whatever the number of rows.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet


def _duration_sql(start: str, end: str) -> str:
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({end} - {start}))"
    return f"((julianday({end}) - julianday({start})) * 86400.0)"


def median_seconds(queryset: QuerySet, start: str, end: str) -> float | None:
    """The median of ``end - start`` in seconds over the rows of ``queryset`` where both are
    set; None when there is none. ``start`` and ``end`` are field or annotation names."""
    if not (start.isidentifier() and end.isidentifier()):
        raise ValueError("Field names only.")
    # The only text glued into the SQL: the ORM's own compiled query (its values stay
    # parameters) and the two names checked above, quoted.
    inner, params = queryset.values(start, end).query.sql_with_params()
    begin, finish = (f"spans.{connection.ops.quote_name(name)}" for name in (start, end))
    durations = (
        f"SELECT {_duration_sql(begin, finish)} AS seconds FROM ({inner}) spans "  # noqa: S608
        f"WHERE {begin} IS NOT NULL AND {finish} IS NOT NULL"
    )
    if connection.vendor == "postgresql":
        sql = f"SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) FROM ({durations}) d"  # noqa: S608, E501
    else:
        sql = (
            f"WITH d AS ({durations}) SELECT AVG(seconds) FROM ("  # noqa: S608
            "SELECT seconds FROM d ORDER BY seconds "
            "LIMIT 2 - (SELECT COUNT(*) FROM d) %% 2 "
            "OFFSET ((SELECT COUNT(*) FROM d) - 1) / 2)"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (value,) = cursor.fetchone()
    return None if value is None else float(value)
