"""`manage.py person_export --team SLUG --contact ID`: everything the team holds about a
person, as JSON on standard output (the same as the contact page's export)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

from network.management.commands.forget_person import find_contact
from network.privacy.selectors import person_held


class Command(BaseCommand):
    help = "Print everything held about a contact as JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--team", required=True, help="the team's slug")
        parser.add_argument("--contact", required=True, type=int, help="the contact's id")

    def handle(self, *args, **options) -> None:
        contact = find_contact(options["team"], options["contact"])
        held = person_held(contact)
        self.stdout.write(json.dumps(held, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
