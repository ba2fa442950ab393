"""Contacts as CSV: one row per contact, UTF-8 with a byte order mark (so that Excel reads
accents right), every cell quoted, and no cell that a spreadsheet would run as a formula.

Column titles stay in English whatever the reader's language: the file is meant for other
programs (Google Contacts, Outlook, another Netcurate) as much as for people.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.utils import timezone

from network.exports.selectors import ExportedContact
from network.models import Category, ContactAlias
from network.text.formulas import neutralise

BOM = "\ufeff"

COLUMNS = [
    "Given name",
    "Family name",
    "Display name",
    "Company",
    "Position",
    "City",
    "Languages",
    "Notes",
    "Emails",
    "Phones",
    "Profiles",
    "Former names",
    "How we met",
    "Relationship owner",
    "Met through",
    "Created",
    "Updated",
    "Archived",
]
SEPARATORS = {"comma": ",", "semicolon": ";"}


def _list(parts: Iterable[str]) -> str:
    return "; ".join(part for part in parts if part)


def _when(value) -> str:
    """A date as 2026-06-27; a moment in the site's time zone, its offset written."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat() if value else ""


def kind_labels() -> dict[str, str]:
    """Former names' kinds in the reader's language, once per file."""
    return {kind.value: str(kind.label) for kind in ContactAlias.Kind}


def contact_row(
    contact: ExportedContact, categories: dict[int, Category], kinds: dict[str, str]
) -> list[str]:
    """One contact's cells, before neutralisation (the tests read them as stored)."""
    former = [
        name if kind == ContactAlias.Kind.OTHER else f"{name} ({kinds.get(kind, kind)})"
        for name, kind in contact.aliases
    ]
    tags = []
    for category_id, detail, met_on in contact.tags:
        category = categories.get(category_id)
        label = category.label if category else ""
        detail = ", ".join(part for part in (detail, _when(met_on)) if part)
        tags.append(f"{label}: {detail}" if detail else label)
    return [
        contact.given_name,
        contact.family_name,
        contact.display_name,
        contact.company,
        contact.position,
        contact.city,
        _list(contact.languages),
        contact.notes,
        _list(email for email, _label in contact.emails),
        _list(number for number, _label in contact.phones),
        _list(url for _network, url in contact.profiles),
        _list(former),
        _list(tags),
        contact.owner_email,
        contact.met_through_name,
        _when(contact.created_at),
        _when(contact.updated_at),
        _when(contact.archived_at),
    ]


class _Line:
    """What ``csv.writer`` writes to: it hands each line back instead of storing it."""

    def write(self, line: str) -> str:
        return line


def contacts_csv(
    contacts: Iterable[ExportedContact], categories: dict[int, Category], *, separator: str = ","
) -> Iterator[str]:
    """The CSV file, line by line: the byte order mark and titles, then one line per
    contact. Every cell is quoted, so a separator or line break inside one stays inside."""
    kinds = kind_labels()
    writer = csv.writer(_Line(), delimiter=separator, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    yield BOM + writer.writerow(COLUMNS)
    for contact in contacts:
        yield writer.writerow(
            [neutralise(cell) for cell in contact_row(contact, categories, kinds)]
        )
