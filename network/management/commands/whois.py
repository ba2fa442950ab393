"""`manage.py whois --team SLUG "Marie Lefebvre" --company Acme --json`: recognition in a shell."""

import json

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Team
from network.recognition.matching import Query, recognise


class Command(BaseCommand):
    help = "Who among a team's contacts might this person be? Ranked, with scores and reasons."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="the name as shown on the request")
        parser.add_argument("--team", required=True, help="the team's slug")
        parser.add_argument("--company", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--url", default="", help="a profile address")
        parser.add_argument("--headline", default="")
        parser.add_argument("--limit", type=int, default=5)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options) -> None:
        team = Team.objects.filter(slug=options["team"]).first()
        if team is None:
            raise CommandError(f"No team with the slug {options['team']!r}.")
        query = Query(
            name=options["name"],
            company=options["company"],
            email=options["email"],
            url=options["url"],
            headline=options["headline"],
        )
        suggestions = recognise(team, query, limit=options["limit"])
        rows = [
            {
                "contact_id": suggestion.contact.pk,
                "name": suggestion.contact.name,
                "company": suggestion.contact.company,
                "score": suggestion.score,
                "level": suggestion.level,
                "reasons": [str(reason) for reason in suggestion.reasons],
                "archived": suggestion.contact.is_archived,
            }
            for suggestion in suggestions
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("Nobody in this team's contacts looks like this person.")
        for rank, row in enumerate(rows, start=1):
            self.stdout.write(
                f"{rank}. {row['name']} ({row['score']}%): {'; '.join(row['reasons'])}"
            )
