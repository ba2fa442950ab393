"""`manage.py import_requests PATH --team SLUG --user EMAIL [--dry-run] [--json]`: incoming
requests (LinkedIn invitations, Facebook requests received, or a whole export's ZIP)."""

from network.imports.command import ImportCommand


class Command(ImportCommand):
    help = "Import incoming connection requests from a file into a member's inbox."
    kind = "requests"

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--user", required=True, help="email of the member they were sent to")

    def handle(self, *args, **options) -> None:
        self.run(options, actor=options["user"], owner=options["user"])
