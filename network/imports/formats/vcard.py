"""vCard 2.1, 3.0 and 4.0, one or many cards a file, as Apple, Google, Android, Outlook write them.

A small streaming reader of our own rather than ``vobject``: vobject fails on Android's
quoted-printable values with soft line breaks, and it would hold each embedded photo in memory.
Here a card is a list of its properties, built line by line; a ``PHOTO``/``LOGO``/``SOUND``/``KEY``
value is dropped as it is read, and no line is taken longer than ``MAX_VALUE`` characters.

What becomes what: ``N`` (else ``FN`` as the display name), ``ORG`` (first part) → company,
``TITLE`` → position, the first ``ADR`` locality → city, ``EMAIL``/``TEL`` with their types or
Apple's grouped ``itemN.X-ABLabel``, ``URL`` and ``X-SOCIALPROFILE`` → profiles,
``X-MAIDENNAME`` → former name "maiden", ``NICKNAME`` (and Android's nickname row) → former
name "nickname", ``CATEGORIES`` → categories, ``NOTE`` → notes. A card with no name, address,
number or profile is a ``BlankRow``. A file that ends inside a card is refused as truncated.
"""

from __future__ import annotations

import base64
import binascii
import quopri
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

from django.utils.translation import gettext

from network.imports import refusals
from network.imports.detect import Sniffed
from network.imports.formats._common import email_label, phone_label
from network.imports.records import BlankRow, ContactRecord, FileRefused, Item, RowError

MAX_VALUE = 256 * 1024
_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}


@dataclass
class Property:
    group: str
    name: str
    params: dict[str, list[str]]
    value: str  # decoded (quoted-printable, base64, charset), still escaped

    @property
    def types(self) -> list[str]:
        return self.params.get("TYPE", [])


@dataclass
class _Card:
    number: int
    properties: list[Property] = field(default_factory=list)
    too_long: bool = False


def read(
    text: TextIO, sniffed: Sniffed, *, mapping: dict[str, str] | None = None, source: str = ""
) -> Iterator[Item]:
    card: _Card | None = None
    number = 0
    for line, too_long in _logical_lines(text):
        prop = parse_line(line)
        if prop is None:
            continue
        if prop.name == "BEGIN" and prop.value.strip().upper() == "VCARD":
            if card is not None:
                yield RowError(card.number, _no_end(), source)
            number += 1
            card = _Card(number)
        elif prop.name == "END" and prop.value.strip().upper() == "VCARD":
            if card is not None:
                yield _record(card, source)
            card = None
        elif card is not None:
            if too_long and prop.name not in _BINARY:
                card.too_long = True
            elif prop.name not in _BINARY:
                card.properties.append(prop)
    if card is not None:
        raise FileRefused(refusals.truncated())


def _no_end() -> str:
    return gettext("This card has no END:VCARD line before the next card begins.")


# --- lines ---------------------------------------------------------------------------------


def _physical_lines(text: TextIO) -> Iterator[tuple[str, bool]]:
    """Lines without their ending; a line past MAX_VALUE is cut, the rest skipped, and flagged."""
    while line := text.readline(MAX_VALUE):
        if len(line) >= MAX_VALUE and not line.endswith(("\n", "\r")):
            while (more := text.readline(MAX_VALUE)) and not more.endswith(("\n", "\r")):
                pass
            yield line, True
        else:
            yield line.rstrip("\r\n"), False


def _logical_lines(text: TextIO) -> Iterator[tuple[str, bool]]:
    """Unfold: a line starting with a space or tab continues the previous one, and so does the
    line after a quoted-printable value ending in ``=`` (a soft line break)."""
    parts: list[str] = []
    size, too_long, binary, quoted = 0, False, False, False
    for line, overlong in _physical_lines(text):
        continues = bool(parts) and (
            line[:1] in (" ", "\t") or (quoted and parts[-1].endswith("="))
        )
        if continues:
            if quoted and parts[-1].endswith("="):
                parts[-1] = parts[-1][:-1]
            else:
                line = line[1:]
            if binary:
                continue
            size += len(line)
            if size > MAX_VALUE or overlong:
                too_long = True
                continue
            parts.append(line)
            continue
        if parts:
            yield "".join(parts), too_long
        if not line.strip():
            parts, size, too_long = [], 0, False
            continue
        head = line.split(":", 1)[0].upper()
        name = head.split(";", 1)[0].rsplit(".", 1)[-1]
        binary = name in _BINARY
        quoted = "QUOTED-PRINTABLE" in head
        parts = [line.split(":", 1)[0] + ":"] if binary else [line]
        size, too_long = len(line), overlong and not binary
    if parts:
        yield "".join(parts), too_long


