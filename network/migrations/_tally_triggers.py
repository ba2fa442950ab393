"""The triggers that keep the key tallies (``KeyTally``), as migration 0018 installed them.

Not a migration (the leading underscore keeps Django's loader away): 0018 calls ``install``
and ``uninstall``, and so must any later migration that makes SQLite rebuild one of the
three tables (most ``AlterField`` and some ``AddField`` do: SQLite copies the table into a
new one and drops the old, and its triggers with it). Call ``install_sqlite_triggers`` for
that table after the operation; ``tests/test_migrations.py`` checks that every trigger is
there once all migrations have run.
"""

# ruff: noqa: S608 - the SQL is built from the table and column names written here, no values

KEYS, CONTACTS, TALLY = "network_contactkey", "network_contact", "network_keytally"
REQUESTS = "network_connectionrequest"
OPEN = "'new', 'asked', 'replied', 'snoozed'"  # the open states, as this migration found them

# What each table adds to the tallies, as (key, sign filter) read from a row named ``row``.
KEY_PARTS = [("{row}.key", "TRUE")]
CONTACT_PARTS = [("'#contacts'", "TRUE"), ("'#active'", "{row}.archived_at IS NULL")]
REQUEST_PARTS = [("'@' || {row}.state || '|' || {row}.network", f"{{row}}.state IN ({OPEN})")]


def _pg_parts(parts, table: str, sign: int) -> list[str]:
    return [
        f"SELECT team_id, {key.format(row=table)} AS key, {sign} AS n FROM {table} "
        f"WHERE {when.format(row=table)}"
        for key, when in parts
    ]


def _pg_function(name: str, parts, added: bool, removed: bool) -> str:
    selects = (_pg_parts(parts, "removed", -1) if removed else []) + (
        _pg_parts(parts, "added", 1) if added else []
    )
    union = " UNION ALL ".join(selects)
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"INSERT INTO {TALLY} (team_id, key, n) SELECT team_id, key, SUM(n) "
        f"FROM ({union}) AS changed GROUP BY team_id, key HAVING SUM(n) <> 0; "
        "RETURN NULL; END $$"
    )


def _pg_statements(prefix: str, table: str, parts) -> list[str]:
    statements = []
    for event, added, removed, referencing in (
        ("INSERT", True, False, "NEW TABLE AS added"),
        ("DELETE", False, True, "OLD TABLE AS removed"),
        ("UPDATE", True, True, "OLD TABLE AS removed NEW TABLE AS added"),
    ):
        name = f"{prefix}_{event.lower()}"
        statements += [
            _pg_function(name, parts, added, removed),
            f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    return statements


def _sqlite_bump(parts, row: str, sign: str) -> list[str]:
    statements = []
    for key, when in parts:
        key, when = key.format(row=row), when.format(row=row)
        statements += [
            f"INSERT INTO {TALLY} (team_id, key, n) SELECT {row}.team_id, {key}, 0 "
            f"WHERE ({when}) AND NOT EXISTS (SELECT 1 FROM {TALLY} "
            f"WHERE team_id = {row}.team_id AND key = {key})",
            f"UPDATE {TALLY} SET n = n {sign} 1 WHERE team_id = {row}.team_id AND key = {key} "
            f"AND ({when})",
        ]
    return statements


def _sqlite_statements(prefix: str, table: str, parts, columns: str) -> list[str]:
    statements = []
    for event, bumps in (
        ("INSERT", _sqlite_bump(parts, "NEW", "+")),
        ("DELETE", _sqlite_bump(parts, "OLD", "-")),
        (f"UPDATE OF {columns}", _sqlite_bump(parts, "OLD", "-") + _sqlite_bump(parts, "NEW", "+")),
    ):
        name = f"{prefix}_{event.split()[0].lower()}"
        body = "; ".join(bumps)
        statements.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body}; END")
    return statements


# (trigger names' prefix, table, parts, the columns whose update changes a tally on SQLite)
TRIGGERS = [
    ("network_keytally_keys", KEYS, KEY_PARTS, "team_id, key"),
    ("network_keytally_contacts", CONTACTS, CONTACT_PARTS, "team_id, archived_at"),
    ("network_keytally_requests", REQUESTS, REQUEST_PARTS, "team_id, state, network"),
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = []
    if vendor == "postgresql":
        # Keys compared byte by byte, as the contacts' are (0015): "@" to "A" is then every
        # request tally, read as one range of the index (SQLite compares bytes already).
        statements.append(f'ALTER TABLE {TALLY} ALTER COLUMN "key" TYPE varchar(255) COLLATE "C"')
        statements.append(f"LOCK TABLE {KEYS}, {CONTACTS}, {REQUESTS} IN SHARE MODE")
    statements += [
        f"INSERT INTO {TALLY} (team_id, key, n) "
        f"SELECT team_id, key, COUNT(*) FROM {KEYS} GROUP BY team_id, key",
        f"INSERT INTO {TALLY} (team_id, key, n) "
        f"SELECT team_id, '#contacts', COUNT(*) FROM {CONTACTS} GROUP BY team_id",
        f"INSERT INTO {TALLY} (team_id, key, n) SELECT team_id, '#active', COUNT(*) "
        f"FROM {CONTACTS} WHERE archived_at IS NULL GROUP BY team_id",
        f"INSERT INTO {TALLY} (team_id, key, n) SELECT team_id, '@' || state || '|' || network, "
        f"COUNT(*) FROM {REQUESTS} WHERE state IN ({OPEN}) GROUP BY team_id, state, network",
    ]
    for prefix, table, parts, columns in TRIGGERS:
        if vendor == "postgresql":
            statements += _pg_statements(prefix, table, parts)
        elif vendor == "sqlite":
            statements += _sqlite_statements(prefix, table, parts, columns)
        else:
            raise NotImplementedError(f"key tallies need triggers written for {vendor}")
    for statement in statements:
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for prefix, table, _parts, _columns in TRIGGERS:
        for event in ("insert", "delete", "update"):
            name = f"{prefix}_{event}"
            if vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}", params=None)
                schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()", params=None)
            else:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)


def install_sqlite_triggers(schema_editor, table: str) -> None:
    """Write again the triggers of ``table`` on SQLite (after a migration rebuilt it)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for prefix, name, parts, columns in TRIGGERS:
        if name == table:
            for event in ("insert", "delete", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {prefix}_{event}", params=None)
            for statement in _sqlite_statements(prefix, name, parts, columns):
                schema_editor.execute(statement, params=None)
