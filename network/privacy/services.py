"""Erasure: forgetting a person across the team, and retention's sweep. Each erases in one
transaction and leaves an anonymous ``ErasureRecord`` (kinds and counts only)."""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.utils import timezone

from accounts.models import Team
from network.contacts.models import Contact
from network.inbox.models import ConnectionRequest, forget_inbox_counts
from network.privacy.models import ErasureRecord, PrivacySettings
from network.privacy.selectors import RETAINED_STATES, person_requests, retention_due
from network.recognition.tasks import match_on_commit


def _erase(queryset) -> Counter:
    """Delete the rows and everything that cascades from them; the counts by model."""
    _total, counts = queryset.delete()
    return Counter({label: n for label, n in counts.items() if n})


def person_forget(*, contact: Contact, actor) -> ErasureRecord:
    """Erase a person: the contact with everything attached (names, former names, emails,
    phones, profiles, categories, history, recognition keys, privacy to-dos), every request
    about them (linked to the contact, or from one of their profiles or emails) with its
    events, messages, replies, reminders, notifications and recognition keys. Other contacts
    they introduced lose the link; requests that took them for their best match lose the
    suggestion. Irreversible."""
    team = contact.team
    with transaction.atomic():
        Contact.objects.select_for_update().filter(pk=contact.pk).get()
        about = person_requests(contact)
        suggested = list(
            ConnectionRequest.objects.filter(best_match=contact)
            .exclude(pk__in=about.values("pk"))
            .values_list("pk", flat=True)
        )
        counts = _erase(about)
        counts += _erase(Contact.objects.filter(pk=contact.pk))
        for pk in suggested:  # who they may be now, among the contacts left (ids only)
            match_on_commit(pk)
        record = ErasureRecord.objects.create(
            team=team, actor=actor, reason=ErasureRecord.Reason.PERSON, counts=dict(counts)
        )
        forget_inbox_counts(team.pk)
    return record


def retention_sweep(team, *, now=None, batch: int = 500) -> ErasureRecord | None:
    """Erase the team's declined and archived requests past its retention period, with the
    messages tied to them; None when nothing was due."""
    now = now or timezone.now()
    counts: Counter = Counter()
    with transaction.atomic():
        while True:
            ids = list(retention_due(team, now).values_list("pk", flat=True)[:batch])
            if not ids:
                break
            counts += _erase(ConnectionRequest.objects.filter(pk__in=ids))
        if not counts:
            return None
        forget_inbox_counts(team.pk)
        return ErasureRecord.objects.create(
            team=team, actor=None, reason=ErasureRecord.Reason.RETENTION, counts=dict(counts)
        )


def privacy_settings_save(*, team, retention_days: int, review_months: int) -> PrivacySettings:
    row, _created = PrivacySettings.objects.update_or_create(
        team=team, defaults={"retention_days": retention_days, "review_months": review_months}
    )
    return row


def retention_sweep_all(*, now=None) -> int:
    """Retention for every team that has declined or archived requests, one transaction per
    team; returns how many requests went."""
    gone = 0
    teams = Team.objects.filter(connection_requests__state__in=RETAINED_STATES).distinct()
    for team in teams:
        record = retention_sweep(team, now=now)
        if record is not None:
            gone += record.counts.get("network.ConnectionRequest", 0)
    return gone
