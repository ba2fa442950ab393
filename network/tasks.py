"""The app's Celery tasks, gathered here where Celery's autodiscovery looks for them."""

from network.inbox.tasks import wake_snoozed_requests

__all__ = ["wake_snoozed_requests"]
