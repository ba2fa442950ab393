"""`manage.py restore_team PATH --team SLUG [--as EMAIL]`: a backup restored into an empty
team, in one transaction. Exit 2, with one line on standard error, when it is refused."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Membership, Team, User
from network.exports.restore import RestoreRefused, read_backup, team_restore


class Command(BaseCommand):
    help = "Restore a team backup into an empty team (no contacts, no requests)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="the backup file written by export_team")
        parser.add_argument("--team", required=True, help="the slug of the empty target team")
        parser.add_argument(
            "--as",
            dest="restorer",
            help="the member restoring, who takes over the rows of people who are not "
            "members of the target team (default: its first owner)",
        )

    def handle(self, *args, **options) -> None:
        team = Team.objects.filter(slug=options["team"]).first()
        if team is None:
            raise CommandError(f"No team with the slug {options['team']!r}.", returncode=2)
        restorer = self._restorer(team, options["restorer"])
        try:
            with open(options["path"], "rb") as source:
                raw = source.read()
        except OSError as error:
            raise CommandError(
                f"Cannot read {options['path']}: {error.strerror}.", returncode=2
            ) from None
        try:
            report = team_restore(team=team, document=read_backup(raw), restorer=restorer)
        except RestoreRefused as refusal:
            raise CommandError(str(refusal), returncode=2) from None
        counts = ", ".join(f"{count} {name}" for name, count in report.restored.items() if count)
        self.stdout.write(f"Restored into {team.slug}: {counts or 'nothing'}.")
        if report.replaced:
            self.stdout.write(
                f"Not members of {team.slug}, their rows went to {restorer.email}: "
                + ", ".join(report.replaced)
            )
        for name, count in report.left_out.items():
            self.stdout.write(f"Left out {count} {name} that would have been duplicates.")

    def _restorer(self, team: Team, email: str | None) -> User:
        memberships = Membership.objects.filter(team=team).select_related("user")
        if email:
            membership = memberships.filter(user__email__iexact=email).first()
            if membership is None:
                raise CommandError(f"{email} is not a member of {team.slug}.", returncode=2)
        else:
            membership = memberships.filter(role=Membership.Role.OWNER).order_by("pk").first()
            if membership is None:
                raise CommandError(f"{team.slug} has no owner to restore as.", returncode=2)
        return membership.user
