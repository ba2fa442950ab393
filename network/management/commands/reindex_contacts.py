"""Rebuild the search text and recognition keys of every contact (after an upgrade)."""

from django.core.management.base import BaseCommand

from network.models import Contact


class Command(BaseCommand):
    help = "Rebuild search text and recognition keys of every contact, in batches."

    def handle(self, *args, **options) -> None:
        total = 0
        for contact in Contact.objects.prefetch_related(
            "aliases", "profiles", "emails", "tags"
        ).iterator(chunk_size=500):
            contact.reindex()
            total += 1
        self.stdout.write(f"Reindexed {total} contacts.")
