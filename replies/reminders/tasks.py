"""The reminder tasks: thin wrappers that take ids. Beat runs the sweep every minute
(``REMINDER_SWEEP_SECONDS``); the sweep enqueues one delivery task per reminder, or per
member's digest, once its claim is committed.

Acks are late and a task lost with its worker is rejected back to the queue (global
settings); a mail server that fails gets retries with exponential back-off, never long.
"""

from __future__ import annotations

import smtplib

from celery import shared_task

from replies.reminders.delivery import reminders_deliver, reminders_failed
from replies.reminders.services import reminders_sweep

RETRY_FIRST_SECONDS = 2
RETRY_MAX_SECONDS = 300


def backoff(retries: int) -> int:
    """2 s, 4 s, 8 s… up to 5 minutes."""
    return min(RETRY_MAX_SECONDS, RETRY_FIRST_SECONDS * 2**retries)


@shared_task(name="replies.sweep_reminders")
def sweep_reminders() -> int:
    """Claim the due reminders and hand them to delivery tasks; returns how many."""
    return reminders_sweep(enqueue=enqueue_deliveries)


# Publishing a Celery task costs about a millisecond or more; a sweep with thousands due
# publishes a few hand-out tasks instead, and workers publish the per-reminder tasks.
DIRECT_LIMIT = 20
HAND_OUT_SIZE = 200


def enqueue_deliveries(singles: list[int], digests: dict[int, list[int]], **options) -> None:
    """One delivery task per reminder, one per member's digest (``options`` go to
    ``apply_async``); beyond a few, through hand-out tasks of ``HAND_OUT_SIZE`` each."""
    groups = list(digests.values())
    if len(singles) + len(groups) <= DIRECT_LIMIT:
        _publish(singles, groups, options)
        return
    for start in range(0, max(len(singles), len(groups)), HAND_OUT_SIZE):
        hand_out_deliveries.apply_async(
            args=[singles[start : start + HAND_OUT_SIZE], groups[start : start + HAND_OUT_SIZE]],
            **options,
        )


def _publish(singles: list[int], groups: list[list[int]], options: dict) -> None:
    for pk in singles:
        send_reminder.apply_async(args=[pk], **options)
    for pks in groups:
        send_digest.apply_async(args=[pks], **options)


@shared_task(bind=True, name="replies.hand_out_deliveries", acks_late=True)
def hand_out_deliveries(self, singles: list[int], groups: list[list[int]]) -> int:
    """Publish the delivery tasks of a batch, on the queue this came from. Publishing one twice
    (a redelivered hand-out) is harmless: a delivery happens once."""
    queue = (self.request.delivery_info or {}).get("routing_key")
    _publish(singles, groups, {"queue": queue} if queue else {})
    return len(singles) + len(groups)


def _deliver(task, reminder_ids: list[int]) -> int:
    try:
        return reminders_deliver(reminder_ids)
    except (smtplib.SMTPException, OSError) as error:
        reminders_failed(reminder_ids, error)
        raise task.retry(exc=error, countdown=backoff(task.request.retries)) from error


@shared_task(
    bind=True,
    name="replies.send_reminder",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=8,
)
def send_reminder(self, reminder_id: int) -> int:
    """Deliver one claimed reminder (email, notification, or both)."""
    return _deliver(self, [reminder_id])


@shared_task(
    bind=True,
    name="replies.send_digest",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=8,
)
def send_digest(self, reminder_ids: list[int]) -> int:
    """Deliver a member's claimed reminders as one digest."""
    return _deliver(self, reminder_ids)
