"""Recognise the open requests that have never been recognised (received before stored
matches existed, or while no worker ran), and store their best match for the inbox list."""

from django.core.management.base import BaseCommand

from network.models import OPEN_STATES, ConnectionRequest
from network.recognition.services import connection_request_match


class Command(BaseCommand):
    help = "Store the best match of open requests not recognised yet (--all: every open one)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="recognise every open request again")

    def handle(self, *args, **options) -> None:
        pending = ConnectionRequest.objects.filter(state__in=OPEN_STATES).select_related(
            "team", "contact"
        )
        if not options["all"]:
            pending = pending.filter(matched_at__isnull=True)
        total = pending.count()
        for done, connection_request in enumerate(pending.iterator(chunk_size=200), start=1):
            connection_request_match(connection_request)
            if done % 500 == 0:
                self.stdout.write(f"{done}/{total}…")
        self.stdout.write(f"Recognised {total} open requests.")
