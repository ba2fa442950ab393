"""Contacts from a file: the dry run (what would happen) and the real run (make it so), one
code path with ``dry_run`` deciding whether anything is written.

Rows are taken in batches: each row is matched in memory (``TeamIndex``), then a batch's
existing contacts are read in a few queries to see what a row would add, and the batch is
written with ``bulk_create``. An update fills what is empty and adds emails, phones,
profiles, former names and categories; it never overwrites what someone typed.

In an export archive, the invitations (its Invitations.csv) from people who turn out to be
contacts go on their history once the contacts are in (``invitations``); the others are
left for an import of requests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from network.imports.bulk import KeyStream, insert_rows
from network.imports.cleaning import Person, many_lines, person_from, profile_of
from network.imports.index import TeamIndex
from network.imports.invitations import InvitationHistory, received_moment
from network.imports.records import ContactRecord, RequestRecord
from network.imports.review import shared_keys, store_matches
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
)
from network.recognition.candidates import forget_suggestions
from network.recognition.matching import LIKELY, Query, recognise
from network.recognition.tasks import rematch_on_commit
from network.text import fold
from network.text.names import contact_keys
from network.text.profiles import ProfileURLError

BATCH = 1000
# New rows the preview asks recognition about (a few queries each); the real run asks about
# every new row.
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
        self.unrecognised: list[tuple[int, Person]] = []  # new rows of the batch to recognise
        self.found: list[dict] = []  # the batch's matches to review
        self.rematch = (
            not dry_run
            and ConnectionRequest.objects.filter(team=team, state__in=OPEN_STATES).exists()
        )
        self.history = {"import": job_id} if job_id else {"import": "command"}
        self.keys = KeyStream(ContactKey)
        self.unkeyed: list[tuple[int, Person]] = []  # written, their keys not yet sent
        self.invitations: list[tuple] = []  # (network, handle, received, message)
        self.invited = InvitationHistory(
            team=team, actor=actor, source=self.history, dry_run=dry_run
        )

    def feed(self, items: Iterable) -> Tally:
        try:
            for item in items:
                if isinstance(item, ContactRecord):
                    self.tally.rows += 1
                    self.record(item)
                elif isinstance(item, RequestRecord):
                    self._invitation(item)
                else:
                    self.tally.take(item)
                if len(self.pending) + len(self.updates) >= BATCH:
                    self.flush()
            self.flush()
            self.keys.finish()
        except BaseException as error:  # a refused file, a cancel: the COPY ends first
            self.keys.abort(error)
            raise
        self._record_invitations()
        if not self.dry_run:  # rows went in without ``save``: what its signals drop goes here
            forget_suggestions(team_id=self.team.pk)
        return self.tally

    def _invitation(self, record: RequestRecord) -> None:
        """An invitation in the same archive: kept aside until the contacts are in."""
        try:
            profile = profile_of(record.profile_url, record.network) if record.profile_url else None
        except ProfileURLError:
            profile = None
        if profile is None:
            self.tally.ignored += 1
            return
        moment = received_moment(record.received_at)
        self.invitations.append(
            (profile.network, profile.handle, moment, many_lines(record.message))
        )

    def _record_invitations(self) -> None:
        """Those from a contact go on their history; the others are left aside."""
        invitations, self.invitations = self.invitations, []
        for network, handle, received, message in invitations:
            pk = self.index.profiles.get((network, handle))
            if pk is None:
                self.tally.ignored += 1
                continue
            self.invited.add(pk, network=network, received=received, message=message)
        self.invited.flush()
        self.tally.history_recorded = self.invited.count

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
        if match.candidates:
            known = self.index.known
            candidates = [
                {"id": other, "name": known[other].name if other in known else "", "reasons": []}
                for other in match.candidates
            ]
            self.found.append({"row": person.row, "name": person.name, "new_id": pk,
                               "candidates": candidates})  # fmt: skip
        elif self.index.last_existing and (not self.dry_run or self.recognised < RECOGNISED):
            self.recognised += 1
            self.unrecognised.append((pk, person))  # asked of recognition with its batch

    def _recognise(self) -> None:
        """Who recognition finds likely for the batch's new rows (a change of name at the
        same company, a nickname, a typo): listed for review, never merged. Only rows that
        share a lookup key with a contact the team had before are asked (one query for the
        batch); recognition then queries per row. Asked before the batch is written, so its
        rows do not compete with the contacts they may be (those of earlier batches of the
        same file are in, and may: a namesake in the same file dilutes a score)."""
        waiting, self.unrecognised = self.unrecognised, []
        if not waiting:
            return
        queries = []
        for temporary, person in waiting:
            query = Query(
                name=person.name,
                company=person.company,
                email=person.emails[0][0] if person.emails else "",
                city=person.city,
            )
            queries.append((temporary, person, query))
        asked = {pk: query.lookup_keys() for pk, _person, query in queries}
        shared = shared_keys(self.team, set().union(*asked.values()), self.index.last_existing)
        for pk, person, query in queries:
            if not asked[pk] & shared:
                continue
            candidates = [
                {
                    "id": suggestion.contact.pk,
                    "name": suggestion.contact.name,
                    "reasons": [str(reason) for reason in suggestion.reasons],
                }
                for suggestion in recognise(self.team, query, limit=5)
                if suggestion.score >= LIKELY and not self.index.created(suggestion.contact.pk)
            ][:3]
            if candidates:
                self.found.append(
                    {"row": person.row, "name": person.name, "new_id": pk, "candidates": candidates}
                )

    def _keep_found(self) -> None:
        """The batch's matches to review: stored for the import's report (every one, listed
        page by page), or kept in the tally (the preview, the command line: the first
        MAX_LISTED listed, all counted)."""
        found, self.found = self.found, []
        if self.dry_run or self.job_id is None:
            for entry in found:
                self.tally.to_review(entry)
            return
        self.tally.review_count += len(found)
        store_matches(self.job_id, found)

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
        self.keys.finish()  # the last batch's keys, indexed meanwhile: before any query
        if self.updates:
            self._update()
            self._forget_suggestions()
        self._recognise()  # before the batch is written: its own rows are no candidates
        if self.pending:
            self._create()
            self._forget_suggestions()
        self._keep_found()
        if self.progress is not None:
            self.progress(self.tally.rows)
        self._send_keys()

    def _send_keys(self) -> None:
        """The lookup keys of the contacts just written, made as they are sent: PostgreSQL
        indexes them while the next batch is read (see ``KeyStream``)."""
        unkeyed, self.unkeyed = self.unkeyed, []
        if unkeyed:
            self.keys.write(self.team.pk, ((pk, _keys_of(person)) for pk, person in unkeyed))

    def _forget_suggestions(self) -> None:
        """Keys went in without ``save``: the suggestions made from them go."""
        if not self.dry_run:
            forget_suggestions(team_id=self.team.pk)

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
            self.unkeyed.append((pk, person))
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
        for entry in self.found:
            entry["new_id"] = renumbered.get(entry["new_id"], entry["new_id"])
            for candidate in entry["candidates"]:
                candidate["id"] = renumbered.get(candidate["id"], candidate["id"])
        if self.rematch:
            for pk in renumbered.values():
                rematch_on_commit(team_id=self.team.pk, contact_id=pk)


def _keys_of(person: Person) -> set[str]:
    return contact_keys(
        given_name=person.given_name,
        family_name=person.family_name,
        display_name=person.display_name,
        company=person.company,
        city=person.city,
        aliases=[name for name, _kind in person.former_names],
        emails=[email for email, _label in person.emails],
    )


def in_language(user):
    """The language a worker writes the report in: the importer's."""
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return translation.override(language)
