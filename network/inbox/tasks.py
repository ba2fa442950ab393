"""Periodic work of the inbox, run by Celery beat."""

from celery import shared_task

from network.inbox.services import wake_due_requests


@shared_task(name="network.wake_snoozed_requests")
def wake_snoozed_requests() -> int:
    """Bring back the snoozed requests whose time has come; returns how many woke up."""
    return wake_due_requests()
