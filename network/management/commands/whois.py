"""`manage.py whois --team SLUG "Marie Lefebvre" --company Acme --json`: recognition in a shell.

`--batch FILE` (``-`` for standard input) reads one query per line, a JSON object with any of
name, headline, company, email, url, message (and city), and prints one JSON line per query:
the ranked suggestions and the milliseconds recognition took, all in one process.
"""

import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Team
from network.recognition.matching import Query, recognise

FIELDS = ("name", "headline", "company", "email", "url", "message", "city")


def _rows(suggestions) -> list[dict]:
    return [
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


class Command(BaseCommand):
    help = "Who among a team's contacts might this person be? Ranked, with scores and reasons."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", nargs="?", default="", help="the name as shown on the request")
        parser.add_argument("--team", required=True, help="the team's slug")
        parser.add_argument("--company", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--url", default="", help="a profile address")
        parser.add_argument("--headline", default="")
        parser.add_argument("--message", default="")
        parser.add_argument("--limit", type=int, default=5)
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--batch", default="", help="a file of JSON queries, one per line ('-': stdin)"
        )

    def handle(self, *args, **options) -> None:
        team = Team.objects.filter(slug=options["team"]).first()
        if team is None:
            raise CommandError(f"No team with the slug {options['team']!r}.")
        if options["batch"]:
            self._batch(team, options["batch"], options["limit"])
            return
        if not (options["name"] or options["email"] or options["url"]):
            raise CommandError("Give a name, --email or --url (or --batch FILE).")
        query = Query(**{field: options[field] for field in FIELDS if field in options})
        rows = _rows(recognise(team, query, limit=options["limit"]))
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("Nobody in this team's contacts looks like this person.")
        for rank, row in enumerate(rows, start=1):
            self.stdout.write(
                f"{rank}. {row['name']} ({row['score']}%): {'; '.join(row['reasons'])}"
            )

    def _batch(self, team, path: str, limit: int) -> None:
        """One JSON line out per line in; a line that is not a JSON object gets an error
        line, and the others go on."""
        try:
            source = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        with source:
            for number, line in enumerate(source, start=1):
                if not line.strip():
                    continue
                try:
                    asked = json.loads(line)
                    if not isinstance(asked, dict):
                        raise ValueError("not an object")
                    values = {field: str(asked.get(field) or "")[:2000] for field in FIELDS}
                except ValueError as error:
                    out = {"line": number, "error": f"not a JSON object: {error}"}
                    self.stdout.write(json.dumps(out, ensure_ascii=False))
                    continue
                started = time.perf_counter()
                suggestions = recognise(team, Query(**values), limit=limit)
                elapsed = (time.perf_counter() - started) * 1000
                out = {
                    "line": number,
                    "query": {field: value for field, value in values.items() if value},
                    "ms": round(elapsed, 2),
                    "suggestions": _rows(suggestions),
                }
                self.stdout.write(json.dumps(out, ensure_ascii=False))
