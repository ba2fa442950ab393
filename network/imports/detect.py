"""What kind of file was uploaded: format, encoding, delimiter, header. By content, not by name.

``sniff`` reads the head of the file (``HEAD_BYTES``) to decide; the rest is never held in
memory. Only when the head is plain UTF-8 does it stream the remainder through a decoder, so a
cp1252 file whose first accent sits past the head is still read as cp1252 (memory stays one
chunk). A file Netcurate cannot read raises ``FileRefused`` with one sentence for the user.

Format keys (``Sniffed.format``): ``linkedin_connections``, ``linkedin_invitations``, ``vcard``,
``google_csv``, ``outlook_csv``, ``csv`` (any other CSV: needs a column mapping),
``facebook_friends``, ``facebook_requests``, ``zip`` (its readable files in ``members``).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext_lazy

from network.imports import refusals
from network.imports.records import FileRefused, SkippedFile

HEAD_BYTES = 64 * 1024
_CHUNK = 1024 * 1024
# A ZIP member larger than this, or that expands more than _MAX_RATIO times, is not read.
MAX_MEMBER_BYTES = 200 * 1024 * 1024
_MAX_RATIO = 200
# At most this many members of a ZIP are opened to tell what they are (an export holds a few
# dozen files worth reading); the rest are left aside, counted in the report. Members whose
# name looks like a known export's file are opened first.
MAX_SNIFFED_MEMBERS = 500
_READABLE = (".csv", ".vcf", ".vcard", ".json")
_LIKELY_WORDS = ("connection", "invitation", "friend", "contact", ".vcf", ".vcard")

CONTACTS, REQUESTS, BOTH = "contacts", "requests", "both"

FORMAT_LABELS = {
    "linkedin_connections": gettext_lazy("LinkedIn connections (Connections.csv)"),
    "linkedin_invitations": gettext_lazy("LinkedIn invitations (Invitations.csv)"),
    "vcard": gettext_lazy("vCard"),
    "google_csv": gettext_lazy("Google Contacts CSV"),
    "outlook_csv": gettext_lazy("Outlook CSV"),
    "csv": gettext_lazy("CSV file (say which column is what)"),
    "facebook_friends": gettext_lazy("Facebook friends (JSON)"),
    "facebook_requests": gettext_lazy("Facebook friend requests received (JSON)"),
    "zip": gettext_lazy("ZIP archive of an export"),
}
FORMAT_KINDS = {
    "linkedin_invitations": REQUESTS,
    "facebook_requests": REQUESTS,
}


@dataclass
class Sniffed:
    """What ``sniff`` found; enough for a reader to read the file and for the preview to say so."""

    format: str
    label: str
    encoding: str = ""
    delimiter: str = ""  # CSV only
    headers: list[str] = field(default_factory=list)  # CSV only, as written in the file
    header_row: int = 0  # CSV only: the 1-based record number of the header (after a preamble)
    kind: str = CONTACTS  # "contacts", "requests" or "both" (a ZIP holding both)
    version: str = ""  # vCard only
    member: str = ""  # inside a ZIP: the member's name
    members: list[Sniffed] = field(default_factory=list)  # ZIP only: the members read, in order
    skipped: list[SkippedFile] = field(default_factory=list)  # ZIP only: the members not read


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Excel (.xls) and other Office files
_SPREADSHEETS = (".xls", ".xlsx", ".xlsm", ".ods", ".numbers")


def sniff(path: Path, filename: str = "") -> Sniffed:
    """Detect the format of the file at ``path``.

    ``filename`` (as uploaded) never decides the format; it only makes a refusal clearer (a
    spreadsheet workbook is told to be saved as CSV).
    """
    workbook = filename.lower().endswith(_SPREADSHEETS)
    with open(path, "rb") as stream:
        head = stream.read(HEAD_BYTES)
        if head.startswith(_OLE2):
            raise FileRefused(refusals.office())
        try:
            if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
                return _sniff_zip(path)
            return sniff_stream(head, stream, complete=len(head) < HEAD_BYTES)
        except FileRefused:
            if workbook:
                raise FileRefused(refusals.office()) from None
            raise


def sniff_stream(head: bytes, rest: BinaryIO, *, complete: bool, member: str = "") -> Sniffed:
    """Detect the format from ``head``; ``rest`` continues the same stream (read only for UTF-8)."""
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise FileRefused(refusals.empty())
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise FileRefused(refusals.unknown())
    encoding = detect_encoding(head, rest, complete=complete)
    text = _decode_head(head, encoding, complete=complete)
    if _looks_binary(text):
        raise FileRefused(refusals.binary())
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:11].upper() == "BEGIN:VCARD":
        return _sniffed("vcard", encoding, version=_vcard_version(stripped), member=member)
    if stripped[:1] in "{[":
        return _sniff_json(stripped, encoding, member)
    return _sniff_csv(text, encoding, complete=complete, member=member)


def _sniffed(fmt: str, encoding: str, **extra) -> Sniffed:
    label = str(FORMAT_LABELS[fmt])
    if fmt == "vcard" and extra.get("version"):
        label = f"{label} {extra['version']}"
    extra.setdefault("kind", FORMAT_KINDS.get(fmt, CONTACTS))
    return Sniffed(format=fmt, label=label, encoding=encoding, **extra)


# --- encoding ------------------------------------------------------------------------------


def detect_encoding(head: bytes, rest: BinaryIO | None = None, *, complete: bool = True) -> str:
    """The codec to open the file with: a BOM decides; else UTF-8 if it decodes, else cp1252."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        sample = head[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 4 and even == 0:
            return "utf-16-le"
        if even > len(sample) // 4 and odd == 0:
            return "utf-16-be"
        raise FileRefused(refusals.binary())
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=complete)
        if not complete and rest is not None:
            while chunk := rest.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return _single_byte(head)
    return "utf-8"


