"""Key tallies: how many of a team's contacts carry each recognition key, how many contacts
and active contacts a team has, and its open requests per state and network, kept by
triggers (see ``KeyTally``).

PostgreSQL: statement-level triggers read the rows a statement wrote (transition tables)
and add one row per (team, key) it changed, +n or -n; nobody updates a shared row, so an
import that runs for a minute makes no one else wait. SQLite: row-level triggers keep one
row per (team, key), updated in place (SQLite has one writer at a time).

The tallies are counted from the rows there, with the tables locked against writes on
PostgreSQL (a write between the count and the triggers would be missed). On PostgreSQL, at
100,000 contacts and 2.3 million keys, this took some seconds.
"""

import django.db.models.deletion
from django.db import migrations, models

from network.migrations._tally_triggers import install, uninstall


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_access_tokens"),
        ("network", "0017_typo_keys_as_halves"),
    ]

    operations = [
        migrations.CreateModel(
            name="KeyTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=255)),
                ("n", models.IntegerField()),
                (
                    "team",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accounts.team",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["team", "key"], name="key_tally_lookup")
                ],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
