"""Retention, run by beat: a sweep over the rows past their team's period (idempotent: what
is gone is gone, a second sweep finds nothing)."""

from __future__ import annotations

from celery import shared_task

from network.privacy.services import imports_sweep_all, retention_sweep_all


@shared_task(name="network.sweep_retention")
def sweep_retention() -> int:
    """Erase declined and archived requests past their team's retention period, and imports
    kept past ``IMPORT_KEEP_DAYS``; returns how many requests went."""
    imports_sweep_all()
    return retention_sweep_all()
