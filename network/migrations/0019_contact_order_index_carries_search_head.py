from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from network.migrations._tally_triggers import CONTACTS, install_sqlite_triggers

# The index of current contacts in list order carries their search text, where it is short
# enough for a B-tree entry (``search_head``, computed by the database: NULL past 400
# characters, and an entry of 2,704 bytes at most keeps every write possible). On
# PostgreSQL it is an INCLUDE column; SQLite has no such thing and builds the index without
# it. A search's first page is looked for in the first entries of that order: read from the
# index alone, a word none of them bear cost 1 ms instead of 3 at 100,000 contacts. The
# new index is built before the old one goes, so that the list is never without one.
# SQLite adds a stored generated column by rebuilding the table, which drops its triggers:
# the key tallies' triggers of the contacts are written again after the column comes and
# after it goes (``_tally_triggers``).


def contact_triggers(apps, schema_editor):
    install_sqlite_triggers(schema_editor, CONTACTS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_access_tokens"),
        ("network", "0018_key_tallies_kept_by_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Undone last: after the column is removed (a rebuild of the table too).
        migrations.RunPython(migrations.RunPython.noop, contact_triggers),
        migrations.AddField(
            model_name="contact",
            name="search_head",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(
                        LessThanOrEqual(Length("search_text"), 400), then=models.F("search_text")
                    ),
                    default=None,
                ),
                output_field=models.TextField(null=True),
            ),
        ),
        migrations.RunPython(contact_triggers, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                condition=models.Q(("archived_at__isnull", True)),
                fields=["team", "sort_key", "id"],
                include=("search_head",),
                name="contact_active_search",
            ),
        ),
        migrations.RemoveIndex(model_name="contact", name="contact_active_order"),
    ]
