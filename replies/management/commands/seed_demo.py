"""Load demo data and print the demo login. Safe to run again: it converges, never duplicates.

It lives in `replies`, the app on top of the others, because it seeds all of them: accounts,
the address book and inbox (`network.dev.demo`), and the phrase library.
"""

from io import StringIO

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Invitation, Membership, Team, User
from network.dev.demo import seed_contacts, seed_requests
from replies.dev.reminders import seed_waiting_clarification

DEMO_EMAIL = "demo@netcurate.test"
DEMO_PASSWORD = "netcurate-demo"  # noqa: S105 - a published demo login, never a real account
DEMO_TEAM_SLUG = "demo-boutique"
COLLEAGUES = [
    ("paul@netcurate.test", "Paul Martin", Membership.Role.MEMBER),
    ("claire@netcurate.test", "Claire Dubois", Membership.Role.READ_ONLY),
]


def _user(email: str, display_name: str) -> User:
    user, _created = User.objects.get_or_create(
        email=email, defaults={"display_name": display_name}
    )
    user.set_password(DEMO_PASSWORD)
    user.is_active = True
    user.save()
    user.welcome_done()  # the demo login lands in the inbox, not on the first-run step
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


class Command(BaseCommand):
    help = "Create (or refresh) the demo team, its members and data, then print the demo login."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        created = not User.objects.filter(email=DEMO_EMAIL).exists()
        demo = _user(DEMO_EMAIL, "Camille Demo")
        team = Team.objects.filter(slug=DEMO_TEAM_SLUG).first()
        if team is None:
            team = Team.objects.create(name="Boutique Camille", slug=DEMO_TEAM_SLUG)
        Membership.objects.update_or_create(
            team=team, user=demo, defaults={"role": Membership.Role.OWNER}
        )
        for email, name, role in COLLEAGUES:
            Membership.objects.update_or_create(
                team=team, user=_user(email, name), defaults={"role": role}
            )
        if not team.invitations.open().filter(email__iexact="nina@netcurate.test").exists():
            Invitation.create(
                team=team, email="nina@netcurate.test", role="member", invited_by=demo
            )
        demo.last_team = team
        demo.save(update_fields=["last_team"])
        contacts = seed_contacts(team, demo)
        for contact in team.contacts.all():  # keys of contacts made by older versions
            contact.reindex()
        requests = seed_requests(team, demo)
        # The list's "possible match" badges are ready before any worker has run.
        call_command("match_requests", stdout=StringIO())
        # A question asked a week ago: its first reminder reaches the console in two minutes.
        requests += seed_waiting_clarification(team, demo)

        verb = "Created" if created else "Refreshed"
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        self.stdout.write(
            f"{verb} the demo team “{team.name}” ({engine}); "
            f"{contacts} contacts and {requests} requests added."
        )
        self.stdout.write(self.style.SUCCESS(f"Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}"))
        self.stdout.write(
            "Colleagues (same password): "
            + ", ".join(f"{email} ({role.label})" for email, _name, role in COLLEAGUES)
        )
