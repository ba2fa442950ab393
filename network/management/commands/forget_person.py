"""`manage.py forget_person --team SLUG --contact ID --yes`: erase a person across a team,
as the contact page's "Forget this person" does. Without --yes, says what would go."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from network.models import Contact
from network.privacy.selectors import person_counts
from network.privacy.services import person_forget


def find_contact(team_slug: str, contact_id: int) -> Contact:
    contact = (
        Contact.objects.select_related("team").filter(team__slug=team_slug, pk=contact_id).first()
    )
    if contact is None:
        raise CommandError(f"No contact {contact_id} in a team {team_slug!r}.")
    return contact


class Command(BaseCommand):
    help = "Erase a contact and every request, message and reminder about them (irreversible)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--team", required=True, help="the team's slug")
        parser.add_argument("--contact", required=True, type=int, help="the contact's id")
        parser.add_argument("--yes", action="store_true", help="erase: this cannot be undone")

    def handle(self, *args, **options) -> None:
        contact = find_contact(options["team"], options["contact"])
        counts = person_counts(contact)
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count}")
        if not options["yes"]:
            raise CommandError("Nothing erased. This is irreversible: add --yes to erase.")
        record = person_forget(contact=contact, actor=None)
        self.stdout.write(
            self.style.SUCCESS(f"Erased {record.total} rows; audit entry {record.pk}.")
        )
