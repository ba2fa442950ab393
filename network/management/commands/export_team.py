"""`manage.py export_team --team SLUG PATH`: the team's backup written to PATH (`-` for
standard output)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Team
from network.exports.backup import team_backup


class Command(BaseCommand):
    help = "Write the whole team (contacts, requests, phrases, reminders…) as one JSON backup."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="file to write, or - for standard output")
        parser.add_argument("--team", required=True, help="the team's slug")

    def handle(self, *args, **options) -> None:
        team = Team.objects.filter(slug=options["team"]).first()
        if team is None:
            raise CommandError(f"No team with the slug {options['team']!r}.", returncode=2)
        if options["path"] == "-":
            for piece in team_backup(team):
                sys.stdout.write(piece)
            return
        with open(options["path"], "w", encoding="utf-8") as out:
            for piece in team_backup(team):
                out.write(piece)
        self.stderr.write(f"Backup of {team.slug} written to {options['path']}.")
