"""Demo and benchmark data for the follow-up reminders."""

from __future__ import annotations

import io
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from network.inbox.services import connection_request_receive
from network.models import ConnectionRequest
from network.text.profiles import parse_profile
from replies.models import Intent, Phrase
from replies.phrases import fill, values_for
from replies.reminders.models import Reminder
from replies.reminders.services import reminders_schedule
from replies.services import message_send

DEMO_PROFILE = "https://www.linkedin.com/in/julien-petit-conseil"
# The first reminder comes this long after `make run` seeds the demo: the worker's beat sends
# it (to the console) within the first minutes.
DEMO_DUE_IN = timedelta(minutes=2)


def seed_waiting_clarification(team, owner) -> bool:
    """A clarification asked (in French) about a week ago, its first reminder due in two
    minutes; returns False when it is there already."""
    profile = parse_profile(DEMO_PROFILE)
    if ConnectionRequest.objects.filter(team=team, handle=profile.handle).exists():
        return False
    with transaction.atomic():
        connection_request = connection_request_receive(
            team=team,
            owner=owner,
            sender_name="Julien Petit",
            profile=profile,
            headline="Consultant",
            language="fr",
            received_at=timezone.now() - timedelta(days=8),
        )
        phrase = Phrase.objects.filter(
            team=team, owner__isnull=True, intent=Intent.ASK_HOW_MET, language="fr"
        ).first()
        text = fill(phrase.body, values_for(connection_request, owner, team)) if phrase else "?"
        message = message_send(
            connection_request=connection_request,
            actor=owner,
            text=text,
            intent=Intent.ASK_HOW_MET,
            phrase=phrase,
        )
        # Back-date the question so that its first reminder falls due in a moment.
        asked_at = timezone.now() - timedelta(days=7) + DEMO_DUE_IN
        message.sent_at = asked_at
        message.save(update_fields=["sent_at"])
        connection_request.events.filter(action="ask").update(at=asked_at)
        reminders_schedule(connection_request=connection_request, user=owner, asked_at=asked_at)
        # The member's clock may have moved the day; the demo wants it due in minutes.
        Reminder.objects.filter(
            connection_request=connection_request, kind=Reminder.Kind.FIRST
        ).update(due_at=timezone.now() + DEMO_DUE_IN)
    return True


KINDS = ["first", "second", "decide"]


def _slot(index: int, members: list[int], requests: list[int]) -> tuple[int, int, str]:
    """(member, request, kind) of the ``index``-th row: each triple once, as the unique
    constraint on live reminders requires."""
    kind = KINDS[index % 3]
    member = members[(index // 3) % len(members)]
    request = requests[index // (3 * len(members))]
    return member, request, kind


def fill_reminders(team, members: list[int], requests: list[int], outstanding: int) -> None:
    """Add ``outstanding`` reminders planned for later (COPY on PostgreSQL, batched inserts
    elsewhere); ``len(members) * len(requests) * 3`` must be at least ``outstanding``."""
    now = timezone.now()
    later = now + timedelta(days=30)
    asked = now - timedelta(days=7)
    if connection.vendor == "postgresql":
        columns = (
            "team_id, user_id, connection_request_id, kind, state, asked_at, due_at, digest, "
            "attempts, cancel_reason, last_error, created_at"
        )
        buffer = io.StringIO()
        for index in range(outstanding):
            member, request, kind = _slot(index, members, requests)
            due_at = later + timedelta(seconds=index)
            buffer.write(
                f"{team.pk}\t{member}\t{request}\t{kind}\tpending\t{asked.isoformat()}\t"
                f"{due_at.isoformat()}\tf\t0\t\t\t{now.isoformat()}\n"
            )
        buffer.seek(0)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY replies_reminder ({columns}) FROM STDIN") as copy,
        ):
            while data := buffer.read(1 << 20):
                copy.write(data)
        return
    batch = []
    for index in range(outstanding):
        member, request, kind = _slot(index, members, requests)
        batch.append(
            Reminder(
                team=team,
                user_id=member,
                connection_request_id=request,
                kind=kind,
                asked_at=asked,
                due_at=later + timedelta(seconds=index),
            )
        )
        if len(batch) == 5000:
            Reminder.objects.bulk_create(batch)
            batch = []
    Reminder.objects.bulk_create(batch)


def make_due(team, due: int) -> None:
    """Put the bench back in its starting state: ``due`` reminders due now, the rest later."""
    now = timezone.now()
    bench = Reminder.objects.filter(team=team)
    bench.exclude(state=Reminder.State.PENDING).update(
        state=Reminder.State.PENDING, claimed_at=None, due_at=now + timedelta(days=30)
    )
    bench.filter(due_at__lte=now).update(due_at=now + timedelta(days=30))
    first = bench.order_by("pk").values_list("pk", flat=True)[:due]
    Reminder.objects.filter(pk__in=list(first)).update(due_at=now - timedelta(minutes=5))
