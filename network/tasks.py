"""The app's Celery tasks, gathered here where Celery's autodiscovery looks for them."""

from network.contacts.tasks import compact_key_tallies_task
from network.imports.tasks import apply_import, preview_import
from network.inbox.tasks import wake_snoozed_requests
from network.mailbox.tasks import poll_mailbox, sweep_mailboxes
from network.privacy.tasks import sweep_retention
from network.recognition.tasks import match_connection_request, rematch_team

__all__ = [
    "apply_import",
    "compact_key_tallies_task",
    "match_connection_request",
    "poll_mailbox",
    "preview_import",
    "rematch_team",
    "sweep_mailboxes",
    "sweep_retention",
    "wake_snoozed_requests",
]
