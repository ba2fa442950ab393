"""The data set `manage.py bench pages` and `bench load` run on: an address book whose
recognition keys are built, an inbox whose requests were recognised as the task does it, and
a history of messages sent with the team's phrases (some answered). Built once, then reused.

Messages and replies belong to ``replies``, which the network app never imports: their
models are looked up by name, as a migration would.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

from django.apps import apps
from django.db import transaction
from django.db.models.functions import Mod
from django.utils import timezone

from accounts.models import Membership, Team, User
from network.dev.benchdata import fill_address_book, fill_inbox, person
from network.dev.upkeep import settle
from network.models import (
    INBOX_STATES,
    Category,
    ConnectionRequest,
    Contact,
    ContactEmail,
    ContactKey,
    ContactTag,
    RequestEvent,
)
from network.recognition.candidates import forget_suggestions
from network.recognition.services import connection_request_match
from network.text import fold
from network.text.names import contact_keys
from network.text.networks import Network

TEAM_SLUG = "bench-pages"
OWNER_EMAIL = "bench-pages@netcurate.test"


def bench_team(say=print) -> tuple[Team, User]:
    owner, _created = User.objects.get_or_create(
        email=OWNER_EMAIL, defaults={"display_name": "Bench Pages", "language": "en"}
    )
    team = Team.objects.filter(slug=TEAM_SLUG).first()
    if team is None:
        team = Team.objects.create(name="Bench pages", slug=TEAM_SLUG)
        Membership.objects.create(team=team, user=owner, role="owner")
    if owner.last_team_id != team.pk:
        owner.last_team = team
        owner.save(update_fields=["last_team"])
    return team, owner


def build(contacts: int, requests: int, messages: int, say=print) -> tuple[Team, User]:
    """Top the bench team up to ``contacts`` contacts (keys built), ``requests`` open requests
    (recognised) and about ``messages`` messages sent; what is there already is kept."""
    team, owner = bench_team(say)
    have = Contact.objects.filter(team=team).count()
    if have < contacts:
        started = time.perf_counter()
        fill_address_book(team, owner, contacts - have)
        forget_suggestions(team_id=team.pk)
        say(f"Added {contacts - have} contacts in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    if tagged := fill_tags(team):
        say(f"Tagged how we met {tagged} contacts in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    if keyed := build_keys(team):
        elapsed = time.perf_counter() - started
        say(f"Built the recognition keys of {keyed} contacts in {elapsed:.1f} s")
    open_requests = ConnectionRequest.objects.filter(team=team, state__in=INBOX_STATES).count()
    if open_requests < requests:
        started = time.perf_counter()
        fill_inbox(team, owner, requests - open_requests)
        say(f"Added {requests - open_requests} requests in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    if matched := recognise_requests(team):
        say(f"Recognised {matched} requests in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    if sent := fill_messages(team, owner, messages):
        say(f"Added {sent} messages sent in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    if planned := fill_reminders(team, owner):
        say(f"Added {planned} reminders in {time.perf_counter() - started:.1f} s")
    settle()
    return team, owner


POSITIONS = [
    "Directrice commerciale", "Account executive", "Chargée de clientèle", "DRH",
    "Chef de projet", "Responsable achats", "Ingénieur d'affaires", "Office manager",
]  # fmt: skip
# What a team writes beside each built-in category: a school and a year, a nursery, a
# former employer, a class.
DETAILS = {
    "school": ["Lycée Hoche, {year}", "HEC, {year}", "INSA Lyon, {year}", "Sciences Po"],
    "kids": ["crèche Les Lutins", "école Jules Ferry, CP", "club de judo"],
    "company": ["{company}, {year}", "stage chez {company}", "{company}"],
    "language": ["cours d'anglais", "tandem espagnol", "Goethe-Institut, {year}"],
}


@transaction.atomic
def fill_tags(team, seed: int = 19, batch: int = 5000) -> int:
    """Tag how-we-met on two contacts in five (one in ten of them twice, most with a
    detail) and give three in five a position, as a team that uses the product has: the
    list's chips and the contact page's tags are then measured with what they show. Done
    once, in one transaction (a team with tags already is left as it is); the details'
    recognition keys are added to contacts whose keys are built."""
    if ContactTag.objects.filter(category__team=team).exists():
        return 0
    Category.seed_for(team)
    categories = list(Category.objects.filter(team=team).exclude(key=""))
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    for slot, position in enumerate(POSITIONS):
        Contact.objects.filter(team=team, position="").alias(slot=Mod("id", 40)).filter(
            slot__in=range(slot * 3, slot * 3 + 3)
        ).update(position=position)
    every = list(Contact.objects.filter(team=team).values_list("pk", flat=True))
    chosen = sorted(rng.sample(every, k=len(every) * 2 // 5))
    tagged = 0
    for start in range(0, len(chosen), batch):
        chunk = Contact.objects.filter(pk__in=chosen[start : start + batch]).only(
            "team_id", "given_name", "family_name", "display_name", "company"
        )
        tags, keys = [], []
        keyed = set(
            ContactKey.objects.filter(contact_id__in=chosen[start : start + batch])
            .values_list("contact_id", flat=True)
            .distinct()
        )
        for contact in chunk:
            picked = rng.sample(categories, k=2 if rng.random() < 0.1 else 1)
            details = []
            for category in picked:
                detail = ""
                if rng.random() < 0.8:
                    detail = rng.choice(DETAILS[category.key]).format(
                        year=rng.randint(1985, 2020), company=contact.company
                    )
                    details.append(detail)
                tags.append(ContactTag(contact=contact, category=category, detail=detail))
            if contact.pk in keyed and details:
                names = {
                    "given_name": contact.given_name,
                    "family_name": contact.family_name,
                    "display_name": contact.display_name,
                }
                added = contact_keys(**names, details=details) - contact_keys(**names)
                keys += [
                    ContactKey(team_id=team.pk, contact_id=contact.pk, key=key) for key in added
                ]
            tagged += 1
        ContactTag.objects.bulk_create(tags)
        ContactKey.objects.bulk_create(keys)
    forget_suggestions(team_id=team.pk)  # bulk_create sends no signal
    return tagged


def build_keys(team, batch: int = 5000) -> int:
    """The recognition keys of every contact that has none, as ``Contact.reindex`` makes them
    (names, company, city, emails, how-we-met details), written in bulk."""
    keyed = set(
        ContactKey.objects.filter(team=team).values_list("contact_id", flat=True).distinct()
    )
    every = Contact.objects.filter(team=team).values_list("pk", flat=True)
    pending = [pk for pk in every if pk not in keyed]
    for start in range(0, len(pending), batch):
        chunk = pending[start : start + batch]
        emails: dict[int, list[str]] = {}
        for contact_id, email in ContactEmail.objects.filter(contact_id__in=chunk).values_list(
            "contact_id", "email"
        ):
            emails.setdefault(contact_id, []).append(email)
        details: dict[int, list[str]] = {}
        for contact_id, detail in ContactTag.objects.filter(contact_id__in=chunk).values_list(
            "contact_id", "detail"
        ):
            if detail:
                details.setdefault(contact_id, []).append(detail)
        rows = []
        for contact in Contact.objects.filter(pk__in=chunk).only(
            "team_id", "given_name", "family_name", "display_name", "company", "city"
        ):
            rows += [
                ContactKey(team_id=contact.team_id, contact_id=contact.pk, key=key)
                for key in contact_keys(
                    given_name=contact.given_name,
                    family_name=contact.family_name,
                    display_name=contact.display_name,
                    company=contact.company,
                    city=contact.city,
                    aliases=[],
                    emails=emails.get(contact.pk, []),
                    details=details.get(contact.pk, []),
                )
            ]
        with transaction.atomic():
            ContactKey.objects.bulk_create(rows, batch_size=10000)
    if pending:
        forget_suggestions(team_id=team.pk)  # bulk_create sends no signal
    return len(pending)


def recognise_requests(team) -> int:
    """Store each open request's best match and lookup keys, as the task does on arrival."""
    pending = ConnectionRequest.objects.filter(
        team=team, state__in=INBOX_STATES, matched_at__isnull=True
    ).select_related("team", "contact")
    done = 0
    for connection_request in pending.iterator(chunk_size=500):
        connection_request_match(connection_request)
        done += 1
    return done


