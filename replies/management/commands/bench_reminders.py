"""`manage.py bench reminders` (or `bench_reminders`): one sweep over many reminders.

With 1,000,000 planned reminders of which 10,000 are due (by default; PostgreSQL is where
the target holds), the time of one sweep to claim the due ones and enqueue their delivery
tasks (to an in-memory broker: the broker's speed is not the subject), and the query plan
of the claim, which must use the partial index ``reminder_due``. ``--json`` ends the output
with one line: {"sweep_seconds": ..., "claimed": N, "index_used": true|false}.
"""

from __future__ import annotations

import json
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from kombu import Connection

from accounts.models import Team, User
from network.inbox.services import connection_request_receive
from network.models import ConnectionRequest
from replies.dev.reminders import fill_reminders, make_due
from replies.reminders.models import Reminder
from replies.reminders.services import SWEEP_BATCH, reminders_sweep
from replies.reminders.tasks import HAND_OUT_SIZE, enqueue_deliveries

BENCH_TEAM = "bench-reminders"
MEMBERS = 1000
TARGET_SECONDS = 5.0
UNUSABLE = make_password(None)


class Command(BaseCommand):
    help = "Time one sweep of due reminders (claim and enqueue) and show its query plan."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--outstanding", type=int, default=1_000_000)
        parser.add_argument("--due", type=int, default=10_000)
        parser.add_argument("--json", action="store_true", help="end with one JSON line")

    def handle(self, *args, **options) -> None:
        outstanding, due = options["outstanding"], options["due"]
        if not 0 < due <= outstanding:
            raise CommandError("--due must be between 1 and --outstanding")
        team = self._data(outstanding)
        make_due(team, due)
        self._analyse()
        plan = self._plan()
        self.stdout.write("Claim query plan:\n" + plan)
        index_used = "reminder_due" in plan
        enqueued = []
        with Connection("memory://") as broker, broker.Producer() as producer:

            def enqueue(singles, digests):
                enqueued.extend(singles)
                enqueue_deliveries(singles, digests, producer=producer)

            started = time.perf_counter()
            claimed = reminders_sweep(enqueue=enqueue)
            seconds = time.perf_counter() - started
        self.stdout.write(
            f"Sweep: {claimed} reminders claimed and {len(enqueued)} enqueued in {seconds:.2f} s "
            f"(hand-out tasks of {HAND_OUT_SIZE}, each publishing one task per reminder), "
            f"among {outstanding} planned ({connection.vendor})"
        )
        met = seconds <= TARGET_SECONDS and index_used
        style = self.style.SUCCESS if met else self.style.ERROR
        self.stdout.write(
            style(
                f"Target: one sweep within {TARGET_SECONDS:g} s, on the partial index: "
                f"{'met' if met else 'NOT met'}"
            )
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "sweep_seconds": round(seconds, 3),
                        "claimed": claimed,
                        "index_used": index_used,
                    }
                )
            )

    def _data(self, outstanding: int) -> Team:
        team = Team.objects.filter(slug=BENCH_TEAM).first()
        if team is None:
            team = Team.objects.create(name="Bench reminders", slug=BENCH_TEAM)
        have = Reminder.objects.filter(team=team).count()
        if have == outstanding:
            return team
        started = time.perf_counter()
        with transaction.atomic():
            Reminder.objects.filter(team=team).delete()
            members = self._members(min(MEMBERS, max(1, outstanding // 3)))
            needed = -(-outstanding // (3 * len(members)))
            requests = self._requests(team, members[0], needed)
            fill_reminders(team, members, requests, outstanding)
        self.stdout.write(
            f"Added {outstanding} planned reminders in {time.perf_counter() - started:.1f} s"
        )
        return team

    def _members(self, count: int) -> list[int]:
        emails = [f"bench-reminders-{index}@netcurate.test" for index in range(count)]
        known = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        User.objects.bulk_create(
            # An unusable password: bench members never log in.
            [User(email=email, password=UNUSABLE) for email in emails if email not in known],
            batch_size=1000,
        )
        members = User.objects.filter(email__in=emails).order_by("pk")
        return list(members.values_list("pk", flat=True))

    def _requests(self, team: Team, owner_id: int, count: int) -> list[int]:
        have = list(
            ConnectionRequest.objects.filter(team=team).order_by("pk").values_list("pk", flat=True)
        )
        owner = User.objects.get(pk=owner_id)
        for index in range(len(have), count):
            have.append(
                connection_request_receive(
                    team=team, owner=owner, sender_name=f"Bench {index}", network="linkedin"
                ).pk
            )
        return have[:count]

    def _analyse(self) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "ANALYZE replies_reminder"
                    if connection.in_atomic_block
                    else "VACUUM ANALYZE replies_reminder"
                )

    def _plan(self) -> str:
        claim = (
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(state=Reminder.State.PENDING, due_at__lte=timezone.now())
            .order_by("due_at")
            .values_list("pk", "user_id", "digest")[:SWEEP_BATCH]
        )
        with transaction.atomic():
            return claim.explain()
