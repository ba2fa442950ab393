"""Restore a team backup into an empty team, in one transaction: a backup that is not one,
is truncated, or holds a row the database refuses writes nothing, and the reason is said in
one sentence (``RestoreRefused``).

People are found by email among the members of the target team. Someone who is not a member
there (no account, or not invited yet) is replaced by the member who restores: their
contacts, requests, phrases and reminders become that member's, and the report lists them.
Invite the members first to keep every name on its rows. Where that replacement would give
one member two rows the database allows only once (two members' settings, two live
reminders of the same kind on one request, two mutes), the restorer's own row is kept and
the other is left out, and counted.

The target team's starting library (its built-in categories, default phrases, reminder and
privacy settings, and the column mappings of the header rows the backup names) is replaced by
the backup's: the backup is the team as it was. Import jobs are not in a backup
(``sections.LEFT_OUT`` says why).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, Team
from network.contacts.tallies import compact_after_bulk_write
from network.exports.sections import (
    BY_NAME,
    FORMAT,
    SECTIONS,
    VERSION,
    Section,
    event_data_problem,
    map_event_data,
)
from network.models import (
    Category,
    ColumnMapping,
    ConnectionRequest,
    Contact,
    ContactEmail,
    ContactKey,
    PrivacySettings,
    RequestEvent,
    RequestKey,
)
from network.recognition.candidates import forget_suggestions
from network.recognition.services import request_keys
from network.text import fold
from replies.models import Phrase, ReminderSettings

BATCH = 1000


class RestoreRefused(Exception):
    """The backup was not restored; the message says why, in one sentence."""


@dataclass
class RestoreReport:
    restored: dict[str, int] = field(default_factory=dict)
    # Emails of people who are not members of the target team, whose rows went to the restorer.
    replaced: list[str] = field(default_factory=list)
    # Rows left out because the replacement would have duplicated one of the restorer's.
    left_out: dict[str, int] = field(default_factory=dict)


def read_backup(raw: bytes | str) -> dict:
    """The backup's document, or RestoreRefused when it is not a complete one."""
    try:
        document = json.loads(raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw)
    except UnicodeDecodeError:
        raise RestoreRefused(_("The file is not UTF-8 text, so it is not a backup.")) from None
    except RecursionError:
        raise RestoreRefused(_("The file nests too deep to be a backup.")) from None
    except json.JSONDecodeError as error:
        raise RestoreRefused(
            _("The file is not a complete JSON document (it breaks at line %(line)s).")
            % {"line": error.lineno}
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RestoreRefused(_("The file is not a Netcurate team backup."))
    if document.get("version") != VERSION:
        raise RestoreRefused(
            _(
                "This backup is in format version %(version)s; "
                "this Netcurate reads version %(ours)s."
            )
            % {"version": document.get("version"), "ours": VERSION}
        )
    missing = [
        section.name for section in SECTIONS if not isinstance(document.get(section.name), list)
    ]
    if missing:
        raise RestoreRefused(
            _("The backup lacks its “%(section)s” section.") % {"section": missing[0]}
        )
    return document


def team_is_empty(team: Team) -> bool:
    return not (
        Contact.objects.filter(team=team).exists()
        or ConnectionRequest.objects.filter(team=team).exists()
    )


def team_restore(*, team: Team, document: dict, restorer) -> RestoreReport:
    """Write the backup's rows into ``team``, which must hold no contact and no request."""
    try:
        with transaction.atomic():
            Team.objects.select_for_update().filter(pk=team.pk).values_list("pk").get()
            if not team_is_empty(team):
                raise RestoreRefused(
                    _(
                        "The team “%(team)s” already has contacts or requests: "
                        "restore into an empty team."
                    )
                    % {"team": team.name}
                )
            report = _Restore(team, document, restorer).run()
    except (IntegrityError, DataError) as error:
        first_line = (
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        )
        raise RestoreRefused(
            _("The database refused a row of the backup (%(error)s); nothing was restored.")
            % {"error": first_line}
        ) from None
    # The rows went in by the thousand: their key tallies are summed now rather than by the
    # beat, so that pages read one row per key from the start.
    compact_after_bulk_write(team.pk, "a restore")
    return report


class _Restore:
    def __init__(self, team: Team, document: dict, restorer) -> None:
        self.team, self.document, self.restorer = team, document, restorer
        memberships = Membership.objects.filter(team=team).select_related("user")
        self.members = {m.user.email.casefold(): m.user for m in memberships}
        if restorer.email.casefold() not in self.members:
            raise RestoreRefused(_("The person restoring must be a member of the target team."))
        self.report = RestoreReport()
        self.new: dict[str, dict[int, int]] = {}  # section -> row number -> new id
        self.left_out: dict[str, set[int]] = {}
        self.instances: dict[str, list] = {}
        self.seen: dict[str, set[int]] = {}
        self.replaced: set[str] = set()

    def run(self) -> RestoreReport:
        Category.objects.filter(team=self.team).delete()
        Phrase.objects.filter(team=self.team).delete()
        ReminderSettings.objects.filter(team=self.team).delete()
        PrivacySettings.objects.filter(team=self.team).delete()
        # A header row the backup names again: its columns as the backup says.
        signatures = [
            row.get("signature")
            for row in self.document["column_mappings"]
            if isinstance(row, dict)
        ]
        ColumnMapping.objects.filter(
            team=self.team, signature__in=[s for s in signatures if isinstance(s, str)]
        ).delete()
        for section in SECTIONS:
            self._section(section)
        self._introductions()
        self._events()
        self._index()
        # Rows went in without ``save``: what signals and services keep up to date
        # (recognition's suggestions, phrase uses; the database tallies the rest).
        forget_suggestions(team_id=self.team.pk)
        Phrase.recount(self.team)
        self.report.replaced = sorted(self.replaced)
        return self.report

    # Reading a row

    def _refuse(self, section: Section, number, message: str):
        raise RestoreRefused(
            _("%(section)s row %(number)s: %(problem)s")
            % {"section": section.name, "number": number, "problem": message}
        )

    def _person(self, email) -> tuple[object, bool]:
        if not isinstance(email, str):
            raise ValidationError(_("a person must be an email address"))
        user = self.members.get(email.casefold())
        if user is None:
            self.replaced.add(email)
            return self.restorer, True
        return user, False

    def _values(self, section: Section, row, position: int) -> tuple[int, dict, bool] | None:
        """The row's checked values for the model (None: left out with a row it needs)."""
        if not isinstance(row, dict):
            raise RestoreRefused(
                _("%(section)s row %(number)s is not an object.")
                % {"section": section.name, "number": position}
            )
        number = row.get("id")
        expected = {"id", *section.fields, *section.refs, *section.users}
        if set(row) != expected:
            odd = sorted(set(row) ^ expected)[0]
            self._refuse(
                section, number, _("unexpected or missing field “%(field)s”") % {"field": odd}
            )
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            self._refuse(section, number, _("its id must be a positive whole number"))
        if number in self.seen.setdefault(section.name, set()):
            self._refuse(section, number, _("this id is used twice"))
        self.seen[section.name].add(number)
        meta = section.model._meta
        values: dict = {}
        replaced = False
        try:
            for name in section.fields:
                values[name] = meta.get_field(name).clean(row[name], None)
            for name in section.users:
                if row[name] is None:
                    if not meta.get_field(name).null:
                        raise ValidationError(_("“%(field)s” names nobody") % {"field": name})
                    values[f"{name}_id"] = None
                else:
                    user, was_replaced = self._person(row[name])
                    values[f"{name}_id"] = user.pk
                    replaced = replaced or was_replaced
        except ValidationError as error:
            self._refuse(section, number, "; ".join(error.messages))
        for name, target in section.refs.items():
            value = row[name]
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                self._refuse(section, number, _("“%(field)s” must be a row id") % {"field": name})
            if value is None or target == section.name:  # a link within the section: later
                if value is None and not meta.get_field(name).null:
                    self._refuse(section, number, _("“%(field)s” is empty") % {"field": name})
                values[f"{name}_id"] = None
                continue
            if value in self.left_out.get(target, ()):
                if not meta.get_field(name).null:  # e.g. the delivery of a reminder left out
                    self._leave_out(section, number)
                    return None
                values[f"{name}_id"] = None
                continue
            pk = self.new.get(target, {}).get(value) if isinstance(value, int) else None
            if pk is None:
                self._refuse(
                    section,
                    number,
                    _("it points at %(target)s row %(value)s, which the backup does not hold")
                    % {"target": target, "value": value},
                )
            values[f"{name}_id"] = pk
        return number, values, replaced

    # Writing a section

    def _section(self, section: Section) -> None:
        rows = self.document[section.name]
        checked = []
        for position, row in enumerate(rows, start=1):
            values = self._values(section, row, position)
            if values is not None:
                checked.append(values)
        checked.sort(key=lambda item: item[0])
        checked = self._once_per_person(section, checked)
        model = section.model
        extra = {"team_id": self.team.pk} if section.has_team else {}
        objects = [model(**values, **extra) for _number, values, _replaced in checked]
        if section.model is Contact:
            for contact in objects:
                first = contact.family_name or contact.display_name or contact.given_name
                given = contact.given_name if contact.family_name else ""
                contact.sort_key = fold(f"{first} {given}")[:200]
        if section.model is ContactEmail:  # as ``ContactEmail.save`` stores them
            for email in objects:
                email.email = email.email.strip().lower()
        if section.model is ConnectionRequest:
            for request_row in objects:
                request_row.email = request_row.email.strip().lower()
                request_row.search_text = (
                    f"{fold(request_row.sender_name)} {fold(request_row.headline)} "
                    f"{request_row.handle}"
                ).strip()
        model.objects.bulk_create(objects, batch_size=BATCH)
        stamped = [
            f.name
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        if stamped:
            for obj, (_number, values, _replaced) in zip(objects, checked, strict=True):
                for name in stamped:
                    setattr(obj, name, values[name])
            _update_columns(model, objects, stamped)
        self.new[section.name] = {
            number: obj.pk for obj, (number, _values, _r) in zip(objects, checked, strict=True)
        }
        self.instances[section.name] = objects
        self.report.restored[section.name] = len(objects)

    def _once_per_person(self, section: Section, checked: list) -> list:
        """Leave out a replaced person's row that would duplicate one the database allows
        once (the row of the person restoring wins)."""
        key = UNIQUE_PER_PERSON.get(section.name)
        if key is None:
            return checked
        taken = {key(values) for _n, values, replaced in checked if not replaced} - {None}
        kept = []
        for number, values, replaced in checked:
            unique = key(values)
            if replaced and unique is not None and unique in taken:
                self._leave_out(section, number)
                continue
            taken.add(unique)
            kept.append((number, values, replaced))
        return kept

    def _leave_out(self, section: Section, number: int) -> None:
        self.left_out.setdefault(section.name, set()).add(number)
        self.report.left_out[section.name] = self.report.left_out.get(section.name, 0) + 1

    # What needs every row first

    def _introductions(self) -> None:
        """Contacts' "met through", a link within the section, once every contact exists."""
        numbers = self.new["contacts"]
        changed = []
        for row in self.document["contacts"]:
            target = row["met_through"]
            if target is None:
                continue
            pk = numbers.get(target) if isinstance(target, int) else None
            if pk is None:
                self._refuse(
                    BY_NAME["contacts"],
                    row["id"],
                    _("it was met through a contact the backup does not hold"),
                )
            changed.append(Contact(pk=numbers[row["id"]], met_through_id=pk))
        _update_columns(Contact, changed, ["met_through"])

    def _events(self) -> None:
        """Request histories point at the rows each step touched: their new ids."""

        def ref(target: str, number):
            if not isinstance(number, int) or isinstance(number, bool):
                return None
            return self.new.get(target, {}).get(number)

        events = self.instances["request_events"]
        numbers = {pk: number for number, pk in self.new["request_events"].items()}
        for event in events:
            if (problem := event_data_problem(event.data)) is not None:
                self._refuse(BY_NAME["request_events"], numbers[event.pk], problem)
            event.data = map_event_data(event.data, ref)
        _update_columns(RequestEvent, events, ["data"])

    def _index(self) -> None:
        """Search text and recognition keys, computed again from the restored rows."""
        by_contact: dict[int, dict[str, list[str]]] = {}
        # In the order ``Contact.reindex`` reads them (each model's own ordering).
        ordered = {
            "former_names": sorted(
                self.instances["former_names"], key=lambda row: (row.created_at, row.pk)
            ),
            "emails": self.instances["emails"],
            "handles": sorted(self.instances["profiles"], key=lambda row: (row.network, row.pk)),
        }
        for name, attribute in (
            ("former_names", "name"),
            ("emails", "email"),
            ("handles", "handle"),
        ):
            for row in ordered[name]:
                by_contact.setdefault(row.contact_id, {}).setdefault(name, []).append(
                    getattr(row, attribute)
                )
        keys = []
        contacts = self.instances["contacts"]
        prefetched = Contact.objects.filter(team=self.team).prefetch_related(
            "aliases", "emails", "tags"
        )
        tagged = {contact.pk: contact for contact in prefetched}
        for contact in contacts:
            related = by_contact.get(contact.pk, {})
            aliases, emails = related.get("former_names", []), related.get("emails", [])
            contact.search_text = contact._search_text(
                *aliases, *related.get("handles", []), *emails
            )
            wanted = tagged[contact.pk].recognition_keys()  # as Contact.reindex computes them
            keys.extend((self.team.pk, contact.pk, key) for key in wanted)
        _update_columns(Contact, contacts, ["search_text"])
        _insert_rows(ContactKey, ["team", "contact", "key"], keys)
        request_rows = [
            (self.team.pk, row.pk, key)
            for row in self.instances["requests"]
            for key in request_keys(row)
        ]
        _insert_rows(RequestKey, ["team", "connection_request", "key"], request_rows)


def _insert_rows(model, names: list[str], rows: list[tuple]) -> None:
    """Insert plain rows (recognition keys: ten or so per contact) without building a
    model object for each."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    marks = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 10):
            cursor.executemany(sql, rows[start : start + BATCH * 10])


def _update_columns(model, objects: list, names: list[str]) -> None:
    """Write these fields of rows already inserted, one UPDATE per row sent as one batch
    (psycopg pipelines ``executemany``). ``bulk_update`` builds one CASE per column whose
    cost grows with the square of the batch: minutes for a large address book."""
    if not objects:
        return
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "  # noqa: S608 - names from the model
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    rows = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
        + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 10):
            cursor.executemany(sql, rows[start : start + BATCH * 10])


def _live_reminder(values: dict):
    if values["state"] not in {"pending", "sending"}:
        return None
    return (values["connection_request_id"], values["user_id"], values["kind"])


UNIQUE_PER_PERSON = {
    "reminder_settings": lambda values: values["user_id"],
    "reminders": _live_reminder,
    "muted_requests": lambda values: (values["user_id"], values["connection_request_id"]),
}
