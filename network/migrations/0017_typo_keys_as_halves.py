"""Typo keys are a word's two halves tagged with its length ("gd:marie|<6mar"), two per
word, instead of the word with each letter dropped in turn (eight for "lefebvre"): every
contact's ``gd:`` and ``dg:`` keys are rebuilt; the others do not change.

It reads every contact with its former names, emails and how-we-met details, in batches of
2,000, and rewrites those keys alone: on PostgreSQL, 100,000 contacts took 66 s (3.4 million
keys became 2.3 million, the same as the new code builds from scratch). Going back leaves
the new keys: ``manage.py reindex_contacts`` on the older code rebuilds its own.
"""

from django.db import migrations
from django.db.models import Q

BATCH = 2000
TYPO_KINDS = ("gd:", "dg:")


def rebuild_typo_keys(apps, schema_editor):
    from network.text.names import contact_keys  # pure text: the keys as the code makes them

    Contact = apps.get_model("network", "Contact")
    ContactKey = apps.get_model("network", "ContactKey")
    typo = Q(key__startswith=TYPO_KINDS[0]) | Q(key__startswith=TYPO_KINDS[1])
    pks = list(Contact.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        batch = pks[start : start + BATCH]
        contacts = Contact.objects.filter(pk__in=batch).prefetch_related(
            "aliases", "emails", "tags"
        )
        rows = []
        for contact in contacts:
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
            rows += [
                ContactKey(team_id=contact.team_id, contact_id=contact.pk, key=key)
                for key in keys
                if key.startswith(TYPO_KINDS)
            ]
        ContactKey.objects.filter(typo, contact_id__in=batch).delete()
        ContactKey.objects.bulk_create(rows, batch_size=5000)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE network_contactkey")  # recognition's counts plan by it


class Migration(migrations.Migration):
    dependencies = [("network", "0016_import_cancel_request_on_the_job_row")]

    operations = [migrations.RunPython(rebuild_typo_keys, migrations.RunPython.noop)]
