"""The app's Celery tasks, gathered here where Celery's autodiscovery looks for them."""

from replies.reminders.tasks import send_digest, send_reminder, sweep_reminders

__all__ = ["send_digest", "send_reminder", "sweep_reminders"]