def _single_byte(head: bytes) -> str:
    # cp1252 leaves five bytes undefined; a file holding them is Latin-1 (ISO-8859-1).
    try:
        head.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1"
    return "cp1252"


def _decode_head(head: bytes, encoding: str, *, complete: bool) -> str:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        text = decoder.decode(head, final=complete)
    except UnicodeDecodeError as error:
        raise FileRefused(refusals.undecodable()) from error
    if not complete:
        # Keep whole lines only: the last one may be cut in the middle.
        cut = text.rfind("\n")
        text = text[: cut + 1] if cut > 0 else text
    return text


def _looks_binary(text: str) -> bool:
    controls = sum(1 for char in text[:8192] if ord(char) < 32 and char not in "\t\r\n\f\v")
    return "\x00" in text or controls > 8


# --- vCard and JSON ------------------------------------------------------------------------

_VERSION = re.compile(r"^VERSION:\s*([0-9.]+)", re.IGNORECASE | re.MULTILINE)


def _vcard_version(text: str) -> str:
    found = _VERSION.search(text)
    return found.group(1) if found else ""


_JSON_KEY = re.compile(r'"(friends_v2|friends|received_requests_v2|received_requests)"\s*:\s*\[')


def _sniff_json(text: str, encoding: str, member: str) -> Sniffed:
    found = _JSON_KEY.search(text)
    if not found:
        raise FileRefused(refusals.json_unknown())
    fmt = "facebook_requests" if found.group(1).startswith("received") else "facebook_friends"
    return _sniffed(fmt, encoding, member=member)


# --- CSV -----------------------------------------------------------------------------------

_DELIMITERS = (",", ";", "\t")
_MAX_HEADER_SEARCH = 12  # records looked at to find a known header below a preamble


