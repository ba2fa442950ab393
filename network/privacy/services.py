"""Erasure: forgetting a person across the team, and retention's sweep. Each erases in one
transaction and leaves an anonymous ``ErasureRecord`` (kinds and counts only)."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from datetime import date, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import router, transaction
from django.db.models import Q
from django.db.models.deletion import Collector
from django.utils import timezone

from accounts.models import Invitation, Team
from network.contacts.attached import AccessLevel
from network.contacts.models import Contact
from network.contacts.tallies import compact_key_tallies
from network.imports.models import ImportJob
from network.imports.services import imports_fail_stale
from network.inbox.models import ConnectionRequest
from network.privacy.models import ErasureRecord, PrivacySettings, PrivacyTask
from network.privacy.selectors import (
    RETAINED_STATES,
    person_imports,
    person_requests,
    retention_due,
    rows_of,
)
from network.recognition.tasks import match_on_commit


def _erase(queryset) -> Counter:
    """Delete the rows and everything that cascades from them, with the admin log's entries
    about any of them (they name what they changed); the counts by model."""
    rows = list(queryset)
    if not rows:
        return Counter()
    collector = Collector(using=router.db_for_write(queryset.model))
    collector.collect(rows)
    # Read before deleting: the collector clears the primary keys of what it deletes.
    gone = {label: [str(item.pk) for item in items] for label, items in rows_of(collector).items()}
    _total, counts = collector.delete()
    return Counter({label: n for label, n in counts.items() if n}) + _forget_admin_log(gone)


def _forget_admin_log(rows: dict[str, list[str]]) -> Counter:
    """The admin's log names the objects it changed ("Marie Dupont"): its entries about the
    rows erased go with them."""
    if not apps.is_installed("django.contrib.admin"):
        return Counter()
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    about = Q(pk__in=[])
    for label, pks in rows.items():
        if label == "admin.LogEntry" or not pks:
            continue
        kind = ContentType.objects.get_for_model(apps.get_model(label))
        about |= Q(content_type=kind, object_id__in=pks)
    return _erase(LogEntry.objects.filter(about))


def _recount_phrases(team, counts: Counter) -> None:
    """Messages went without the services that keep the phrases' counters: count again."""
    if counts.get("replies.OutgoingMessage") or counts.get("replies.ReceivedReply"):
        apps.get_model("replies", "Phrase").recount(team)


def person_forget(*, contact: Contact, actor) -> ErasureRecord:
    """Erase a person: the contact with everything attached (names, former names, emails,
    phones, profiles, categories, history, recognition keys, privacy to-dos), every request
    about them (linked to the contact, or from one of their profiles or emails) with its
    events, messages, replies, reminders, notifications and recognition keys, and the
    imports that may hold them (``person_imports``, with their files). Other contacts
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
        imports = person_imports(contact)
        counts = _erase(about)
        counts += _erase(imports)
        counts += _erase(Contact.objects.filter(pk=contact.pk))
        compact_key_tallies(team.pk)  # the tallies of keys that held their name, now zero
        for pk in suggested:  # who they may be now, among the contacts left (ids only)
            match_on_commit(pk)
        record = ErasureRecord.objects.create(
            team=team, actor=actor, reason=ErasureRecord.Reason.PERSON, counts=dict(counts)
        )
        _recount_phrases(team, counts)
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
        _recount_phrases(team, counts)
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


def imports_sweep_all(*, now=None) -> int:
    """Imports kept past ``IMPORT_KEEP_DAYS`` (finished, failed, or never confirmed) go with
    their report and file, one transaction and one anonymous record per team; returns how
    many went. A running import is left to finish; one whose worker is taken as dead
    (``IMPORT_RUN_LIMIT_MINUTES``) is marked failed first, its file dropped, and goes with
    the failed ones once kept long enough."""
    now = now or timezone.now()
    imports_fail_stale(now=now)
    old = ImportJob.objects.filter(
        updated_at__lt=now - timedelta(days=settings.IMPORT_KEEP_DAYS)
    ).exclude(status=ImportJob.Status.RUNNING)
    gone = 0
    for team in Team.objects.filter(pk__in=old.values("team_id")):
        with transaction.atomic():
            counts = _erase(old.filter(team=team))
            if counts:
                ErasureRecord.objects.create(
                    team=team,
                    actor=None,
                    reason=ErasureRecord.Reason.RETENTION,
                    counts=_counted(counts),
                )
                gone += counts.get("network.ImportJob", 0)
    return gone


# The privacy checklist


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the last day of a shorter month)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def _open_task(contact, kind: str, network: str) -> PrivacyTask | None:
    return PrivacyTask.objects.filter(
        contact=contact, kind=kind, network=network, done_at__isnull=True
    ).first()


def checklist_plan(connection_request: ConnectionRequest) -> list[PrivacyTask]:
    """After accepting with limited access: the setting to change on that network, now, and
    a review of the access after the team's review period."""
    contact, network = connection_request.contact, connection_request.network
    today = timezone.localdate()
    months = PrivacySettings.for_team(connection_request.team).review_months
    planned = []
    for kind, due_on in (
        (PrivacyTask.Kind.RESTRICT, today),
        (PrivacyTask.Kind.REVIEW, add_months(today, months)),
    ):
        task = _open_task(contact, kind, network) or PrivacyTask.objects.create(
            team_id=connection_request.team_id,
            contact=contact,
            connection_request=connection_request,
            kind=kind,
            network=network,
            due_on=due_on,
        )
        planned.append(task)
    return planned


