"""What a row adds to a contact the team already has: empty fields filled, emails, phones,
profiles, former names and categories added; nothing someone typed is ever overwritten (a
field is filled only while it is still empty in the database, and the version is bumped so
that a form opened before the import refuses to save over it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from network.imports.cleaning import Person
from network.models import (
    AccessLevel,
    Contact,
    ContactAlias,
    ContactChange,
    ContactEmail,
    ContactPhone,
    ContactTag,
    NetworkProfile,
)
from network.text import fold

IN_CLAUSE = 500  # ids per IN (...): well under SQLite's limit on parameters
FILLED = ["company", "position", "city", "notes"]


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


def chunks(values: list, size: int = IN_CLAUSE):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def load_details(ids: list[int]) -> dict[int, Details]:
    found: dict[int, Details] = {}
    for chunk in chunks(sorted(set(ids))):
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


def diff(pk: int, person: Person, known: Details, index, warn) -> Change:
    """What ``person`` adds to the contact; ``known`` takes it in, so that a second row
    for the same contact in the batch adds only what is still missing. A detail another
    contact has stays theirs (``warn(reason)`` says so)."""
    change = Change()

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
            if index.emails.get(email, pk) != pk:
                warn(taken % {"value": email})
                continue
            known.emails.add(email)
            change.emails.append((email, label))
    for number, label in person.phones:
        if number not in known.phones:
            if index.phones.get(number, pk) != pk:
                warn(taken % {"value": number})
                continue
            known.phones.add(number)
            change.phones.append((number, label))
    for profile in person.profiles:
        key = (profile.network, profile.handle)
        if key not in known.profiles:
            if index.profiles.get(key, pk) != pk:
                warn(taken % {"value": profile.url})
                continue
            known.profiles.add(key)
            change.profiles.append(profile)
    for category in person.category_ids:
        if category not in known.tags:
            known.tags.add(category)
            change.tags.append(category)
    return change


def write_changes(changes: dict[int, Change], *, team, actor, source: dict, labels: dict) -> None:
    """Write what the rows add to existing contacts, then reindex each of them."""
    now = timezone.now()
    rows: dict[type, list] = {model: [] for model in (ContactAlias, ContactEmail, ContactPhone)}
    profiles, tags, history = [], [], []
    note = partial(_change, actor, source)
    for pk, change in changes.items():
        if change.fills:
            filled = Contact.objects.filter(pk=pk, **dict.fromkeys(change.fills, "")).update(
                **change.fills, version=F("version") + 1, updated_at=now
            )
            if filled:  # someone typed one of them meanwhile: theirs stays
                history.append(note(pk, "EDITED", fields=sorted(change.fills)))
        for name, kind in change.aliases:
            rows[ContactAlias].append(ContactAlias(contact_id=pk, name=name, kind=kind))
            history.append(note(pk, "ALIAS_ADDED", name=name, kind=kind))
        for email, label in change.emails:
            rows[ContactEmail].append(ContactEmail(contact_id=pk, email=email, label=label))
            history.append(note(pk, "EMAIL_ADDED", value=email))
        for number, label in change.phones:
            rows[ContactPhone].append(ContactPhone(contact_id=pk, number=number, label=label))
            history.append(note(pk, "PHONE_ADDED", value=number))
        for profile in change.profiles:
            profiles.append(_profile(team, pk, profile))
            history.append(note(pk, "PROFILE_ADDED", handle=profile.url))
        for category in change.tags:
            tags.append(ContactTag(contact_id=pk, category_id=category))
            history.append(note(pk, "TAGGED", category=labels[category]))
    for model, objects in rows.items():
        model.objects.bulk_create(objects)
    NetworkProfile.objects.bulk_create(profiles)
    ContactTag.objects.bulk_create(tags)
    ContactChange.objects.bulk_create(history)
    for chunk in chunks(sorted(changes)):
        for contact in Contact.objects.filter(pk__in=chunk):
            contact.reindex()  # search text and keys; the requests concerned re-scored


def _change(actor, source: dict, pk: int, action: str, **data) -> ContactChange:
    return ContactChange(
        contact_id=pk,
        actor=actor,
        action=getattr(ContactChange.Action, action),
        data={**data, **source},
    )


def _profile(team, pk: int, profile) -> NetworkProfile:
    return NetworkProfile(
        team=team,
        contact_id=pk,
        network=profile.network,
        handle=profile.handle,
        url=profile.url,
        access=AccessLevel.NONE,
    )