def fill_messages(team, owner, count: int, seed: int = 13) -> int:
    """One message for each open request asked or answered (a reply recorded for the latter),
    the rest on decided requests added for the purpose (a third of them answered)."""
    Phrase = apps.get_model("replies", "Phrase")
    OutgoingMessage = apps.get_model("replies", "OutgoingMessage")
    ReceivedReply = apps.get_model("replies", "ReceivedReply")
    have = OutgoingMessage.objects.filter(team=team).count()
    if have >= count:
        return 0
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    phrases = list(Phrase.objects.filter(team=team, intent__startswith="ask_"))
    now = timezone.now()
    with transaction.atomic():
        asked = list(
            ConnectionRequest.objects.filter(team=team, state__in=["asked", "replied"])
            .exclude(messages_sent__isnull=False)
            .values_list("pk", "state")
        )
        decided = []
        missing = max(0, count - have - len(asked))
        for index in range(missing):
            given, family = person(rng)
            handle = f"{fold(given)}-{fold(family)}-{index + 2 * 10**7}".replace(" ", "-")
            decided.append(
                ConnectionRequest(
                    team=team,
                    owner=owner,
                    network=rng.choice([Network.LINKEDIN, Network.FACEBOOK]),
                    sender_name=f"{given} {family}",
                    handle=handle,
                    profile_url=f"https://example.org/{handle}",
                    state=rng.choice(["declined", "accepted", "archived"]),
                    received_at=now - timedelta(days=30, minutes=index),
                    decided_at=now - timedelta(days=29, minutes=index),
                    search_text=f"{fold(given)} {fold(family)} {handle}",
                )
            )
        decided = ConnectionRequest.objects.bulk_create(decided, batch_size=5000)
        answered = [(row.pk, "replied" if rng.random() < 0.33 else row.state) for row in decided]
        targets = [*asked, *answered]
        sent, replies = [], []
        for pk, state in targets:
            phrase = rng.choice(phrases) if phrases else None
            sent.append(
                OutgoingMessage(
                    team=team,
                    connection_request_id=pk,
                    phrase=phrase,
                    intent=phrase.intent if phrase else "ask_how_met",
                    text="Hello, how did we meet?",
                    sent_by=owner,
                )
            )
            if state == "replied":
                replies.append(
                    ReceivedReply(connection_request_id=pk, text="At the fair.", recorded_by=owner)
                )
        OutgoingMessage.objects.bulk_create(sent, batch_size=5000)
        ReceivedReply.objects.bulk_create(replies, batch_size=5000)
        if hasattr(Phrase, "recount"):  # bulk_create bypasses the services that count
            Phrase.recount(team)
    return len(sent)


