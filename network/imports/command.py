"""What ``import_contacts`` and ``import_requests`` share: reading the options, running the
import (dry or real), printing a summary and, with ``--json``, one JSON object last.

Exit status 0 when the file was read (rows in error included), 2 when the whole file is
refused: one line on standard error, nothing written.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Team, User
from network.imports.detect import FORMAT_LABELS
from network.imports.records import FileRefused
from network.imports.services import import_file

FORMATS = ["auto", *FORMAT_LABELS]


class ImportCommand(BaseCommand):
    kind = "contacts"

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="the file to import (CSV, vCard, JSON or ZIP)")
        parser.add_argument("--team", required=True, help="the team's slug")
        parser.add_argument("--dry-run", action="store_true", help="count, write nothing")
        parser.add_argument("--json", action="store_true", help="end with one JSON object")

    def user(self, email: str | None, team: Team, option: str) -> User | None:
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, memberships__team=team).first()
        if user is None:
            raise CommandError(f"No member of {team.slug!r} with the email {email!r} ({option}).")
        return user

    def run(self, options: dict, *, actor, owner, fmt: str = "auto") -> None:
        team = Team.objects.filter(slug=options["team"]).first()
        if team is None:
            raise CommandError(f"No team with the slug {options['team']!r}.")
        path = Path(options["path"])
        if not path.is_file():
            self.stderr.write(f"{path}: no such file.")
            raise SystemExit(2)
        actor = self.user(actor, team, "--user")
        owner = self.user(owner, team, "--owner")
        try:
            sniffed, tally = import_file(
                path,
                kind=self.kind,
                team=team,
                actor=actor or owner,
                owner=owner or actor,
                fmt=fmt,
                dry_run=options["dry_run"],
            )
        except FileRefused as error:
            self.stderr.write(f"{path.name}: {error}")
            raise SystemExit(2) from error
        summary = tally.summary(fmt=sniffed.format, encoding=sniffed.encoding)
        verb = "Would import" if options["dry_run"] else "Imported"
        counts = ", ".join(f"{name} {value}" for name, value in summary.items()
                           if isinstance(value, int))  # fmt: skip
        self.stdout.write(f"{verb} {path.name} ({sniffed.label}, {sniffed.encoding}): {counts}")
        for error in summary["errors"][:20] if not options["json"] else []:
            self.stdout.write(f"  row {error['row']}: {error['reason']}")
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
