"""On PostgreSQL, contact keys are compared byte by byte (collation "C"): they are folded
ASCII-like lookup strings, never sorted for a person, and the database's own collation made
each comparison of the (team, key) and (contact, key) indexes dearer (an import's 900,000
keys were written some 15% faster). ``key LIKE 'f:%'`` can use the (team, key) index too.
The indexes are rebuilt; the rows stay. Changing a column's type drops its statistics, which
autovacuum does not renew until enough rows change: without them recognition's candidate
query was planned blind (p95 of 520-670 ms at 100,000 contacts), so the table is analyzed at
once, both ways. Elsewhere nothing changes."""

from django.db import migrations

ALTER = 'ALTER TABLE network_contactkey ALTER COLUMN "key" TYPE varchar(255) COLLATE "{}"'


def bytewise(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALTER.format("C"))
        schema_editor.execute("ANALYZE network_contactkey")


def as_the_database(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALTER.format("default"))
        schema_editor.execute("ANALYZE network_contactkey")


class Migration(migrations.Migration):
    dependencies = [("network", "0014_contact_keys_keyed_by_contact_and_key")]

    operations = [migrations.RunPython(bytewise, as_the_database)]
