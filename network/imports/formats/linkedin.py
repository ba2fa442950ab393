"""LinkedIn's export: ``Connections.csv`` (the address book) and ``Invitations.csv`` (requests).

Connections.csv comes in three shapes, all read by header name: the current one (a "Notes:"
paragraph and a blank line above ``First Name,Last Name,URL,Email Address,Company,Position,
Connected On``, dates ``27 Jun 2026``), the older one (no URL column, dates ``1/8/18, 6:14 PM``)
and a copy re-saved by Excel (no preamble, semicolons, cp1252, dates ``9-Sep-22``); ``detect``
finds the header, the delimiter and the encoding.

Choices:
- A row with no name, no profile and no email (LinkedIn leaves only the date for members who
  hide themselves) is a ``BlankRow``: counted, never an error.
- Credentials written after the family name (``"Lalka, PMP"``) are kept out of the name, which
  recognition compares, and go to the notes as "Credentials: PMP", so nothing is lost.
- Profile URLs are kept as written, percent-encoded or not: the pipeline canonicalises them.
- Invitations.csv is a history: only INCOMING rows become requests (the note as message);
  an OUTGOING row is a ``BlankRow`` whose reason says so, counted apart from blank rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TextIO

from django.utils.translation import gettext

from network.imports.detect import Sniffed
from network.imports.formats._common import (
    parse_date,
    parse_datetime,
    rows_by_header,
    unreadable_date,
)
from network.imports.records import BlankRow, ContactRecord, Item, RequestRecord, RowError

OUTGOING = "outgoing"

# A credential: a short token with two capitals or more (PMP, MBA, PhD, P.Eng., SHRM-CP) or
# one of the usual lower-case spellings.
_CREDENTIAL = re.compile(r"[A-Za-z][A-Za-z.&/\-]{1,11}")
_LOWER_CREDENTIALS = {"esq", "esq.", "msc", "m.sc.", "meng", "bsc", "phd", "ph.d.", "dr"}


def split_credentials(family_name: str) -> tuple[str, list[str]]:
    """``"Lalka, PMP, CSM"`` → ``("Lalka", ["PMP", "CSM"])``; other commas stay in the name."""
    name, comma, rest = family_name.partition(",")
    if not comma or not name.strip():
        return family_name.strip(), []
    tokens = [token for part in rest.split(",") for token in part.split()]
    if tokens and all(_is_credential(token) for token in tokens):
        return name.strip(), tokens
    return family_name.strip(), []


def _is_credential(token: str) -> bool:
    if not _CREDENTIAL.fullmatch(token):
        return False
    capitals = sum(1 for char in token if char.isupper())
    return capitals >= 2 or token.lower() in _LOWER_CREDENTIALS


def read_connections(
    text: TextIO, sniffed: Sniffed, *, mapping: dict[str, str] | None = None, source: str = ""
) -> Iterator[Item]:
    for row in rows_by_header(text, sniffed, source):
        yield row if isinstance(row, RowError) else _connection(*row, source)


def _connection(number: int, row: dict[str, str], source: str) -> Item:
    given, profile = row.get("first name", ""), row.get("url", "")
    email = row.get("email address", "")
    family, credentials = split_credentials(row.get("last name", ""))
    if not (given or family or profile or email):
        return BlankRow(number, source)
    try:
        connected_on = parse_date(row.get("connected on", ""))
    except ValueError:
        return RowError(number, unreadable_date(row["connected on"]), source)
    notes = ""
    if credentials:
        notes = gettext("Credentials: %(credentials)s") % {"credentials": ", ".join(credentials)}
    return ContactRecord(
        row=number,
        given_name=given,
        family_name=family,
        company=row.get("company", ""),
        position=row.get("position", ""),
        notes=notes,
        emails=[(email, "other")] if email else [],
        profiles=[profile] if profile else [],
        connected_on=connected_on,
        source=source,
    )


def read_invitations(
    text: TextIO, sniffed: Sniffed, *, mapping: dict[str, str] | None = None, source: str = ""
) -> Iterator[Item]:
    for row in rows_by_header(text, sniffed, source):
        yield row if isinstance(row, RowError) else _invitation(*row, source)


def _invitation(number: int, row: dict[str, str], source: str) -> Item:
    direction = row.get("direction", "").upper()
    if not any(row.values()):
        return BlankRow(number, source)
    if direction == "OUTGOING":
        return BlankRow(number, source, reason=OUTGOING)
    if direction != "INCOMING":
        return RowError(
            number,
            gettext("The direction “%(value)s” is neither INCOMING nor OUTGOING.")
            % {"value": row.get("direction", "")},
            source,
        )
    sender = row.get("from", "")
    if not sender:
        return RowError(number, gettext("This invitation does not say who sent it."), source)
    try:
        received_at = parse_datetime(row.get("sent at", ""))
    except ValueError:
        return RowError(number, unreadable_date(row["sent at"]), source)
    return RequestRecord(
        row=number,
        network="linkedin",
        sender_name=sender,
        profile_url=row.get("inviterprofileurl", ""),
        message=row.get("message", ""),
        received_at=received_at,
        source=source,
    )
