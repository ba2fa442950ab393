"""Contacts from a file: the dry run (what would happen) and the real run (make it so), one
code path with ``dry_run`` deciding whether anything is written.

Rows are taken in batches: each row is matched in memory (``TeamIndex``), then a batch's
existing contacts are read in a few queries to see what a row would add, and the batch is
written with ``bulk_create``. An update fills what is empty and adds emails, phones,
profiles, former names and categories; it never overwrites what someone typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext

from network.imports.cleaning import Person, person_from
from network.imports.index import TeamIndex
from network.imports.records import BlankRow, ContactRecord, RequestRecord, RowError, SkippedFile
from network.imports.tally import Tally
from network.models import (
    OPEN_STATES,
    AccessLevel,
    Category,
    ConnectionRequest,
    Contact,
    ContactAlias,
    ContactChange,
    ContactEmail,
    ContactKey,
    ContactPhone,
    ContactTag,
    NetworkProfile,
)
from network.recognition.tasks import rematch_on_commit
from network.text import fold
from network.text.names import contact_keys

BATCH = 1000
IN_CLAUSE = 500  # ids per IN (...): well under SQLite's limit on parameters
FILLED = ["company", "position", "city", "notes"]


def team_categories(team) -> tuple[dict[str, int], dict[int, str]]:
    """The team's categories by folded name in every language, and each one's label."""
    by_name, labels = {}, {}
    for category in Category.objects.filter(team=team):
        labels[category.pk] = category.label
        for name in category.names_in_every_language():
            by_name.setdefault(name, category.pk)
    return by_name, labels


@dataclass
class Details:
    """An existing contact as an update compares with it."""

    company: str
    position: str
    city: str
    notes: str
    names: set = field(default_factory=set)
    emails: set = field(default_factory=set)
    phones: set = field(default_factory=set)
    profiles: set = field(default_factory=set)
    tags: set = field(default_factory=set)


def _chunks(values: list, size: int = IN_CLAUSE):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def load_details(ids: list[int]) -> dict[int, Details]:
    found: dict[int, Details] = {}
    for chunk in _chunks(sorted(set(ids))):
        for pk, given, family, display, *rest in Contact.objects.filter(pk__in=chunk).values_list(
            "pk", "given_name", "family_name", "display_name", *FILLED
        ):
            found[pk] = Details(*rest, names={fold(display or f"{given} {family}")})
        for pk, name in ContactAlias.objects.filter(contact_id__in=chunk).values_list(
            "contact_id", "name"
        ):
            found[pk].names.add(fold(name))
        for pk, email in ContactEmail.objects.filter(contact_id__in=chunk).values_list(
            "contact_id", "email"
        ):
            found[pk].emails.add(email.lower())
        for pk, number in ContactPhone.objects.filter(contact_id__in=chunk).values_list(
            "contact_id", "number"
        ):
            found[pk].phones.add(number)
        for pk, network, handle in NetworkProfile.objects.filter(contact_id__in=chunk).values_list(
            "contact_id", "network", "handle"
        ):
            found[pk].profiles.add((network, handle))
        for pk, category in ContactTag.objects.filter(contact_id__in=chunk).values_list(
            "contact_id", "category_id"
        ):
            found[pk].tags.add(category)
    return found


@dataclass
class Change:
    """What a row adds to an existing contact."""

    fills: dict = field(default_factory=dict)
    aliases: list = field(default_factory=list)
    emails: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    profiles: list = field(default_factory=list)
    tags: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return any((self.fills, self.aliases, self.emails, self.phones, self.profiles, self.tags))


class ContactRun:
    def __init__(
        self,
        *,
        team,
        actor=None,
        owner=None,
        dry_run: bool,
        job_id: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.team, self.actor, self.owner = team, actor, owner
        self.dry_run, self.job_id, self.progress = dry_run, job_id, progress
        self.tally = Tally("contacts")
        self.index = TeamIndex(team).load()
        self.categories, self.category_labels = team_categories(team)
        self.pending: dict[int, Person] = {}  # temporary id: a new contact not written yet
        self.updates: list[tuple[int, Person, dict | None]] = []
        self.next_id = -1
        self.rematch = (
            not dry_run
            and ConnectionRequest.objects.filter(team=team, state__in=OPEN_STATES).exists()
        )
        self.history = {"import": job_id} if job_id else {"import": "command"}

    def feed(self, items: Iterable) -> Tally:
        for item in items:
            if isinstance(item, ContactRecord):
                self.tally.rows += 1
                self.record(item)
            elif isinstance(item, RowError):
                self.tally.rows += 1
                self.tally.error(item.row, item.reason, item.source)
            elif isinstance(item, BlankRow):
                self.tally.rows += 1
                self.tally.count("skipped_blank")
            elif isinstance(item, SkippedFile):
                self.tally.skipped_files.append({"name": item.name, "reason": str(item.reason)})
            elif isinstance(item, RequestRecord):
                self.tally.ignored += 1
            if len(self.pending) + len(self.updates) >= BATCH:
                self.flush()
        self.flush()
        return self.tally

    def record(self, record: ContactRecord) -> None:
        tally = self.tally

        def warn(reason: str) -> None:
            tally.warn(record.row, reason, record.source)

        person = person_from(record, self.categories, warn)
        if person is None:
            tally.error(record.row, gettext("This row has no name."), record.source)
            return
        match = self.index.match(person)
        shown = None
        if len(tally.first_rows) < 10:
            shown = person.as_shown("new", self.category_labels)
            tally.first(shown)
        pk = match.contact_id
        if pk is not None and (pk in self.index.created or pk in self.index.touched):
            tally.count("duplicates_in_file")
            if shown is not None:
                shown["action"] = "duplicate"
            self.index.learn(pk, person)
            if pk in self.pending:
                self._absorb(pk, person)
            elif pk > 0:  # written by an earlier batch of this run: what it adds, added
                self.updates.append((pk, person, None))
            return
        if pk is not None:
            self.index.touched.add(pk)
            self.index.learn(pk, person)
            self.updates.append((pk, person, shown if shown is not None else {}))
            return
        pk, self.next_id = self.next_id, self.next_id - 1
        self.index.add(pk, person)
        self.pending[pk] = person
        tally.count("new")
        if match.candidates:
            tally.to_review(
                {
                    "row": person.row,
                    "name": person.name,
                    "new_id": pk,
                    "candidates": [
                        {"id": other, "name": self.index.known[other].name}
                        for other in match.candidates
                    ],
                }
            )

    def _absorb(self, pk: int, other: Person) -> None:
        """A second row for a contact not written yet: what it adds joins the first (a
        detail another contact has stays that contact's)."""
        person, index = self.pending[pk], self.index
        for name in FILLED:
            if not getattr(person, name) and getattr(other, name):
                setattr(person, name, getattr(other, name))
        owned = {
            "emails": lambda email: index.emails.get(email[0]) == pk,
            "phones": lambda phone: index.phones.get(phone[0]) == pk,
            "profiles": lambda p: index.profiles.get((p.network, p.handle)) == pk,
            "former_names": lambda _name: True,
            "category_ids": lambda _pk: True,
        }
        for name, mine_only in owned.items():
            mine = getattr(person, name)
            mine.extend(v for v in getattr(other, name) if v not in mine and mine_only(v))
        known = {fold(person.name)} | {fold(name) for name, _kind in person.former_names}
        if fold(other.name) not in known:
            person.former_names.append((other.name, ContactAlias.Kind.OTHER))

    def flush(self) -> None:
        if self.updates:
            self._update()
        if self.pending:
            self._create()
        if self.progress is not None:
            self.progress(self.tally.rows)

    # Updates

    def _update(self) -> None:
        updates, self.updates = self.updates, []
        details = load_details([pk for pk, _person, _shown in updates if pk > 0])
        changes: dict[int, Change] = {}
        for pk, person, shown in updates:
            if pk not in details:
                continue
            change = self._diff(pk, person, details[pk])
            if shown is not None:  # not a duplicate within the file
                self.tally.count("updated" if change else "unchanged")
                if shown:
                    shown["action"] = "updated" if change else "unchanged"
            if change:
                merged = changes.setdefault(pk, Change())
                merged.fills.update(change.fills)
                for name in ("aliases", "emails", "phones", "profiles", "tags"):
                    getattr(merged, name).extend(getattr(change, name))
        if changes and not self.dry_run:
            self._write_changes(changes)

    def _diff(self, pk: int, person: Person, known: Details) -> Change:
        """What ``person`` adds to the contact; ``known`` takes it in, so that a second row
        for the same contact in the batch adds only what is still missing."""
        change = Change()

        def warn(reason: str) -> None:
            self.tally.warn(person.row, reason, person.source)

        for name in FILLED:
            value = getattr(person, name)
            if value and not getattr(known, name):
                change.fills[name] = value
                setattr(known, name, value)
        for name, kind in [(person.name, ContactAlias.Kind.OTHER), *person.former_names]:
            if fold(name) not in known.names:
                known.names.add(fold(name))
                change.aliases.append((name, kind))
        taken = gettext("“%(value)s” is already on another contact; left out.")
        for email, label in person.emails:
            if email not in known.emails:
                if self.index.emails.get(email, pk) != pk:
                    warn(taken % {"value": email})
                    continue
                known.emails.add(email)
                change.emails.append((email, label))
        for number, label in person.phones:
            if number not in known.phones:
                if self.index.phones.get(number, pk) != pk:
                    warn(taken % {"value": number})
                    continue
                known.phones.add(number)
                change.phones.append((number, label))
        for profile in person.profiles:
            key = (profile.network, profile.handle)
            if key not in known.profiles:
                if self.index.profiles.get(key, pk) != pk:
                    warn(taken % {"value": profile.url})
                    continue
                known.profiles.add(key)
                change.profiles.append(profile)
        for category in person.category_ids:
            if category not in known.tags:
                known.tags.add(category)
                change.tags.append(category)
        return change

    def _write_changes(self, changes: dict[int, Change]) -> None:
        now = timezone.now()
        rows: dict[type, list] = {model: [] for model in (ContactAlias, ContactEmail, ContactPhone)}
        profiles, tags, history = [], [], []
        for pk, change in changes.items():
            if change.fills:
                filled = Contact.objects.filter(pk=pk, **dict.fromkeys(change.fills, "")).update(
                    **change.fills, version=F("version") + 1, updated_at=now
                )
                if filled:  # someone typed one of them meanwhile: theirs stays
                    history.append(self._change(pk, "EDITED", fields=sorted(change.fills)))
            for name, kind in change.aliases:
                rows[ContactAlias].append(ContactAlias(contact_id=pk, name=name, kind=kind))
                history.append(self._change(pk, "ALIAS_ADDED", name=name, kind=kind))
            for email, label in change.emails:
                rows[ContactEmail].append(ContactEmail(contact_id=pk, email=email, label=label))
                history.append(self._change(pk, "EMAIL_ADDED", value=email))
            for number, label in change.phones:
                rows[ContactPhone].append(ContactPhone(contact_id=pk, number=number, label=label))
                history.append(self._change(pk, "PHONE_ADDED", value=number))
            for profile in change.profiles:
                profiles.append(self._profile(pk, profile))
                history.append(self._change(pk, "PROFILE_ADDED", handle=profile.url))
            for category in change.tags:
                tags.append(ContactTag(contact_id=pk, category_id=category))
                history.append(self._change(pk, "TAGGED", category=self.category_labels[category]))
        for model, objects in rows.items():
            model.objects.bulk_create(objects)
        NetworkProfile.objects.bulk_create(profiles)
        ContactTag.objects.bulk_create(tags)
        ContactChange.objects.bulk_create(history)
        for chunk in _chunks(sorted(changes)):
            for contact in Contact.objects.filter(pk__in=chunk):
                contact.reindex()  # search text and keys; the requests concerned re-scored

    def _change(self, pk: int, action: str, **data) -> ContactChange:
        return ContactChange(
            contact_id=pk,
            actor=self.actor,
            action=getattr(ContactChange.Action, action),
            data={**data, **self.history},
        )

    def _profile(self, pk: int, profile) -> NetworkProfile:
        return NetworkProfile(
            team=self.team,
            contact_id=pk,
            network=profile.network,
            handle=profile.handle,
            url=profile.url,
            access=AccessLevel.NONE,
        )

    # New contacts

    def _create(self) -> None:
        pending, self.pending = self.pending, {}
        if self.dry_run:
            return
        contacts = []
        for person in pending.values():
            contact = Contact(
                team=self.team,
                given_name=person.given_name,
                family_name=person.family_name,
                display_name=person.display_name,
                company=person.company,
                position=person.position,
                city=person.city,
                notes=person.notes,
                owner=self.owner,
                created_by=self.actor,
            )
            # What Contact.save() computes, which bulk_create does not call.
            first = contact.family_name or contact.display_name or contact.given_name
            given = contact.given_name if contact.family_name else ""
            contact.sort_key = fold(f"{first} {given}")[:200]
            contact.search_text = contact._search_text(
                *(name for name, _kind in person.former_names),
                *(profile.handle for profile in person.profiles),
                *(email for email, _label in person.emails),
            )
            contacts.append(contact)
        Contact.objects.bulk_create(contacts)
        aliases, emails, phones, profiles, tags, keys, history = [], [], [], [], [], [], []
        renumbered = {}
        for (temporary, person), contact in zip(pending.items(), contacts, strict=True):
            pk = contact.pk
            renumbered[temporary] = pk
            self.index.renumber(temporary, pk)
            aliases += [ContactAlias(contact_id=pk, name=n, kind=k) for n, k in person.former_names]
            emails += [ContactEmail(contact_id=pk, email=e, label=lb) for e, lb in person.emails]
            phones += [ContactPhone(contact_id=pk, number=n, label=lb) for n, lb in person.phones]
            profiles += [self._profile(pk, profile) for profile in person.profiles]
            tags += [ContactTag(contact_id=pk, category_id=c) for c in person.category_ids]
            wanted = contact_keys(
                given_name=contact.given_name,
                family_name=contact.family_name,
                display_name=contact.display_name,
                company=contact.company,
                city=contact.city,
                aliases=[name for name, _kind in person.former_names],
                emails=[email for email, _label in person.emails],
            )
            keys += [ContactKey(team_id=self.team.pk, contact_id=pk, key=key) for key in wanted]
            extra = {"connected_on": person.connected_on} if person.connected_on else {}
            history.append(self._change(pk, "CREATED", **extra))
        for model, objects in (
            (ContactAlias, aliases),
            (ContactEmail, emails),
            (ContactPhone, phones),
            (NetworkProfile, profiles),
            (ContactTag, tags),
            (ContactKey, keys),
            (ContactChange, history),
        ):
            model.objects.bulk_create(objects, batch_size=2000)
        for entry in self.tally.review:
            if entry.get("new_id", 0) in renumbered:
                entry["new_id"] = renumbered[entry["new_id"]]
        if self.rematch:
            for pk in renumbered.values():
                rematch_on_commit(team_id=self.team.pk, contact_id=pk)


def in_language(user):
    """The language a worker writes the report in: the importer's."""
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return translation.override(language)
