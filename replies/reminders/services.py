"""Planning reminders: scheduled when a clarification is asked, cancelled when the request
leaves "clarification asked", resumed when an undo brings it back, moved when settings change,
muted per request. Then the sweep that hands due reminders to the worker.

Everything here runs inside the caller's transaction: a request's state and its reminders
change together or not at all.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from network.models import ConnectionRequest, RequestEvent, RequestState
from replies.reminders.models import Reminder, ReminderMute, ReminderSettings
from replies.reminders.schedule import due_moment, zone_of

log = logging.getLogger(__name__)

LIVE = [Reminder.State.PENDING, Reminder.State.SENDING]
KINDS = [Reminder.Kind.FIRST, Reminder.Kind.SECOND, Reminder.Kind.DECIDE]
# Rows claimed per transaction: short transactions, however many are due.
SWEEP_BATCH = 1000


def due_for(prefs: ReminderSettings, user, kind: str, asked_at: datetime) -> tuple[datetime, bool]:
    """(due at, is in a digest) for one reminder of ``user`` under ``prefs``.

    Only reminders (first, second) wait for the digest; the proposal to decide is a change in
    the inbox, shown from its day."""
    zone = zone_of(getattr(user, "timezone", None), settings.TIME_ZONE)
    digest = prefs.is_digest and kind != Reminder.Kind.DECIDE
    hour = prefs.digest_hour if digest else None
    return due_moment(asked_at, prefs.after_days(kind), zone, hour), digest


def is_muted(user, connection_request: ConnectionRequest) -> bool:
    return ReminderMute.objects.filter(user=user, connection_request=connection_request).exists()


def reminders_schedule(
    *, connection_request: ConnectionRequest, user, asked_at: datetime | None = None
) -> list[Reminder]:
    """Plan the first and second reminders and the proposal to decide for a clarification
    ``user`` just asked. Live reminders of an earlier question are replaced."""
    if user is None or is_muted(user, connection_request):
        return []
    asked_at = asked_at or timezone.now()
    _cancel(Reminder.objects.filter(connection_request=connection_request, user=user), "replaced")
    prefs = ReminderSettings.for_member(connection_request.team, user)
    rows = []
    for kind in KINDS:
        due_at, digest = due_for(prefs, user, kind, asked_at)
        rows.append(
            Reminder(
                team_id=connection_request.team_id,
                user=user,
                connection_request=connection_request,
                kind=kind,
                asked_at=asked_at,
                due_at=due_at,
                digest=digest,
            )
        )
    return Reminder.objects.bulk_create(rows)


def _cancel(reminders, reason: str) -> int:
    """Cancel the reminders still planned. One being sent right now is left to its task,
    which checks the request's state under lock before sending."""
    return reminders.filter(state=Reminder.State.PENDING).update(
        state=Reminder.State.CANCELLED, cancelled_at=timezone.now(), cancel_reason=reason[:10]
    )


def reminders_cancel(*, connection_request: ConnectionRequest, reason: str, user=None) -> int:
    reminders = Reminder.objects.filter(connection_request=connection_request)
    if user is not None:
        reminders = reminders.filter(user=user)
    return _cancel(reminders, reason)


def reminders_resume(*, connection_request: ConnectionRequest, user=None) -> list[Reminder]:
    """Back in "clarification asked" (an undo, or a member unmuting): plan again what the
    last question has not sent yet, from the moment it was asked. What fell due meanwhile is
    due now, once."""
    reminders = Reminder.objects.filter(connection_request=connection_request)
    if user is not None:
        reminders = reminders.filter(user=user)
    latest = {}
    for row in reminders.order_by("asked_at"):
        latest[row.user_id] = row.asked_at
    if not latest and user is not None:
        ask = _last_ask(connection_request)
        latest = {user.pk: ask.at} if ask else {}
    created = []
    now = timezone.now()
    for user_id, asked_at in latest.items():
        member = user if user is not None else _user(user_id)
        if is_muted(member, connection_request):
            continue
        done = set(
            reminders.filter(user_id=user_id, asked_at=asked_at)
            .filter(Q(state__in=LIVE) | Q(state=Reminder.State.SENT))
            .values_list("kind", flat=True)
        )
        prefs = ReminderSettings.for_member(connection_request.team, member)
        for kind in KINDS:
            if kind in done:
                continue
            due_at, digest = due_for(prefs, member, kind, asked_at)
            created.append(
                Reminder(
                    team_id=connection_request.team_id,
                    user=member,
                    connection_request=connection_request,
                    kind=kind,
                    asked_at=asked_at,
                    due_at=max(due_at, now),
                    digest=digest,
                )
            )
    return Reminder.objects.bulk_create(created)


def _user(pk: int):
    from accounts.models import User

    return User.objects.get(pk=pk)


def _last_ask(connection_request: ConnectionRequest) -> RequestEvent | None:
    return (
        connection_request.events.filter(action="ask", undone=False).order_by("-at", "-pk").first()
    )


