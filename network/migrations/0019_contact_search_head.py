"""The index of the list's order holds the head of each contact's search text (a column the
database computes), so that a search's pages are found from the index alone; the few
contacts whose search text runs past that head get a small index of their own.

On SQLite, adding (or removing) a stored generated column rebuilds the table, and drops its
triggers: those that keep the key tallies are written again after it, either way."""

import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models

from network.migrations._tally_triggers import install_sqlite_triggers


def contacts_triggers_again(apps, schema_editor):
    install_sqlite_triggers(schema_editor, "network_contact")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_access_tokens"),
        ("network", "0018_key_tallies_kept_by_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="contact",
            name="contact_active_order",
        ),
        migrations.RunPython(migrations.RunPython.noop, contacts_triggers_again),
        migrations.AddField(
            model_name="contact",
            name="search_head",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Left("search_text", 300),
                output_field=models.TextField(),
            ),
        ),
        migrations.RunPython(contacts_triggers_again, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                condition=models.Q(("archived_at__isnull", True)),
                fields=["team", "sort_key", "id"],
                include=("search_head",),
                name="contact_active_order",
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                condition=models.Q(
                    django.db.models.lookups.GreaterThan(
                        django.db.models.functions.text.Length("search_text"), 300
                    )
                ),
                fields=["team"],
                name="contact_long_search",
            ),
        ),
    ]
