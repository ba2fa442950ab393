"""`manage.py import_contacts PATH --team SLUG [--owner EMAIL] [--format auto|...] [--dry-run]
[--json]`: an address book from a file, as the import page does it."""

from network.imports.command import FORMATS, ImportCommand


class Command(ImportCommand):
    help = "Import contacts from a file (LinkedIn, vCard, Google or Outlook CSV, Facebook, ZIP)."
    kind = "contacts"

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--owner", help="email of the member who knows them best")
        parser.add_argument("--format", default="auto", choices=FORMATS, help="skip detection")

    def handle(self, *args, **options) -> None:
        self.run(options, actor=options["owner"], owner=options["owner"], fmt=options["format"])
