"""What Celery beat runs, and how often: periodic sweeps over database rows (never long
countdowns), each idempotent."""

from config import env

CELERY_BEAT_SCHEDULE = {
    "wake-snoozed-requests": {"task": "network.wake_snoozed_requests", "schedule": 60.0},
    # Retention is counted in days: an hourly sweep erases within the hour a request is due.
    "sweep-retention": {"task": "network.sweep_retention", "schedule": 3600.0},
    # Connected mailboxes due for a poll (each every MAILBOX_POLL_MINUTES).
    "sweep-mailboxes": {"task": "network.sweep_mailboxes", "schedule": 60.0},
    # Each key's tally rows summed into one (network/contacts/tallies.py).
    "compact-key-tallies": {"task": "network.compact_key_tallies", "schedule": 600.0},
    "sweep-reminders": {
        "task": "replies.sweep_reminders",
        "schedule": float(
            env.integer(
                "REMINDER_SWEEP_SECONDS", 60, "seconds between two sweeps of due reminders", 5
            )
        ),
    },
}
