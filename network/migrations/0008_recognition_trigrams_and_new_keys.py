"""Recognition keys of a new kind (deletion keys for typos, company words, how-we-met words),
rebuilt for every contact; on PostgreSQL, pg_trgm and a trigram (GIN) index on the family
name keys.

SQLite skips the extension and the index (both created by hand, on PostgreSQL only; going
back keeps the extension, which other indexes use): it finds typos through deletion keys.
"""

from django.db import migrations

TRIGRAM_INDEX = (
    "CREATE INDEX IF NOT EXISTS contact_key_name_trgm ON network_contactkey "
    "USING gin (substr(key, 3) gin_trgm_ops) WHERE key LIKE 'f:%%'"
)


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(TRIGRAM_INDEX)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS contact_key_name_trgm")


def rebuild_keys(apps, schema_editor):
    """Every contact's keys as the new code makes them (the text functions are pure)."""
    from network.text.names import contact_keys

    Contact = apps.get_model("network", "Contact")
    ContactKey = apps.get_model("network", "ContactKey")
    pks = list(Contact.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), 1000):
        batch = Contact.objects.filter(pk__in=pks[start : start + 1000]).prefetch_related(
            "aliases", "emails", "tags"
        )
        rows = []
        for contact in batch:
            keys = contact_keys(
                given_name=contact.given_name,
                family_name=contact.family_name,
                display_name=contact.display_name,
                company=contact.company,
                city=contact.city,
                aliases=[alias.name for alias in contact.aliases.all()],
                emails=[email.email for email in contact.emails.all()],
                details=[tag.detail for tag in contact.tags.all() if tag.detail],
            )
            rows += [ContactKey(team_id=contact.team_id, contact=contact, key=key) for key in keys]
        ContactKey.objects.filter(contact_id__in=pks[start : start + 1000]).delete()
        ContactKey.objects.bulk_create(rows, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0007_contact_list_and_search_indexes"),
    ]

    operations = [
        migrations.RunPython(create_trigram_index, drop_trigram_index),
        migrations.RunPython(rebuild_keys, migrations.RunPython.noop),
    ]
