"""Reads the exports share: the team's contacts in batches, each batch with everything that
hangs off its contacts, so that an export costs the same few queries per batch however long
the address book is.

A contact is read as plain values into an ``ExportedContact`` rather than as model instances
with prefetched relations: an export touches every row of the address book once, and
building model objects was most of its time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from network.models import (
    Category,
    Contact,
    ContactAlias,
    ContactEmail,
    ContactPhone,
    ContactTag,
    NetworkProfile,
)

BATCH = 500  # contacts per batch: well under SQLite's limit on parameters of an IN (...)

CONTACT_FIELDS = (
    "pk",
    "given_name",
    "family_name",
    "display_name",
    "company",
    "position",
    "city",
    "languages",
    "notes",
    "owner__email",
    "met_through__given_name",
    "met_through__family_name",
    "met_through__display_name",
    "created_at",
    "updated_at",
    "archived_at",
)


def _name(given: str, family: str, display: str) -> str:
    """What ``Contact.name`` says, from the values."""
    return display or f"{given} {family}".strip()


@dataclass
class ExportedContact:
    """One contact as the exports read it: its own fields and what hangs off it."""

    pk: int
    given_name: str
    family_name: str
    display_name: str
    company: str
    position: str
    city: str
    languages: list
    notes: str
    owner_email: str
    met_through_name: str
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (name, kind)
    emails: list[tuple[str, str]] = field(default_factory=list)  # (address, label)
    phones: list[tuple[str, str]] = field(default_factory=list)  # (number, label)
    profiles: list[tuple[str, str]] = field(default_factory=list)  # (network, url)
    tags: list[tuple[int, str, date | None]] = field(
        default_factory=list
    )  # (category, detail, met_on)

    @property
    def name(self) -> str:
        return _name(self.given_name, self.family_name, self.display_name)


def team_categories(team) -> dict[int, Category]:
    """The team's how-we-met categories by id: one query, for every batch to use."""
    return {category.pk: category for category in Category.objects.filter(team=team)}


def _contacts(values: list[tuple]) -> dict[int, ExportedContact]:
    out = {}
    for (
        pk,
        given,
        family,
        display,
        company,
        position,
        city,
        languages,
        notes,
        owner,
        met_given,
        met_family,
        met_display,
        created_at,
        updated_at,
        archived_at,
    ) in values:
        met = _name(met_given or "", met_family or "", met_display or "")
        out[pk] = ExportedContact(
            pk, given, family, display, company, position, city, languages or [], notes,
            owner or "", met, created_at, updated_at, archived_at,
        )  # fmt: skip
    return out


def _attach(contacts: dict[int, ExportedContact]) -> None:
    """Former names, emails, phones, profiles and tags of a batch: one query each, in each
    model's own order."""
    ids = list(contacts)
    attached = {
        "aliases": ContactAlias.objects.order_by("created_at", "pk").values_list(
            "contact_id", "name", "kind"
        ),
        "emails": ContactEmail.objects.order_by("pk").values_list("contact_id", "email", "label"),
        "phones": ContactPhone.objects.order_by("pk").values_list("contact_id", "number", "label"),
        "profiles": NetworkProfile.objects.order_by("network", "pk").values_list(
            "contact_id", "network", "url"
        ),
        "tags": ContactTag.objects.order_by("category_id", "pk").values_list(
            "contact_id", "category_id", "detail", "met_on"
        ),
    }
    for name, queryset in attached.items():
        grouped = defaultdict(list)
        for contact_id, *rest in queryset.filter(contact_id__in=ids):
            grouped[contact_id].append(tuple(rest))
        for contact_id, rows in grouped.items():
            setattr(contacts[contact_id], name, rows)


def contacts_for_export(
    team, *, include_archived: bool = False, batch: int = BATCH
) -> Iterator[ExportedContact]:
    """The team's contacts in the order they were added, archived ones too if asked, with
    their former names, emails, phones, profiles and tags, batch by batch.

    Keyset pagination (after the last id seen) rather than OFFSET: each batch is one range
    read of the primary key, and the stream never holds a server-side cursor open between
    batches. (Name order would cost a sort of the whole address book per batch once archived
    contacts are included; a spreadsheet sorts in one click.) A tag's category is looked up
    in ``team_categories``."""
    contacts = Contact.objects.filter(team=team).order_by("pk")
    if not include_archived:
        contacts = contacts.filter(archived_at__isnull=True)
    after = 0
    while True:
        rows = _contacts(list(contacts.filter(pk__gt=after).values_list(*CONTACT_FIELDS)[:batch]))
        _attach(rows)
        yield from rows.values()
        if len(rows) < batch:
            return
        after = max(rows)
