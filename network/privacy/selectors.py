"""Reads of the privacy package: what the team holds about a person, what retention will
erase and when, and the open items of the privacy checklist."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.core import serializers
from django.db import router
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext

from network.contacts.models import Contact
from network.imports.models import ImportJob, stale_running
from network.inbox.models import ConnectionRequest, RequestState
from network.privacy.models import PrivacySettings, PrivacyTask
from network.templatetags.safe_links import safe_url
from network.text import fold
from network.text.networks import privacy_step

# States whose requests (and the messages tied to them) retention erases.
RETAINED_STATES = [RequestState.DECLINED, RequestState.ARCHIVED]


def person_requests(contact: Contact) -> QuerySet[ConnectionRequest]:
    """The team's requests about this person: linked to the contact, or sent from one of
    their profiles or email addresses."""
    about = Q(contact=contact)
    for network, handle, url in contact.profiles.values_list("network", "handle", "url"):
        about |= Q(network=network, handle=handle) | Q(profile_url=url)
    emails = list(contact.emails.values_list("email", flat=True))
    if emails:
        about |= Q(email__in=emails)
    return ConnectionRequest.objects.filter(team_id=contact.team_id).filter(about)


def _identifies(contact: Contact) -> tuple[list[str], list[tuple[str, str]]]:
    """What names the person in an import's stored rows, folded: whole strings (names,
    former names, emails, phones, profile handles), and (first name, family name) pairs
    that a row may hold in two columns."""
    whole = [contact.display_name, contact.name, *contact.aliases.values_list("name", flat=True)]
    whole += list(contact.emails.values_list("email", flat=True))
    whole += list(contact.phones.values_list("number", flat=True))
    whole += list(contact.profiles.values_list("handle", flat=True))
    whole = [fold(text) for text in whole if text and len(fold(text)) >= 3]
    pairs = [(fold(contact.given_name), fold(contact.family_name))]
    return whole, [(given, family) for given, family in pairs if given and family]


def _names(stored, whole: list[str], pairs: list[tuple[str, str]]) -> bool:
    text = f" {fold(json.dumps(stored, ensure_ascii=False, default=str))} "
    if any(f" {needle} " in text for needle in whole):
        return True
    return any(f" {given} " in text and f" {family} " in text for given, family in pairs)


def _mentions(job: ImportJob, whole: list[str], pairs: list[tuple[str, str]]) -> bool:
    reviewed = list(job.matches.values_list("name", flat=True))  # rows kept for review
    return _names([job.original_name, job.failure, job.errors, job.report, reviewed], whole, pairs)


def person_imports(contact: Contact):
    """The team's imports that may hold the person: every upload still waiting to be run
    (its file is not read here: it may name them), and every import whose stored rows,
    report or file name mention them. A running import is left to finish, unless its worker
    is taken as dead (``stale_running``): then it is one more file waiting."""
    whole, pairs = _identifies(contact)
    jobs = ImportJob.objects.filter(team_id=contact.team_id).filter(
        ~Q(status=ImportJob.Status.RUNNING) | stale_running()
    )
    waiting = {
        ImportJob.Status.UPLOADED,
        ImportJob.Status.PREVIEWED,
        ImportJob.Status.QUEUED,
        ImportJob.Status.RUNNING,  # stale: the query above left out the others
    }
    chosen = [job.pk for job in jobs if job.status in waiting or _mentions(job, whole, pairs)]
    return ImportJob.objects.filter(pk__in=chosen)


def collect(contact: Contact) -> Collector:
    """Every row that goes with the person: the contact, their requests, the imports that
    may hold them, and everything that hangs off any of them, in every app (Django's own
    deletion collector finds them)."""
    collector = Collector(using=router.db_for_write(Contact))
    collector.collect([contact])
    for found in (person_requests(contact), person_imports(contact)):
        rows = list(found)
        if rows:
            collector.collect(rows)
    return collector


def rows_of(collector: Collector) -> dict[str, list]:
    rows: dict[str, list] = {}
    for model, instances in collector.data.items():
        rows.setdefault(model._meta.label, []).extend(instances)
    for queryset in collector.fast_deletes:
        rows.setdefault(queryset.model._meta.label, []).extend(queryset)
    return rows


def person_counts(contact: Contact) -> dict[str, int]:
    """How many rows of each kind forgetting this person erases."""
    return {label: len(items) for label, items in rows_of(collect(contact)).items() if items}


def _import_held(job: ImportJob, whole, pairs) -> dict:
    """An import, as far as it is about the person: the rows of its report that name them
    (the rest is other people's)."""

    def theirs(rows) -> list:
        return [row for row in rows or [] if _names(row, whole, pairs)]

    report = job.report or {}
    return {
        "id": job.pk,
        "file_name": job.original_name,
        "uploaded": job.created_at.isoformat(),
        "status": job.status,
        "rows_refused": theirs(job.errors),
        **{key: theirs(report.get(key)) for key in ("first_rows", "warnings", "review")},
    }


def person_held(contact: Contact) -> dict:
    """Everything the team holds about this person, as plain data (for a JSON export)."""
    held = {}
    whole, pairs = _identifies(contact)
    for label, items in sorted(rows_of(collect(contact)).items()):
        if items and label == ImportJob._meta.label:
            held[label] = [_import_held(job, whole, pairs) for job in items]
        elif items:
            held[label] = [
                {"id": row["pk"], **row["fields"]}
                for row in serializers.serialize("python", sorted(items, key=lambda i: i.pk))
            ]
    return {
        "exported_at": timezone.now().isoformat(),
        "team": contact.team.name,
        "contact_id": contact.pk,
        "name": contact.name,
        "held": held,
    }


def retention_due(team, now=None) -> QuerySet[ConnectionRequest]:
    """Declined and archived requests whose retention period has run out."""
    now = now or timezone.now()
    days = PrivacySettings.for_team(team).retention_days
    return closed_requests(team).filter(closed_at__lte=now - timedelta(days=days))


def closed_requests(team) -> QuerySet[ConnectionRequest]:
    """The team's declined and archived requests, each with when it entered that state (the
    last event that led there)."""
    return (
        ConnectionRequest.objects.filter(team=team, state__in=RETAINED_STATES)
        .annotate(
            closed_at=Max(
                "events__at", filter=Q(events__to_state__in=RETAINED_STATES, events__undone=False)
            )
        )
        .exclude(closed_at__isnull=True)
    )


def retention_forecast(team, now=None, window_days: int = 7) -> dict:
    """How many requests retention erases now and in the next ``window_days``, and when the
    next one goes; one query."""
    now = now or timezone.now()
    chosen = PrivacySettings.for_team(team)
    days = chosen.retention_days
    limit = now - timedelta(days=days)
    figures = closed_requests(team).aggregate(
        due=Count("pk", filter=Q(closed_at__lte=limit)),
        soon=Count("pk", filter=Q(closed_at__lte=limit + timedelta(days=window_days))),
        first=Min("closed_at"),
    )
    figures["days"] = days
    figures["review_months"] = chosen.review_months
    figures["window_days"] = window_days
    first = figures.pop("first")
    # Already due: it goes at the next sweep, so "now" rather than a day in the past.
    figures["next_at"] = max(first + timedelta(days=days), now) if first else None
    return figures


def open_tasks(team, *, contact=None, due_by=None) -> QuerySet[PrivacyTask]:
    tasks = PrivacyTask.objects.filter(team=team, done_at__isnull=True).select_related("contact")
    if contact is not None:
        tasks = tasks.filter(contact=contact)
    if due_by is not None:
        tasks = tasks.filter(due_on__lte=due_by)
    return tasks


def task_counts(team) -> Counter:
    return Counter(open_tasks(team).values_list("kind", flat=True))


@dataclass
class ChecklistItem:
    task: PrivacyTask
    text: str
    url: str

    @property
    def is_review(self) -> bool:
        return self.task.kind == PrivacyTask.Kind.REVIEW


def checklist(team, *, contact=None, limit: int = 20) -> list[ChecklistItem]:
    """The privacy to-dos to show: every setting still to change, and the reviews that are
    due; each in the network's own words with a link to the page where it is done. Two
    queries, however many."""
    today = timezone.localdate()
    tasks = (
        PrivacyTask.objects.filter(team=team, done_at__isnull=True)
        .filter(Q(kind=PrivacyTask.Kind.RESTRICT) | Q(due_on__lte=today))
        .select_related("contact")
        .prefetch_related("contact__profiles")
    )
    if contact is not None:
        tasks = tasks.filter(contact=contact)
    items = []
    for task in tasks[:limit]:
        profile_url = next(
            (p.url for p in task.contact.profiles.all() if p.network == task.network), ""
        )
        if task.kind == PrivacyTask.Kind.RESTRICT:
            text, url = privacy_step(task.network, task.contact.name, profile_url)
        else:
            text = gettext(
                "Review the limited access of %(name)s on %(network)s: full access, keep, "
                "or remove?"
            ) % {"name": task.contact.name, "network": task.get_network_display()}
            url = profile_url
        items.append(ChecklistItem(task, text, safe_url(url)))
    return items
