"""Invitations from people already connected, kept on their contact's history.

An export of invitations is a history: an INCOMING row from someone who is already a
contact is not put in the inbox, but it still says when and where they reached out, and
with what note. That goes on the contact's history (``ContactChange``, action
``invitation``), dated when the invitation was sent, once: importing the same file again,
or the same invitation from another export, adds nothing (the contact, the network, the
moment and the note say it is the same one).
"""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone

from network.models import ContactChange


def received_moment(value) -> datetime | None:
    """When an invitation was sent, as an aware moment (noon for a date alone)."""
    if value is None:
        return None
    if not isinstance(value, datetime):  # a date alone
        value = datetime.combine(value, time(12, 0))
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _same(contact_id: int, network: str, received: str, message: str) -> tuple:
    return (contact_id, network, received, message)


def _recorded_key(contact_id: int, data) -> tuple:
    data = data if isinstance(data, dict) else {}
    fields = (data.get(name, "") for name in ("network", "received", "message"))
    return _same(contact_id, *fields)


class InvitationHistory:
    """The invitations of one run to record, and those the team's contacts already have."""

    def __init__(self, *, team, actor, source: dict, dry_run: bool) -> None:
        self.team, self.actor, self.source, self.dry_run = team, actor, source, dry_run
        self._recorded: set[tuple] | None = None
        self.pending: list[ContactChange] = []
        self.count = 0

    def recorded(self) -> set[tuple]:
        """Read once, on the first invitation from a contact (most imports have none)."""
        if self._recorded is None:
            self._recorded = {
                _recorded_key(pk, data)
                for pk, data in ContactChange.objects.filter(
                    contact__team=self.team, action=ContactChange.Action.INVITATION
                )
                .values_list("contact_id", "data")
                .iterator(chunk_size=2000)
            }
        return self._recorded

    def add(
        self, contact_id: int, *, network: str, received: datetime | None, message: str
    ) -> bool:
        """Keep the invitation for ``contact_id``; False when it is on their history already
        (or was met earlier in this run)."""
        moment = received.isoformat() if received else ""
        key = _same(contact_id, network, moment, message)
        known = self.recorded()
        if key in known:
            return False
        known.add(key)
        self.count += 1
        if not self.dry_run and contact_id > 0:
            self.pending.append(
                ContactChange(
                    contact_id=contact_id,
                    actor=self.actor,
                    at=received or timezone.now(),
                    action=ContactChange.Action.INVITATION,
                    data={
                        "network": network,
                        "received": moment,
                        "message": message,
                        **self.source,
                    },
                )
            )
        return True

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        if pending:
            ContactChange.objects.bulk_create(pending, batch_size=500)