def on_request_changed(sender, connection_request: ConnectionRequest, event, **kwargs) -> None:
    """Every event of a request, inside its transaction: reminders follow the state."""
    asked = RequestState.ASKED
    if event.to_state == asked and event.from_state != asked:
        if event.action == "ask":
            reminders_schedule(
                connection_request=connection_request,
                user=event.actor or connection_request.owner,
                asked_at=event.at,
            )
        else:  # an undo brought the request back to waiting for an answer
            reminders_resume(connection_request=connection_request)
    elif event.from_state == asked and event.to_state != asked:
        reminders_cancel(connection_request=connection_request, reason=event.action)


def reminders_mute(*, connection_request: ConnectionRequest, user) -> bool:
    """Mute ("don't remind me about this one"); True if it was not muted yet."""
    with transaction.atomic():
        _mute, created = ReminderMute.objects.get_or_create(
            user=user,
            connection_request=connection_request,
            defaults={"team_id": connection_request.team_id},
        )
        reminders_cancel(connection_request=connection_request, reason="muted", user=user)
    return created


def reminders_unmute(*, connection_request: ConnectionRequest, user) -> bool:
    """Remind me again; reminders the question still has ahead are planned again."""
    with transaction.atomic():
        deleted, _ = ReminderMute.objects.filter(
            user=user, connection_request=connection_request
        ).delete()
        if deleted and connection_request.state == RequestState.ASKED:
            reminders_resume(connection_request=connection_request, user=user)
    return bool(deleted)


def reminders_reschedule(*, team, users: Iterable) -> int:
    """Move the planned reminders of ``users`` in ``team`` after a change of settings."""
    moved = []
    for user in users:
        prefs = ReminderSettings.for_member(team, user)
        pending = Reminder.objects.filter(team=team, user=user, state=Reminder.State.PENDING)
        for reminder in pending:
            reminder.due_at, reminder.digest = due_for(
                prefs, user, reminder.kind, reminder.asked_at
            )
            moved.append(reminder)
    Reminder.objects.bulk_update(moved, ["due_at", "digest"], batch_size=500)
    return len(moved)


def reminder_settings_save(prefs: ReminderSettings) -> int:
    """Save a member's (or the team's default) settings and move the reminders they govern;
    returns how many moved."""
    from accounts.models import User

    with transaction.atomic():
        prefs.save()
        if prefs.user_id is not None:
            users = [prefs.user]
        else:  # the default governs the members without settings of their own
            own = ReminderSettings.objects.filter(team=prefs.team, user__isnull=False)
            users = User.objects.filter(memberships__team=prefs.team).exclude(
                pk__in=own.values("user_id")
            )
        return reminders_reschedule(team=prefs.team, users=users)


# The sweep


Enqueue = Callable[[list[int], dict[int, list[int]]], None]


def claim_timeout() -> timedelta:
    return timedelta(minutes=settings.REMINDER_CLAIM_TIMEOUT_MINUTES)


def reminders_sweep(*, enqueue: Enqueue, now: datetime | None = None, limit: int = 50_000) -> int:
    """Claim the reminders due by ``now`` and hand them to the worker once the claim is
    committed (``enqueue(singles, digests)``): each on its own, or one digest per member.
    Rows another sweep holds are skipped (SKIP LOCKED), so sweeps may overlap. A reminder
    stuck in "sending" (its worker died) is claimed again after
    ``REMINDER_CLAIM_TIMEOUT_MINUTES``. Returns how many."""
    now = now or timezone.now()
    stuck = Q(state=Reminder.State.SENDING, claimed_at__lt=now - claim_timeout())
    claimed = _claim(stuck, now, enqueue, limit)
    due = Q(state=Reminder.State.PENDING, due_at__lte=now)
    claimed += _claim(due, now, enqueue, limit - claimed)
    if claimed:
        log.info("Reminders: %d claimed for delivery", claimed)
    return claimed


def _claim(condition: Q, now: datetime, enqueue: Enqueue, limit: int) -> int:
    """Claim rows matching ``condition``, a batch per transaction, until none is left."""
    claimed = 0
    while claimed < limit:
        with transaction.atomic():
            rows = list(
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(condition)
                .order_by("due_at")
                .values_list("pk", "user_id", "digest")[: min(SWEEP_BATCH, limit - claimed)]
            )
            if not rows:
                break
            Reminder.objects.filter(pk__in=[pk for pk, _user, _digest in rows]).update(
                state=Reminder.State.SENDING, claimed_at=now
            )
            singles = [pk for pk, _user, digest in rows if not digest]
            digests: dict[int, list[int]] = defaultdict(list)
            for pk, user_id, digest in rows:
                if digest:
                    digests[user_id].append(pk)
            transaction.on_commit(
                lambda singles=singles, digests=dict(digests): enqueue(singles, digests)
            )
        claimed += len(rows)
        if len(rows) < SWEEP_BATCH:
            break
    return claimed
