"""Mailbox polling, run by Celery: beat starts the sweep every minute; the sweep hands each
due mailbox's id to ``poll_mailbox`` on the queue it ran from. Both are idempotent: a poll
already running is left to finish, and a message is read once whatever happens."""

from __future__ import annotations

from celery import shared_task

from network.mailbox.services import mailbox_poll, mailboxes_sweep


@shared_task(bind=True, name="network.sweep_mailboxes")
def sweep_mailboxes(self) -> int:
    """Claim the mailboxes due for a poll and enqueue one poll each; returns how many."""
    queue = (self.request.delivery_info or {}).get("routing_key")
    options = {"queue": queue} if queue else {}

    def enqueue(ids: list[int]) -> None:
        for pk in ids:
            poll_mailbox.apply_async(args=[pk], **options)

    return mailboxes_sweep(enqueue=enqueue)


@shared_task(name="network.poll_mailbox", acks_late=True)
def poll_mailbox(mailbox_id: int) -> dict | None:
    """Read the mailbox's new messages; the counts, or None when it was not polled
    (disconnected, gone, or polled by another worker at this moment)."""
    result = mailbox_poll(mailbox_id)
    if result is None:
        return None
    return {"counts": {str(k): v for k, v in result.counts.items()}, "error": result.error}
