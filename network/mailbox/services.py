"""Invitation emails into the inbox: one email (an uploaded file or a message of a mailbox)
becomes a request through the inbox's one door for requests that arrive by themselves, and
a mailbox poll reads a folder's new messages in batches, each batch in one transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Membership
from network.inbox.services import connection_request_receive_once
from network.mailbox import imap, secrets
from network.mailbox.models import Mailbox, MailboxMessage
from network.mailbox.parsing import (
    Envelope,
    Invitation,
    Unreadable,
    envelope,
    message_key,
    read_invitation,
)
from network.models import ConnectionRequest

log = logging.getLogger(__name__)

Outcome = MailboxMessage.Outcome
COUNTED = [Outcome.NEW, Outcome.DUPLICATE, Outcome.OTHER, Outcome.UNREADABLE]
# A poll still marked running after this long died with its worker: another may start.
POLL_CLAIM_TIMEOUT = timedelta(minutes=15)


@dataclass
class EmailResult:
    """What came of one email: the outcome, the request (new or already there) or why it
    could not be read."""

    outcome: str
    connection_request: ConnectionRequest | None = None
    reason: str = ""


@dataclass
class PollResult:
    counts: dict = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    error: dict = field(default_factory=dict)


def _receive(team, owner, invitation: Invitation) -> tuple[ConnectionRequest, bool]:
    fields = {
        "headline": invitation.headline[:300],
        "message": invitation.message,
        "received_at": invitation.received_at,
        "mutual_connections": invitation.mutual_connections,
    }
    profile = invitation.profile
    if profile is not None and len(profile.url) > 500:
        profile = None
    return connection_request_receive_once(
        team=team,
        owner=owner,
        sender_name=invitation.sender_name[:200],
        profile=profile,
        network=invitation.network,
        **fields,
    )


def email_import(
    *, team, owner, raw: bytes, known: Envelope | None = None, fallback_date: datetime | None = None
) -> EmailResult:
    """One email: a new request, the open request it duplicates, another kind of email
    (left alone), or unreadable with the reason; all of it or nothing is written. ``known``:
    its envelope, when the caller has read it already."""
    try:
        invitation = read_invitation(raw, fallback_date, known)
    except Unreadable as error:
        return EmailResult(Outcome.UNREADABLE, reason=str(error))
    if invitation is None:
        return EmailResult(Outcome.OTHER)
    connection_request, created = _receive(team, owner, invitation)
    return EmailResult(Outcome.NEW if created else Outcome.DUPLICATE, connection_request)


def _claim(mailbox_id: int, now: datetime) -> bool:
    """Mark the mailbox as being polled, unless another poll runs (an atomic update)."""
    free = Q(polling_since__isnull=True) | Q(polling_since__lt=now - POLL_CLAIM_TIMEOUT)
    return bool(
        Mailbox.objects.filter(free, pk=mailbox_id, state=Mailbox.State.CONNECTED).update(
            polling_since=now
        )
    )


def mailbox_poll(mailbox_id: int, now: datetime | None = None) -> PollResult | None:
    """Read the folder's messages that are new since the last poll; ``None`` when the
    mailbox is disconnected, gone, or being polled already. Idempotent: a message is read
    once, whatever its UID becomes."""
    now = now or timezone.now()
    if not _claim(mailbox_id, now):
        return None
    mailbox = Mailbox.objects.select_related("team", "connected_by").get(pk=mailbox_id)
    result = PollResult()
    try:
        _poll(mailbox, result)
    except imap.MailboxError as error:
        result.error = error.as_json()
        log.warning("Mailbox %s: poll failed (%s)", mailbox.pk, error.code)
    finally:
        _finish(mailbox, result, now)
    return result


def _check_owner(mailbox: Mailbox) -> None:
    membership = Membership.objects.filter(team=mailbox.team, user=mailbox.connected_by).first()
    if membership is None or not membership.can_write:
        raise imap.MailboxError("left_team")


def _password(mailbox: Mailbox) -> str:
    try:
        return mailbox.password()
    except secrets.KeyMissing:
        raise imap.MailboxError("key_missing") from None
    except secrets.InvalidToken:
        raise imap.MailboxError("key_changed") from None


def _poll(mailbox: Mailbox, result: PollResult) -> None:
    _check_owner(mailbox)
    with imap.session(mailbox, _password(mailbox)) as (client, validity):
        if validity != mailbox.uid_validity:
            # The server renumbered the folder: read it all again; the messages remembered
            # by Message-ID are skipped, so nothing is doubled.
            mailbox.uid_validity, mailbox.last_uid = validity, 0
            mailbox.save(update_fields=["uid_validity", "last_uid"])
        uids = imap.new_uids(client, mailbox.last_uid)
        for batch in imap.fetch(client, uids):
            _read_batch(mailbox, batch, result)


def _envelopes(mailbox: Mailbox, batch) -> dict[int, tuple[str, Envelope | None, str]]:
    """uid: (key, envelope, why unreadable) for each message of the batch."""
    read = {}
    for uid, raw in batch:
        if raw is None:
            read[uid] = (f"uid:{mailbox.uid_validity}:{uid}", None, "too big")
            continue
        try:
            known = envelope(raw)
        except Unreadable as error:
            read[uid] = (message_key(raw), None, str(error))
            continue
        read[uid] = (message_key(raw, known.message_id), known, "")
    return read


def _read_batch(mailbox: Mailbox, batch: list[tuple[int, bytes | None]], result) -> None:
    read = _envelopes(mailbox, batch)
    with transaction.atomic():
        seen = set(
            MailboxMessage.objects.filter(
                mailbox=mailbox, key__in=[key for key, _known, _why in read.values()]
            ).values_list("key", flat=True)
        )
        remembered = []
        for uid, raw in batch:
            key, known, _why = read[uid]
            if key in seen:
                continue
            seen.add(key)
            if known is None:
                outcome = Outcome.UNREADABLE
            else:  # all of one email or nothing: the inbox's door is one transaction
                outcome = email_import(
                    team=mailbox.team, owner=mailbox.connected_by, raw=raw, known=known
                ).outcome
            remembered.append(MailboxMessage(mailbox=mailbox, key=key, uid=uid, outcome=outcome))
            result.counts[outcome] += 1
        MailboxMessage.objects.bulk_create(remembered)
        mailbox.last_uid = max([mailbox.last_uid, *(uid for uid, _raw in batch)])
        mailbox.save(update_fields=["last_uid"])


def _finish(mailbox: Mailbox, result: PollResult, now: datetime) -> None:
    totals = dict(mailbox.totals or {})
    for outcome, count in result.counts.items():
        totals[outcome] = totals.get(outcome, 0) + count
    Mailbox.objects.filter(pk=mailbox.pk).update(
        polling_since=None,
        last_poll_at=timezone.now(),
        last_counts={str(key): value for key, value in result.counts.items()},
        totals={str(key): value for key, value in totals.items()},
        last_error=result.error,
        next_poll_at=now + timedelta(minutes=settings.MAILBOX_POLL_MINUTES),
    )


def mailbox_test(mailbox: Mailbox, password: str | None = None) -> dict:
    """Log in and open the folder; the error as stored (empty when it worked)."""
    try:
        with imap.session(mailbox, password if password is not None else _password(mailbox)):
            pass
    except imap.MailboxError as error:
        log.info("Mailbox %s: connection test failed (%s)", mailbox.pk, error.code)
        return error.as_json()
    return {}


def mailboxes_sweep(*, enqueue, now: datetime | None = None, limit: int = 500) -> int:
    """Claim the connected mailboxes due for a poll (SKIP LOCKED: sweeps may overlap), move
    their next poll on, and hand their ids to ``enqueue`` once the claim is committed."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Mailbox.objects.select_for_update(skip_locked=True)
            .filter(state=Mailbox.State.CONNECTED)
            .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
            .order_by("next_poll_at")
            .values_list("pk", flat=True)[:limit]
        )
        if due:
            Mailbox.objects.filter(pk__in=due).update(
                next_poll_at=now + timedelta(minutes=settings.MAILBOX_POLL_MINUTES)
            )
            transaction.on_commit(lambda: enqueue(due))
    return len(due)