def normalise_header(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").strip().lower().split())


def _known_format(headers: list[str]) -> str | None:
    found = {normalise_header(cell) for cell in headers}
    if {"first name", "last name", "connected on"} <= found:
        return "linkedin_connections"
    if {"from", "to", "direction"} <= found and "sent at" in found:
        return "linkedin_invitations"
    if {"given name", "family name"} <= found and (
        "group membership" in found or "e-mail 1 - value" in found
    ):
        return "google_csv"
    if {"first name", "last name", "organization name"} <= found and (
        "labels" in found or "e-mail 1 - value" in found
    ):
        return "google_csv"
    if {"first name", "last name", "e-mail address"} <= found and (
        found & {"job title", "business phone", "mobile phone", "home phone"}
    ):
        return "outlook_csv"
    if {"prénom", "nom"} <= found and (
        found & {"adresse de messagerie", "adresse e-mail", "adresse de courrier électronique"}
    ):
        return "outlook_csv"
    return None


def _records(text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    try:
        for record in reader:
            records.append(record)
            if len(records) >= _MAX_HEADER_SEARCH:
                break
    except csv.Error:
        pass
    return records


def _sniff_csv(text: str, encoding: str, *, complete: bool, member: str) -> Sniffed:
    candidates = {delimiter: _records(text, delimiter) for delimiter in _DELIMITERS}
    for delimiter, records in candidates.items():
        for number, record in enumerate(records, start=1):
            fmt = _known_format(record)
            if fmt:
                return _sniffed(fmt, encoding, delimiter=delimiter, headers=record,
                                header_row=number, member=member)  # fmt: skip
    shapes = {delimiter: _table_shape(records) for delimiter, records in candidates.items()}
    delimiter = max(shapes, key=lambda delimiter: shapes[delimiter][0])  # first wins a tie
    width, number = shapes[delimiter]
    if width < 2:
        raise FileRefused(refusals.unknown())
    return _sniffed("csv", encoding, delimiter=delimiter, headers=candidates[delimiter][number - 1],
                    header_row=number, member=member)  # fmt: skip


def _table_shape(records: list[list[str]]) -> tuple[int, int]:
    """``(width, header's record number)`` of the table these records make; ``(0, 0)`` if none.

    The width is the one most records share (a title line above the header does not count);
    the header is the first record of that width, and must name two columns at least.
    """
    filled = [(n, r) for n, r in enumerate(records, start=1) if any(c.strip() for c in r)]
    if not filled:
        return 0, 0
    width, count = Counter(len(record) for _, record in filled).most_common(1)[0]
    number, header = next((n, r) for n, r in filled if len(r) == width)
    named = sum(1 for cell in header if cell.strip())
    if width < 2 or named < 2 or count < min(2, len(filled)) or count < len(filled) / 2:
        return 0, 0
    return width, number


# --- ZIP -----------------------------------------------------------------------------------


def _sniff_zip(path: Path) -> Sniffed:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "[Content_Types].xml" in names or "mimetype" in names:
                raise FileRefused(refusals.office())
            members, skipped = [], []
            opened = _to_open(infos)
            for number, info in enumerate(infos):
                if info.is_dir():
                    continue
                if number not in opened:
                    skipped.append(SkippedFile(info.filename, _SKIP_REASONS["too_many"]()))
                    continue
                outcome = _sniff_member(archive, info)
                (members if isinstance(outcome, Sniffed) else skipped).append(outcome)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
        raise FileRefused(refusals.damaged_zip()) from error
    if not members:
        raise FileRefused(refusals.empty_zip())
    kinds = {member.kind for member in members}
    kind = kinds.pop() if len(kinds) == 1 else BOTH
    # Contacts before requests: an export's invitations are matched against its connections.
    members.sort(key=lambda member: member.kind != CONTACTS)
    return _sniffed("zip", "", kind=kind, members=members, skipped=skipped)


def _to_open(infos: list[zipfile.ZipInfo]) -> set[int]:
    """The positions of the members worth opening, MAX_SNIFFED_MEMBERS at most (a member
    Netcurate never reads is left aside by its name alone, and costs nothing)."""
    readable = [
        (not any(word in info.filename.lower() for word in _LIKELY_WORDS), number)
        for number, info in enumerate(infos)
        if not info.is_dir() and info.filename.lower().endswith(_READABLE)
    ]
    chosen = sorted(readable)[:MAX_SNIFFED_MEMBERS]
    unread = {
        number for number, info in enumerate(infos) if not info.filename.lower().endswith(_READABLE)
    }
    return unread | {number for _unlikely, number in chosen}


_SKIP_REASONS: dict[str, Callable[[], str]] = {
    "too_many": refusals.too_many_files,
    "encrypted": refusals.encrypted,
    "too_large": refusals.too_large,
    "unknown": refusals.not_read,
}


def _sniff_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Sniffed | SkippedFile:
    if info.flag_bits & 0x1:
        return SkippedFile(info.filename, _SKIP_REASONS["encrypted"]())
    if member_too_large(info):
        return SkippedFile(info.filename, _SKIP_REASONS["too_large"]())
    if not info.filename.lower().endswith(_READABLE):
        return SkippedFile(info.filename, _SKIP_REASONS["unknown"]())
    with archive.open(info) as stream:
        head = stream.read(HEAD_BYTES)
        try:
            found = sniff_stream(head, stream, complete=len(head) < HEAD_BYTES,
                                 member=info.filename)  # fmt: skip
        except FileRefused:
            return SkippedFile(info.filename, _SKIP_REASONS["unknown"]())
    if found.format == "csv":
        # Inside an export archive, only the files Netcurate knows are read.
        return SkippedFile(info.filename, _SKIP_REASONS["unknown"]())
    return found


def member_too_large(info: zipfile.ZipInfo) -> bool:
    """A zip bomb's tell: an absurd declared size or compression ratio."""
    if info.file_size > MAX_MEMBER_BYTES:
        return True
    return info.file_size > 10 * 1024 * 1024 and info.file_size > _MAX_RATIO * max(
        info.compress_size, 1
    )
