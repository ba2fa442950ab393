"""Periodic upkeep of the contacts' tables, run by Celery beat."""

from celery import shared_task

from network.contacts.tallies import compact_key_tallies


@shared_task(name="network.compact_key_tallies")
def compact_key_tallies_task() -> int:
    """Sum the key tallies' rows (see ``compact_key_tallies``); returns how many went."""
    return compact_key_tallies()
