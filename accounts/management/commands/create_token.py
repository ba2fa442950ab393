"""``manage.py create_token --user EMAIL --team SLUG [--read-only] [--name NAME] [--days N]``:
a personal access token for the API, printed once (only its hash is stored)."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import AccessToken, Team, User


class Command(BaseCommand):
    help = "Create a personal access token for the API and print it once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--user", required=True, help="the member's email address")
        parser.add_argument("--team", required=True, help="the team's slug")
        parser.add_argument("--read-only", action="store_true", help="reads only")
        parser.add_argument("--name", default="Command line", help="what the token is for")
        parser.add_argument("--days", type=int, default=0, help="expires after N days (0: never)")

    def handle(self, *args, **options) -> None:
        user = User.objects.filter(email__iexact=options["user"].strip()).first()
        if user is None:
            raise CommandError(f"No user with the email address {options['user']!r}.")
        team = Team.objects.filter(slug=options["team"].strip()).first()
        if team is None:
            raise CommandError(f"No team with the slug {options['team']!r}.")
        if not user.memberships.filter(team=team).exists():
            raise CommandError(f"{user.email} is not a member of {team.slug}.")
        if options["days"] < 0:
            raise CommandError("--days must be 0 (never) or more.")
        expires_at = timezone.now() + timedelta(days=options["days"]) if options["days"] else None
        name = " ".join(options["name"].split())[:100] or "Command line"
        _token, plaintext = AccessToken.issue(
            user=user,
            team=team,
            name=name,
            read_only=options["read_only"],
            expires_at=expires_at,
        )
        self.stderr.write("The token (shown this once; only its hash is kept):")
        self.stdout.write(plaintext)
