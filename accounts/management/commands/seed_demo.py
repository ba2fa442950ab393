"""Load demo data and print the demo login. Safe to run again: it converges, never duplicates."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User

DEMO_EMAIL = "demo@netcurate.test"
DEMO_PASSWORD = "netcurate-demo"  # noqa: S105 - a published demo login, never a real account


class Command(BaseCommand):
    help = "Create (or refresh) the demo account and its data, then print the demo login."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        user, created = User.objects.get_or_create(
            email=DEMO_EMAIL, defaults={"display_name": "Camille Demo"}
        )
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.save()
        verb = "Created" if created else "Refreshed"
        self.stdout.write(f"{verb} the demo account.")
        self.stdout.write(
            self.style.SUCCESS(f"Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}")
            + f"  (database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})"
        )