def _split_outside_quotes(text: str, separator: str, limit: int = -1) -> list[str]:
    pieces, current, quoted = [], [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == separator and not quoted and limit != 0:
            pieces.append("".join(current))
            current = []
            limit -= 1
            continue
        current.append(char)
    pieces.append("".join(current))
    return pieces


def parse_line(line: str) -> Property | None:
    """``[group.]NAME[;params]:value`` into a Property; None for a line that is not one."""
    pieces = _split_outside_quotes(line, ":", limit=1)
    if len(pieces) != 2:
        return None
    head, value = pieces
    name_part, *param_parts = _split_outside_quotes(head, ";")
    group, _, name = name_part.strip().rpartition(".")
    if not name:
        return None
    params: dict[str, list[str]] = {}
    for part in param_parts:
        key, equals, values = part.partition("=")
        if not equals:  # vCard 2.1: a bare type, or the encoding alone
            key, values = key, key
            key = "ENCODING" if key.upper() in ("QUOTED-PRINTABLE", "BASE64", "B") else "TYPE"
        for item in values.split(","):
            params.setdefault(key.strip().upper(), []).append(item.strip().strip('"').lower())
    return Property(group.lower(), name.upper(), params, _decode(value, params))


def _decode(value: str, params: dict[str, list[str]]) -> str:
    encoding = (params.get("ENCODING") or [""])[0]
    charset = (params.get("CHARSET") or ["utf-8"])[0]
    if encoding == "quoted-printable":
        raw = quopri.decodestring(value.encode("utf-8"))
    elif encoding in ("b", "base64"):
        try:
            raw = base64.b64decode(value, validate=False)
        except (binascii.Error, ValueError):
            return ""
    else:
        return value
    for codec in (charset, "utf-8", "cp1252"):
        try:
            return raw.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("latin-1")


def split_escaped(value: str, separator: str) -> list[str]:
    """Split on unescaped ``separator``; unescape each piece (``\\,`` ``\\;`` ``\\:`` ``\\n``)."""
    pieces, current = [], []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            current.append("\n" if following in "nN" and following else following)
        elif char == separator:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return pieces


def unescape(value: str) -> str:
    return split_escaped(value, "\x00")[0].strip()


# --- card → record -------------------------------------------------------------------------


def _ab_label(value: str) -> str:
    """Apple writes its stock labels as ``_$!<Mobile>!$_``."""
    return value.removeprefix("_$!<").removesuffix(">!$_")


_SOCIAL = {
    "twitter": "https://twitter.com/",
    "x": "https://x.com/",
    "facebook": "https://www.facebook.com/",
    "instagram": "https://www.instagram.com/",
    "linkedin": "https://www.linkedin.com/in/",
}


def _record(card: _Card, source: str) -> Item:
    if card.too_long:
        return RowError(card.number, gettext("A value of this card is too long to read."), source)
    labels = {
        prop.group: _ab_label(unescape(prop.value))
        for prop in card.properties
        if prop.group and prop.name == "X-ABLABEL"
    }
    record = ContactRecord(row=card.number, source=source)
    for prop in card.properties:
        _apply(record, prop, labels.get(prop.group, "") if prop.group else "")
    named = record.given_name or record.family_name or record.display_name
    if not (named or record.emails or record.phones or record.profiles):
        return BlankRow(card.number, source)
    return record


def _apply(record: ContactRecord, prop: Property, label: str) -> None:  # noqa: C901
    name, value = prop.name, prop.value
    if name == "FN":
        record.display_name = record.display_name or unescape(value)
    elif name == "N":
        parts = [part.strip() for part in split_escaped(value, ";")] + [""] * 5
        record.family_name = record.family_name or parts[0]
        record.given_name = record.given_name or parts[1]
    elif name == "ORG":
        record.company = record.company or split_escaped(value, ";")[0].strip()
    elif name == "TITLE":
        record.position = record.position or unescape(value)
    elif name == "NOTE":
        record.notes = record.notes or unescape(value)
    elif name == "ADR" and not record.city:
        record.city = (split_escaped(value, ";") + [""] * 4)[3].strip()
    elif name == "EMAIL" and unescape(value):
        record.emails.append((unescape(value), email_label(*prop.types, label)))
    elif name == "TEL" and unescape(value):
        number = unescape(value).removeprefix("tel:")
        record.phones.append((number, phone_label(*prop.types, label)))
    elif name == "URL" and unescape(value):
        record.profiles.append(unescape(value))
    elif name == "X-SOCIALPROFILE":
        _social(record, prop)
    elif name == "X-MAIDENNAME" and unescape(value):
        record.former_names.append((unescape(value), "maiden"))
    elif name == "NICKNAME":
        for nickname in split_escaped(value, ","):
            if nickname.strip():
                record.former_names.append((nickname.strip(), "nickname"))
    elif name == "X-ANDROID-CUSTOM":
        parts = split_escaped(value, ";") + [""]
        if parts[0].strip().endswith("/nickname") and parts[1].strip():
            record.former_names.append((parts[1].strip(), "nickname"))
    elif name == "CATEGORIES":
        record.categories.extend(c.strip() for c in split_escaped(value, ",") if c.strip())


def _social(record: ContactRecord, prop: Property) -> None:
    address = unescape(prop.value)
    user = (prop.params.get("X-USER") or [""])[0]
    kind = next((t for t in prop.types if t in _SOCIAL), "")
    if address and "://" not in address and kind and ":" not in address:
        address = _SOCIAL[kind] + address
    elif (not address or address.startswith("x-apple:")) and user and kind:
        address = _SOCIAL[kind] + user
    if address and not address.startswith("x-apple:"):
        record.profiles.append(address)
