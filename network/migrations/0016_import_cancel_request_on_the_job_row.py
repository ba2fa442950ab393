"""A running import is asked to stop on its own row (``cancel_requested_at``), read by its
run between batches: the cache alone could forget the request (the file cache evicts)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("network", "0015_contact_keys_compared_bytewise")]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="cancel_requested_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
