"""The app's Celery tasks, gathered here where Celery's autodiscovery looks for them."""

from replies.reminders.tasks import (
    hand_out_deliveries,
    send_digest,
    send_reminder,
    sweep_reminders,
)

__all__ = ["hand_out_deliveries", "send_digest", "send_reminder", "sweep_reminders"]
