"""Phrase library, messages sent and follow-up reminders."""