def checklist_on_request_changed(sender, connection_request, event, **kwargs) -> None:
    """Listens to every step of a request: an acceptance with limited access plans the
    checklist; undoing it or reopening the request withdraws what it planned."""
    if event.action == "accept":
        if connection_request.access_granted in AccessLevel.limited() and (
            connection_request.contact_id
        ):
            checklist_plan(connection_request)
    elif event.action in {"undo", "reopen"}:
        PrivacyTask.objects.filter(
            connection_request=connection_request, done_at__isnull=True
        ).delete()


def privacy_task_done(*, task: PrivacyTask, actor) -> None:
    if task.done_at is None:
        task.done_at = timezone.now()
        task.done_by = actor
        task.save(update_fields=["done_at", "done_by"])


REVIEW_DECISIONS = ["full", "keep", "remove"]


def privacy_review(*, task: PrivacyTask, actor, decision: str) -> None:
    """Close a review: give full access, keep the limited access (reviewed again after the
    team's period), or remove the access (not connected any more)."""
    if decision not in REVIEW_DECISIONS or task.kind != PrivacyTask.Kind.REVIEW:
        raise ValueError("Not a review decision.")
    contact = task.contact
    with transaction.atomic():
        if decision in {"full", "remove"}:
            access = AccessLevel.FULL if decision == "full" else AccessLevel.NONE
            for profile in contact.profiles.filter(
                network=task.network, access__in=AccessLevel.limited()
            ):
                contact.set_access(profile, access, actor)
        privacy_task_done(task=task, actor=actor)
        if decision == "keep":
            months = PrivacySettings.for_team(task.team).review_months
            PrivacyTask.objects.create(
                team_id=task.team_id,
                contact=contact,
                connection_request=task.connection_request,
                kind=PrivacyTask.Kind.REVIEW,
                network=task.network,
                due_on=add_months(timezone.localdate(), months),
            )


# Leaving for good: an account, a whole team


class CannotDelete(Exception):
    """Deleting would leave a team without an owner, or the confirmation does not match."""


def _counted(counts: Counter) -> dict:
    return {label: n for label, n in counts.items() if n}


def team_delete(*, team: Team, actor) -> ErasureRecord:
    """Erase a team with everything it holds (contacts, requests, messages, phrases,
    categories, members' places and invitations). Irreversible; the trace keeps no team."""
    with transaction.atomic():
        counts = _erase(Team.objects.filter(pk=team.pk))
        compact_key_tallies(team.pk)  # all zero now, and some held names
        return ErasureRecord.objects.create(
            team=None, actor=actor, reason=ErasureRecord.Reason.TEAM, counts=_counted(counts)
        )


def _scrub(model_label: str, field: str, words: list[str], **lookup) -> int:
    """Blank ``words`` out of ``field`` in the rows matching ``lookup`` (a member's name in
    the messages they signed): the message stays for the team, the person does not. Whole
    words only, in any case and any alphabet ("Alan" goes, "Alanis" and "Catalan" stay); a
    name of fewer than three letters ("Al") is left, as it would blank pieces of words."""
    model = apps.get_model(model_label)
    patterns = [
        re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        for word in words
        if sum(character.isalpha() for character in word) >= 3
    ]
    changed = 0
    for row in model.objects.filter(**lookup).only("pk", field):
        text = getattr(row, field)
        for pattern in patterns:
            text = pattern.sub("…", text)
        if text != getattr(row, field):
            model.objects.filter(pk=row.pk).update(**{field: text})
            changed += 1
    return changed


def account_delete(*, user) -> list[ErasureRecord]:
    """Delete a user's account and what is theirs: their place in every team, personal
    phrases, reminders, notifications and settings, their email addresses and login records,
    the invitations sent to their address, and their name in the messages they signed. A
    team they are alone in goes with them; a team they are the last owner of, with other
    members, must be handed over first (``CannotDelete``). Rows of a team they acted on
    (contacts, requests, history) stay, without them."""
    memberships = list(user.memberships.select_related("team"))
    alone, records = [], []
    for membership in memberships:
        others = membership.team.memberships.exclude(pk=membership.pk).exists()
        if not others:
            alone.append(membership.team)
        elif membership.is_last_owner():
            raise CannotDelete(membership.team.name)
    with transaction.atomic():
        for team in alone:
            records.append(team_delete(team=team, actor=None))
        scrubbed = _scrub(
            "replies.OutgoingMessage",
            "text",
            [user.display_name, user.email],
            sent_by=user,
        )
        counts = Counter({"replies.OutgoingMessage (name removed)": scrubbed})
        counts += _erase(Invitation.objects.filter(email__iexact=user.email))
        if apps.is_installed("axes"):
            for model in apps.get_app_config("axes").get_models():
                if any(field.name == "username" for field in model._meta.fields):
                    counts += _erase(model.objects.filter(username__iexact=user.email))
        teams = [m.team for m in memberships if m.team not in alone]
        counts += _erase(get_user_model().objects.filter(pk=user.pk))
        for team in teams:
            records.append(
                ErasureRecord.objects.create(
                    team=team,
                    actor=None,
                    reason=ErasureRecord.Reason.ACCOUNT,
                    counts=_counted(counts),
                )
            )
    return records
