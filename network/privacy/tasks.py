"""Retention, run by beat: a sweep over the rows past their team's period (idempotent: what
is gone is gone, a second sweep finds nothing)."""

from __future__ import annotations

from celery import shared_task

from network.privacy.services import retention_sweep_all


@shared_task(name="network.sweep_retention")
def sweep_retention() -> int:
    """Erase declined and archived requests past their team's retention period."""
    return retention_sweep_all()
