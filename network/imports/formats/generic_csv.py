"""Any CSV of contacts, through a column mapping; also the engine of the Google and Outlook readers.

The mapping (header as written → field) comes from the user for a CSV Netcurate does not know
(``Sniffed.headers`` lists the choices). Fields are those of ``ContactRecord``, by name:
``FIELDS``. Several columns may feed one field: text fields keep the first non-empty cell
(notes join them), lists (email, phone, profile, former_name, categories) take them all. A cell
may hold several values separated by `` ::: `` (Google's way), and categories also by ``;`` or
``,``. A header mapped to ``""`` or to an unknown field is ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from network.imports import refusals
from network.imports.detect import Sniffed, normalise_header
from network.imports.formats._common import (
    csv_rows,
    email_label,
    parse_date,
    phone_label,
    split_list,
    too_many_cells,
    unreadable_date,
)
from network.imports.records import BlankRow, ContactRecord, FileRefused, Item, RowError

TEXT_FIELDS = ("given_name", "family_name", "display_name", "company", "position", "city", "notes")
LIST_FIELDS = ("email", "phone", "profile", "former_name", "categories")
FIELDS = (*TEXT_FIELDS, *LIST_FIELDS, "connected_on")

# Google's own groups, which are not how-we-met categories.
_SYSTEM_GROUPS = {"mycontacts", "starred"}


@dataclass(frozen=True)
class Column:
    """Cell ``index`` feeds ``field``; ``label`` (or the cell at ``label_index``) says what kind."""

    index: int
    field: str
    label: str = ""
    label_index: int | None = None


def read(
    text: TextIO, sniffed: Sniffed, *, mapping: dict[str, str] | None = None, source: str = ""
) -> Iterator[Item]:
    yield from read_columns(text, sniffed, columns_from_mapping(sniffed.headers, mapping), source)


def columns_from_mapping(headers: list[str], mapping: dict[str, str] | None) -> list[Column]:
    """The columns a user's mapping names; refused when it names none."""
    wanted = {normalise_header(header): field for header, field in (mapping or {}).items()}
    columns = [
        Column(index, wanted[normalise_header(header)])
        for index, header in enumerate(headers)
        if wanted.get(normalise_header(header)) in FIELDS
    ]
    if not columns:
        raise FileRefused(refusals.no_mapping())
    return columns


def read_columns(
    text: TextIO, sniffed: Sniffed, columns: list[Column], source: str
) -> Iterator[Item]:
    width = len(sniffed.headers)
    for number, cells, problem in csv_rows(text, sniffed):
        if problem:
            yield RowError(number, problem, source)
        elif len(cells) > width and any(cell.strip() for cell in cells[width:]):
            yield RowError(number, too_many_cells(), source)
        else:
            yield _record(number, cells, columns, source)


def _record(number: int, cells: list[str], columns: list[Column], source: str) -> Item:
    record = ContactRecord(row=number, source=source)
    for column in columns:
        value = cells[column.index].strip() if column.index < len(cells) else ""
        if not value:
            continue
        label = column.label
        if column.label_index is not None and column.label_index < len(cells):
            label = cells[column.label_index].strip() or label
        if column.field == "connected_on":
            try:
                record.connected_on = record.connected_on or parse_date(value)
            except ValueError:
                return RowError(number, unreadable_date(value), source)
        else:
            _apply(record, column.field, value, label)
    named = record.given_name or record.family_name or record.display_name
    if not (named or record.emails or record.phones or record.profiles):
        return BlankRow(number, source)
    return record


def _apply(record: ContactRecord, field: str, value: str, label: str) -> None:
    if field == "notes":
        record.notes = f"{record.notes}\n{value}" if record.notes else value
    elif field in TEXT_FIELDS:
        if not getattr(record, field):
            setattr(record, field, value)
    elif field == "email":
        record.emails.extend((item, email_label(label)) for item in split_list(value, ""))
    elif field == "phone":
        record.phones.extend((item, phone_label(label)) for item in split_list(value, ""))
    elif field == "profile":
        record.profiles.extend(split_list(value, ""))
    elif field == "former_name":
        record.former_names.extend((item, label or "other") for item in split_list(value, ""))
    elif field == "categories":
        for item in split_list(value):
            name = item.removeprefix("* ").strip()
            if name and name.lower() not in _SYSTEM_GROUPS:
                record.categories.append(name)
