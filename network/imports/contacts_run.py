"""Contacts from a file: the dry run (what would happen) and the real run (make it so), one
code path with ``dry_run`` deciding whether anything is written.

Rows are taken in batches: each row is matched in memory (``TeamIndex``), then a batch's
existing contacts are read in a few queries to see what a row would add, and the batch is
written with ``bulk_create``. An update fills what is empty and adds emails, phones,
profiles, former names and categories; it never overwrites what someone typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from network.imports.bulk import insert_rows
from network.imports.cleaning import Person, person_from
from network.imports.index import TeamIndex
from network.imports.records import ContactRecord, RequestRecord
from network.imports.tally import Tally
from network.imports.updates import FILLED, Change, diff, load_details, write_changes
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
    forget_contact_count,
)
from network.recognition.candidates import forget_team_size
from network.recognition.matching import LIKELY, Query, recognise
from network.recognition.tasks import rematch_on_commit
from network.text import fold
from network.text.names import contact_keys

BATCH = 1000
# New rows whose sender recognition looks for among the existing contacts (a few queries each).
RECOGNISED = 300


def team_categories(team) -> tuple[dict[str, int], dict[int, str]]:
    """The team's categories by folded name in every language, and each one's label."""
    by_name, labels = {}, {}
    for category in Category.objects.filter(team=team):
        labels[category.pk] = category.label
        for name in category.names_in_every_language():
            by_name.setdefault(name, category.pk)
    return by_name, labels


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
        self.recognised = 0
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
            elif isinstance(item, RequestRecord):
                self.tally.ignored += 1
            else:
                self.tally.take(item)
            if len(self.pending) + len(self.updates) >= BATCH:
                self.flush()
        self.flush()
        if not self.dry_run:  # rows went in without ``save``: its signals' caches go here
            forget_contact_count(self.team.pk)
            forget_team_size(team_id=self.team.pk)
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
        if pk is not None and (self.index.created(pk) or pk in self.index.touched):
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
        candidates = [
            {"id": other, "name": self.index.known[other].name} for other in match.candidates
        ]
        if not candidates and self.index.last_existing and self.recognised < RECOGNISED:
            candidates = self._likely(person)
        if candidates:
            tally.to_review(
                {"row": person.row, "name": person.name, "new_id": pk, "candidates": candidates}
            )

    def _likely(self, person: Person) -> list[dict]:
        """Who recognition finds likely (a change of name at the same company, a nickname,
        a typo): listed for review, never merged. Bounded: it queries per row."""
        self.recognised += 1
        query = Query(
            name=person.name,
            company=person.company,
            email=person.emails[0][0] if person.emails else "",
            city=person.city,
        )
        return [
            {
                "id": suggestion.contact.pk,
                "name": suggestion.contact.name,
                "reasons": [str(reason) for reason in suggestion.reasons],
            }
            for suggestion in recognise(self.team, query, limit=3)
            if suggestion.score >= LIKELY and not self.index.created(suggestion.contact.pk)
        ]

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
            change = diff(
                pk,
                person,
                details[pk],
                self.index,
                lambda reason, p=person: self.tally.warn(p.row, reason, p.source),
            )
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
            write_changes(
                changes,
                team=self.team,
                actor=self.actor,
                source=self.history,
                labels=self.category_labels,
            )

    # New contacts

    def _create(self) -> None:
        pending, self.pending = self.pending, {}
        if self.dry_run:
            return
        rows = []
        for person in pending.values():
            # What Contact.save() and reindex() compute, which a bulk insert does not call.
            first = person.family_name or person.display_name or person.given_name
            given = person.given_name if person.family_name else ""
            related = [
                person.given_name,
                person.family_name,
                person.display_name,
                person.company,
                person.city,
                *(name for name, _kind in person.former_names),
                *(profile.handle for profile in person.profiles),
                *(email for email, _label in person.emails),
            ]
            rows.append(
                {
                    "team_id": self.team.pk,
                    "given_name": person.given_name,
                    "family_name": person.family_name,
                    "display_name": person.display_name,
                    "company": person.company,
                    "position": person.position,
                    "city": person.city,
                    "notes": person.notes,
                    "owner_id": self.owner.pk if self.owner else None,
                    "created_by_id": self.actor.pk if self.actor else None,
                    "sort_key": fold(f"{first} {given}")[:200],
                    "search_text": " ".join(fold(part) for part in related if part),
                }
            )
        ids = insert_rows(Contact, rows, ids=True)
        team_id, actor_id = self.team.pk, self.actor.pk if self.actor else None
        rows_of: dict[type, list[dict]] = {
            model: []
            for model in (
                ContactAlias,
                ContactEmail,
                ContactPhone,
                NetworkProfile,
                ContactTag,
                ContactKey,
                ContactChange,
            )
        }
        renumbered = {}
        for (temporary, person), pk in zip(pending.items(), ids, strict=True):
            renumbered[temporary] = pk
            self.index.renumber(temporary, pk, person)
            rows_of[ContactAlias] += [
                {"contact_id": pk, "name": name, "kind": kind} for name, kind in person.former_names
            ]
            rows_of[ContactEmail] += [
                {"contact_id": pk, "email": email, "label": label} for email, label in person.emails
            ]
            rows_of[ContactPhone] += [
                {"contact_id": pk, "number": number, "label": label}
                for number, label in person.phones
            ]
            rows_of[NetworkProfile] += [
                {
                    "team_id": team_id,
                    "contact_id": pk,
                    "network": profile.network,
                    "handle": profile.handle,
                    "url": profile.url,
                    "access": AccessLevel.NONE,
                }
                for profile in person.profiles
            ]
            rows_of[ContactTag] += [
                {"contact_id": pk, "category_id": category} for category in person.category_ids
            ]
            wanted = contact_keys(
                given_name=person.given_name,
                family_name=person.family_name,
                display_name=person.display_name,
                company=person.company,
                city=person.city,
                aliases=[name for name, _kind in person.former_names],
                emails=[email for email, _label in person.emails],
            )
            rows_of[ContactKey] += [
                {"team_id": team_id, "contact_id": pk, "key": key} for key in wanted
            ]
            extra = {"connected_on": person.connected_on} if person.connected_on else {}
            rows_of[ContactChange].append(
                {
                    "contact_id": pk,
                    "actor_id": actor_id,
                    "action": ContactChange.Action.CREATED.value,
                    "data": {**extra, **self.history},
                }
            )
        for model, rows in rows_of.items():
            insert_rows(model, rows)
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
