"""ContactKey rows lose their own id: (contact, key) becomes the primary key (it was a unique
constraint beside the id), so each row feeds two indexes instead of three and takes no number
from a sequence. Django cannot turn a primary key into a composite one in place: the rows move
to a new table, copied in one statement, and the old table goes."""

import django.db.models.deletion
from django.db import migrations, models


def _fk(related_name):
    return models.ForeignKey(
        db_constraint=False,
        db_index=False,
        on_delete=django.db.models.deletion.CASCADE,
        related_name=related_name,
        to="network.contact",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_access_tokens"),
        ("network", "0013_contact_keys_without_constraints_or_single_indexes"),
    ]

    operations = [
        # Index names are the schema's: the old table gives them up first.
        migrations.RemoveIndex(model_name="contactkey", name="contact_key_lookup"),
        migrations.RemoveConstraint(model_name="contactkey", name="contact_key_once"),
        migrations.RenameModel("ContactKey", "OldContactKey"),
        migrations.AlterField(model_name="oldcontactkey", name="contact", field=_fk("+")),
        migrations.CreateModel(
            name="ContactKey",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "contact",
                        "key",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("key", models.CharField(max_length=255)),
                ("contact", _fk("keys")),
                (
                    "team",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.team",
                    ),
                ),
            ],
            options={
                "verbose_name": "recognition key",
                "verbose_name_plural": "recognition keys",
                "indexes": [models.Index(fields=["team", "key"], name="contact_key_lookup")],
            },
        ),
        migrations.RunSQL(
            'INSERT INTO network_contactkey (team_id, contact_id, "key") '
            'SELECT team_id, contact_id, "key" FROM network_oldcontactkey',
            reverse_sql='INSERT INTO network_oldcontactkey (team_id, contact_id, "key") '
            'SELECT team_id, contact_id, "key" FROM network_contactkey',
        ),
        migrations.DeleteModel(name="OldContactKey"),
        # The planner's statistics of the new table, at once: recognition's counts depend on
        # them (without, a count of a common key read 200,000 rows the slow way).
        migrations.RunSQL("ANALYZE network_contactkey", reverse_sql=migrations.RunSQL.noop),
    ]