def fill_reminders(team, owner, seed: int = 17) -> int:
    """What asking leaves behind, for requests that have none yet: each open request in
    "clarification asked" gets its "ask" in the history (an hour or so after it arrived) and
    the three reminders the default settings plan (first reminder, second, the proposal to
    decide), pending; each decided request a message was sent about had its three cancelled
    when it was decided. Without them, the reminders' reads ran on an empty table."""
    Reminder = apps.get_model("replies", "Reminder")
    if Reminder.objects.filter(team=team).exists():
        return 0
    settings_fields = apps.get_model("replies", "ReminderSettings")._meta
    plan = [
        (kind, timedelta(days=settings_fields.get_field(f"{kind}_after_days").default))
        for kind in ("first", "second", "decide")
    ]

    def planned(pk: int, asked_at, **fields) -> list:
        return [
            Reminder(
                team=team,
                user=owner,
                connection_request_id=pk,
                kind=kind,
                asked_at=asked_at,
                due_at=asked_at + after,
                **fields,
            )
            for kind, after in plan
        ]

    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    now = timezone.now()
    events, reminders = [], []
    asked = ConnectionRequest.objects.filter(team=team, state="asked").values_list(
        "pk", "received_at"
    )
    for pk, received_at in asked:
        at = min(now, received_at + timedelta(minutes=rng.randint(5, 180)))
        events.append(
            RequestEvent(
                connection_request_id=pk,
                actor=owner,
                at=at,
                action="ask",
                from_state="new",
                to_state="asked",
                data={"intent": "ask_how_met"},
            )
        )
        reminders += planned(pk, at)
    decided = ConnectionRequest.objects.filter(
        team=team, state__in=["declined", "accepted", "archived"], messages_sent__isnull=False
    ).values_list("pk", "state", "received_at", "decided_at")
    actions = {"declined": "decline", "accepted": "accept", "archived": "archive"}
    for pk, state, received_at, decided_at in decided.distinct():
        reminders += planned(
            pk,
            received_at,
            state="cancelled",
            cancelled_at=decided_at or now,
            cancel_reason=actions[state],
        )
    with transaction.atomic():
        RequestEvent.objects.bulk_create(events, batch_size=5000)
        Reminder.objects.bulk_create(reminders, batch_size=5000)
    return len(reminders)
