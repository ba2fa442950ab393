"""`manage.py bench inbox|recognition|reminders|import|mailbox`: figures printed, never asserted.

inbox: server time of the inbox page beside a bare view, in one run (a bench team with
100,000 contacts and 10,000 open requests by default).
recognition: recall@1 and recall@3 on labelled cases, false positives on strangers, and the
time per request beside a naive fuzzy scan of every contact (100,000 by default).
The data sets are built once and reused by later runs.
import: see ``network.dev.bench_import``.
api: the REST API's list and create beside the bare view (``network.dev.bench_api``).
mailbox: a poll of 1,000 messages from a dovecot started for the run (see
``network.dev.bench_mailbox``).
"""

from __future__ import annotations

import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, Team, User
from network.dev import bench_import, bench_recognition
from network.dev.bench_dashboard import bench_dashboard
from network.dev.bench_export import run as bench_export
from network.dev.benchdata import fill_address_book, fill_inbox
from network.dev.upkeep import settle
from network.models import INBOX_STATES, ConnectionRequest, Contact

BENCH_TEAM = "bench-inbox"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = "Measure the inbox page (median and p95 server time) against a bare view."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "what",
            choices=[
                "inbox",
                "recognition",
                "reminders",
                "pages",
                "load",
                "import",
                "export",
                "dashboard",
                "api",
                "mailbox",
            ],
            help="which benchmark",
        )
        parser.add_argument("--cases", type=int, default=100, help="recognition cases per kind")
        parser.add_argument("--contacts", type=int, default=100_000)
        parser.add_argument("--requests", type=int, default=10_000)
        parser.add_argument("--runs", type=int, default=200)
        parser.add_argument("--target", type=float, default=5.0, help="allowed ratio at the median")
        # reminders: handed over to `bench_reminders` (in replies, which network never imports).
        parser.add_argument("--outstanding", type=int, default=1_000_000)
        parser.add_argument("--due", type=int, default=10_000)
        parser.add_argument("--json", action="store_true")
        # pages and load: handed over to network/dev/bench_pages.py and bench_load.py.
        parser.add_argument("--messages", type=int, default=10_000, help="pages, load")
        parser.add_argument("--only", nargs="*", default=[], help="pages, load: names containing")
        parser.add_argument("--workers", type=int, default=4, help="load: gunicorn workers")
        parser.add_argument("--seconds", type=int, default=5, help="load: seconds per wrk run")
        parser.add_argument("--concurrency", type=int, nargs=2, default=[4, 16], help="load")
        # import: rows of the Connections.csv, and the size of an extra large file (0: none).
        parser.add_argument("--rows", type=int, default=30_000)
        parser.add_argument("--megabytes", type=int, default=0)
        parser.add_argument("--export-contacts", type=int, default=30_000)
        parser.add_argument("--emails", type=int, default=1_000, help="mailbox: messages")
        # recognition: the book's seed (one team per seed and size), the cases' seed, and how
        # many missed cases of each kind to print (the right person's rank, who outranked them).
        parser.add_argument("--seed", type=int, default=17, help="recognition: the book's seed")
        parser.add_argument("--case-seed", type=int, default=23, help="recognition: the cases'")
        parser.add_argument("--misses", type=int, default=0, help="recognition: misses shown")
        parser.add_argument(
            "--names",
            choices=["bench", "faker"],
            default="bench",
            help="recognition: people drawn from the bench's own lists or from Faker's",
        )

    def handle(self, *args, **options) -> None:
        if options["what"] == "import":
            bench_import.run(
                self.stdout,
                rows=options["rows"],
                megabytes=options["megabytes"],
                workdir=settings.VAR_DIR / "bench",
            )
            return
        if options["what"] == "mailbox":  # network/dev/bench_mailbox.py
            from network.dev import bench_mailbox

            bench_mailbox.run(options["emails"], self.stdout.write)
            return
        if options["what"] == "export":  # network/dev/bench_export.py
            bench_export(options["export_contacts"], self.stdout.write)
            return
        if options["what"] == "reminders":
            call_command(
                "bench_reminders",
                outstanding=options["outstanding"],
                due=options["due"],
                json=options["json"],
                stdout=self.stdout._out,
            )
            return
        if options["what"] == "api":  # network/dev/bench_api.py
            from network.dev import bench_api

            if options["runs"] == 200:
                options["runs"] = 60  # 7 calls, each alternated with the bare view
            bench_api.run(options, self.stdout.write)
            return
        if options["what"] in {"pages", "load"}:
            from network.dev import bench_load, bench_pages

            if options["what"] == "pages" and options["runs"] == 200:
                options["runs"] = 60  # 13 pages, each alternated with the bare view
            module = bench_pages if options["what"] == "pages" else bench_load
            module.run(options, self.stdout.write)
            return
        if options["runs"] < 10:
            raise CommandError("--runs must be at least 10")
        if options["what"] == "dashboard":
            bench_dashboard(self.stdout, options["requests"], options["runs"])
            return
        self.stdout.write(
            f"Database: {connection.vendor} ({settings.DATABASES['default']['NAME']})"
        )
        if connection.vendor != "postgresql":
            self.stdout.write(
                self.style.WARNING("The target is stated for PostgreSQL; set DATABASE_URL.")
            )
        if options["what"] == "recognition":
            bench_recognition.run(
                self.stdout,
                self.style,
                contacts=options["contacts"],
                per_kind=options["cases"],
                seed=options["seed"],
                case_seed=options["case_seed"],
                misses=options["misses"],
                names=options["names"],
            )
            return
        team, owner = self._data(options["contacts"], options["requests"])
        self._inbox(team, owner, options["runs"], options["target"])

    def _data(self, contacts: int, requests: int) -> tuple[Team, User]:
        owner, _created = User.objects.get_or_create(
            email="bench@netcurate.test", defaults={"display_name": "Bench"}
        )
        team = Team.objects.filter(slug=BENCH_TEAM).first()
        if team is None:
            team = Team.objects.create(name="Bench", slug=BENCH_TEAM)
            Membership.objects.create(team=team, user=owner, role="owner")
        owner.last_team = team
        owner.save(update_fields=["last_team"])
        have = Contact.objects.filter(team=team).count()
        if have < contacts:
            started = time.perf_counter()
            fill_address_book(team, owner, contacts - have)
            self.stdout.write(
                f"Added {contacts - have} contacts in {time.perf_counter() - started:.1f} s"
            )
        open_requests = ConnectionRequest.objects.filter(team=team, state__in=INBOX_STATES).count()
        if open_requests < requests:
            started = time.perf_counter()
            fill_inbox(team, owner, requests - open_requests)
            elapsed = time.perf_counter() - started
            self.stdout.write(f"Added {requests - open_requests} requests in {elapsed:.1f} s")
        settle()
        self.stdout.write(
            f"Data: {Contact.objects.filter(team=team).count()} contacts, "
            f"{ConnectionRequest.objects.filter(team=team, state__in=INBOX_STATES).count()} "
            "open requests"
        )
        return team, owner

    def _time(self, client: Client, url: str, runs: int) -> list[float]:
        host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
        for _ in range(max(5, runs // 20)):  # warm-up: caches, connections, templates
            client.get(url, secure=True, HTTP_HOST=host)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url, secure=True, HTTP_HOST=host)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
        return timings

    def _inbox(self, team: Team, owner: User, runs: int, target: float) -> None:
        client = Client()
        client.force_login(owner, backend=settings.AUTHENTICATION_BACKENDS[-1])
        bare = self._time(client, reverse("ping"), runs)
        inbox = self._time(client, reverse("inbox"), runs)
        selected = ConnectionRequest.objects.filter(team=team, state="new").first()
        detail = self._time(client, f"{reverse('inbox')}?r={selected.pk}", runs)
        rows = [("bare view (ok)", bare), ("inbox", inbox), ("inbox, one open", detail)]
        self.stdout.write(f"\n{'page':<18}{'median ms':>11}{'p95 ms':>9}{'x bare':>9}")
        base = statistics.median(bare)
        for name, timings in rows:
            median = statistics.median(timings)
            self.stdout.write(
                f"{name:<18}{median:>11.2f}{_percentile(timings, 0.95):>9.2f}{median / base:>9.1f}"
            )
        ratio = statistics.median(inbox) / base
        verdict = "met" if ratio <= target else "NOT met"
        style = self.style.SUCCESS if ratio <= target else self.style.ERROR
        self.stdout.write(
            style(
                f"\nTarget: inbox within {target:g}x of the bare view at the median: {verdict} "
                f"({ratio:.1f}x over {runs} requests each)"
            )
        )
