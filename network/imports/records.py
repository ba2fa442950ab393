"""What a reader hands to the import pipeline: plain records, no database.

A reader (``network.imports.formats.<kind>``) turns one file into a stream of items, in file
order, so that memory stays bounded whatever the file's size:

- ``ContactRecord``: one person of an address book;
- ``RequestRecord``: one incoming invitation;
- ``RowError``: a row that could not be read, with its reason in words;
- ``BlankRow``: a row with nothing usable in it (counted, never an error);
- ``SkippedFile``: in an archive, a member that Netcurate does not read (reported by name).

A file that cannot be read at all (binary, unknown format, truncated, not the encoding it
claims) raises ``FileRefused`` with one clear sentence, before anything is written.
Row numbers are those a person sees in a spreadsheet or an editor: 1-based, header included
for CSV files, card number for vCards, entry number for JSON lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


class FileRefused(Exception):
    """The whole file is refused; ``str(error)`` is the one sentence shown to the user."""


@dataclass(slots=True)
class ContactRecord:
    row: int
    given_name: str = ""
    family_name: str = ""
    display_name: str = ""
    company: str = ""
    position: str = ""
    city: str = ""
    notes: str = ""
    # (address as written, ContactEmail.Label value: "work", "personal" or "other")
    emails: list[tuple[str, str]] = field(default_factory=list)
    # (number as written, ContactPhone.Label value: "mobile", "work", "home" or "other")
    phones: list[tuple[str, str]] = field(default_factory=list)
    # profile addresses or handles as written (decoded or percent-encoded alike)
    profiles: list[str] = field(default_factory=list)
    # (name, ContactAlias.Kind value: "maiden", "nickname", "previous_married", "other")
    former_names: list[tuple[str, str]] = field(default_factory=list)
    # category names as written in the file; the pipeline keeps those the team has
    categories: list[str] = field(default_factory=list)
    connected_on: date | None = None
    # which file of an archive the record came from ("" for a single file)
    source: str = ""


@dataclass(slots=True)
class RequestRecord:
    row: int
    network: str  # a network.text.networks.Network value
    sender_name: str
    headline: str = ""
    profile_url: str = ""
    message: str = ""
    received_at: datetime | None = None
    mutual_connections: int | None = None
    has_photo: bool | None = None
    source: str = ""


@dataclass(slots=True)
class RowError:
    row: int
    reason: str
    source: str = ""


@dataclass(slots=True)
class BlankRow:
    row: int
    source: str = ""
    # why nothing was taken: "" for a blank row; "outgoing" for an invitation the user sent
    # (LinkedIn's Invitations.csv), which is history, not a request to triage
    reason: str = ""


@dataclass(slots=True)
class SkippedFile:
    name: str
    reason: str


Item = ContactRecord | RequestRecord | RowError | BlankRow | SkippedFile
