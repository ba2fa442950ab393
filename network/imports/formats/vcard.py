"""vCard 2.1, 3.0 and 4.0, one or many cards a file, as Apple, Google, Android, Outlook write them.

Each card is parsed by ``vobject`` (``readOne``): groups, names, quoted and bare parameters,
nested components. Around it, this module keeps memory bounded and feeds vobject text it reads
safely:

- the file is streamed line by line and cut into cards on ``BEGIN:VCARD`` / ``END:VCARD``, so
  only one card's text is held; a file that ends inside a card is refused as truncated;
- ``PHOTO``/``LOGO``/``SOUND``/``KEY`` lines and their folded (or, in vCard 2.1, unindented
  base64) continuation lines are dropped as they are read, as is ``PROFILE:VCARD``; no line is
  taken longer than ``MAX_VALUE`` characters (a card with a longer value is a ``RowError``);
- quoted-printable soft line breaks (a value ending in ``=``, as Android writes them) are
  joined, and quoted-printable or base64 values are decoded with their ``CHARSET`` (UTF-8,
  then Windows-1252 when that fails) and rewritten without ``ENCODING``/``CHARSET``: vobject
  would otherwise decode them itself and fail on an unknown or wrong charset;
- vobject reads the card under a neutral component name, so it parses the syntax but applies
  none of its vCard 3.0 value behaviours: these unescape text and keep only what comes before
  the first unescaped comma (``NICKNAME:Ada,Dede`` would lose Dede, an Outlook ``NOTE`` its
  second clause). Values thus come back as written, and ``split_escaped`` splits and unescapes
  each as its property needs.

A card vobject cannot parse (a line that is no property, a ``BEGIN`` without its ``END``) is a
``RowError`` and the next card is read. What becomes what: ``N`` (else ``FN`` as the display
name), ``ORG`` (first part) → company, ``TITLE`` → position, the first ``ADR`` locality → city,
``EMAIL``/``TEL`` with their types or Apple's grouped ``itemN.X-ABLabel``, ``URL`` and
``X-SOCIALPROFILE`` → profiles, ``X-MAIDENNAME`` → former name "maiden", ``NICKNAME`` (and
Android's nickname row) → former name "nickname", ``CATEGORIES`` → categories, ``NOTE`` →
notes. A card with no name, address, number or profile is a ``BlankRow``.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

import vobject
from django.utils.translation import gettext
from vobject.base import ContentLine, VObjectError, dquoteEscape, parseLine

from network.imports import refusals
from network.imports.detect import Sniffed
from network.imports.formats._common import email_label, phone_label
from network.imports.records import BlankRow, ContactRecord, FileRefused, Item, RowError

MAX_VALUE = 256 * 1024
# Dropped as read, with their continuation lines: binary values, and vCard 3.0's PROFILE:VCARD,
# which says nothing we use and which vobject would take for the component's name.
_DROPPED = {"PHOTO", "LOGO", "SOUND", "KEY", "PROFILE"}
_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B"}
# A line that may carry an encoded value, to decode before vobject reads it.
_ENCODED = re.compile(r"ENCODING|QUOTED-PRINTABLE|BASE64|CHARSET", re.IGNORECASE)
# Not "VCARD": vobject would give the card its vCard 3.0 behaviours (see the docstring).
_COMPONENT = "X-NETCURATE-CARD"


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
    lines: list[str] = field(default_factory=list)  # prepared for vobject
    too_long: bool = False


def read(
    text: TextIO, sniffed: Sniffed, *, mapping: dict[str, str] | None = None, source: str = ""
) -> Iterator[Item]:
    card: _Card | None = None
    number = 0
    for line, too_long in _logical_lines(text):
        marker = _marker(line)
        if marker == "BEGIN":
            if card is not None:
                yield RowError(card.number, _no_end(), source)
            number += 1
            card = _Card(number)
        elif marker == "END":
            if card is not None:
                yield _record(card, source)
            card = None
        elif card is not None and not card.too_long:
            if too_long:
                card.too_long, card.lines = True, []
            else:
                card.lines.append(_prepare(line))
    if card is not None:
        raise FileRefused(refusals.truncated())


def _marker(line: str) -> str:
    """``BEGIN`` or ``END`` for a line that opens or closes a vCard, else ``""``."""
    head, colon, value = line.partition(":")
    if not colon or value.strip().upper() != "VCARD":
        return ""
    head = head.strip().upper()
    return head if head in ("BEGIN", "END") else ""


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
    line after a quoted-printable value ending in ``=`` (a soft line break). ``_DROPPED``
    properties go with their continuation lines, indented or not (vCard 2.1 base64 has no
    colon and ends at a blank line)."""
    parts: list[str] = []
    size, too_long, dropped, quoted = 0, False, False, False
    for line, overlong in _physical_lines(text):
        soft_break = quoted and bool(parts) and parts[-1].endswith("=")
        if dropped and line.strip() and (line[:1] in (" ", "\t") or ":" not in line):
            continue
        if parts and (soft_break or line[:1] in (" ", "\t")):
            if soft_break:
                parts[-1] = parts[-1][:-1]
            else:
                line = line[1:]
            size += len(line)
            if size > MAX_VALUE or overlong:
                too_long = True
                continue
            parts.append(line)
            continue
        if parts:
            yield "".join(parts), too_long
        parts, size, too_long, dropped = [], 0, False, False
        line = line.lstrip()
        if not line:
            continue
        head = line.split(":", 1)[0].upper()
        dropped = head.split(";", 1)[0].rsplit(".", 1)[-1] in _DROPPED
        if dropped:
            continue
        quoted = "QUOTED-PRINTABLE" in head
        parts, size, too_long = [line], len(line), overlong
    if parts:
        yield "".join(parts), too_long


def _prepare(line: str) -> str:
    """The line as vobject should read it: an encoded value decoded to text, and the line
    rewritten without ``ENCODING`` and ``CHARSET``."""
    if not _ENCODED.search(line):
        return line
    try:
        name, params, value, group = parseLine(line)
    except VObjectError:
        return line  # vobject says what is wrong with it when it reads the card
    if not any(key.upper() in ("ENCODING", "CHARSET", *_ENCODINGS) for key, *_ in params):
        return line
    prop = _property(group, name, params, value)
    head = (f"{prop.group}." if prop.group else "") + prop.name
    for key, values in prop.params.items():
        if key not in ("ENCODING", "CHARSET"):
            head += f";{key}=" + ",".join(dquoteEscape(item) for item in values)
    return head + ":" + re.sub(r"\r\n|\r|\n", r"\\n", prop.value)


def _property(group: str | None, name: str, params: Iterable[list[str]], value: str) -> Property:
    """``params`` as vobject's ``parseLine`` gives them: ``[name, *values]`` each, a bare vCard
    2.1 parameter (a type, or the encoding alone) being ``[value]``."""
    merged: dict[str, list[str]] = {}
    for key, *values in params:
        if not values:
            key, values = ("ENCODING" if key.upper() in _ENCODINGS else "TYPE"), [key]
        for item in ",".join(values).split(","):
            merged.setdefault(key.strip().upper(), []).append(item.strip().strip('"').lower())
    return Property((group or "").lower(), name.upper(), merged, _decode(value, merged))


def parse_line(line: str) -> Property | None:
    """``[group.]NAME[;params]:value`` into a Property; None for a line that is not one."""
    try:
        name, params, value, group = parseLine(line)
    except VObjectError:
        return None
    return _property(group, name, params, value)


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


def _parsed(card: _Card) -> list[Property]:
    """The card's properties in file order, as vobject parsed them (raises VObjectError)."""
    text = "\n".join([f"BEGIN:{_COMPONENT}", *card.lines, f"END:{_COMPONENT}"])
    component = vobject.readOne(text, transform=False)
    lines = sorted(
        (child for child in component.getChildren() if isinstance(child, ContentLine)),
        key=lambda child: child.lineNumber or 0,
    )
    properties = []
    for line in lines:
        params = [[key, *values] for key, values in line.params.items()]
        params += [[bare] for bare in line.singletonparams]
        properties.append(_property(line.group, line.name, params, line.value))
    return properties


def _unparsable(card: _Card) -> str:
    """Why vobject refused the card, in words (its messages, and its line numbers, are not)."""
    for line in card.lines:
        try:
            parseLine(line)
        except VObjectError:
            shown = line if len(line) <= 60 else line[:59] + "…"
            return gettext(
                "This card has a line that is not a vCard property (NAME:value): “%(line)s”."
            ) % {"line": shown}
    return gettext(
        "This card has a BEGIN line without its END line, or an END line without its BEGIN."
    )


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
    try:
        properties = _parsed(card)
    except VObjectError:
        return RowError(card.number, _unparsable(card), source)
    labels = {
        prop.group: _ab_label(unescape(prop.value))
        for prop in properties
        if prop.group and prop.name == "X-ABLABEL"
    }
    record = ContactRecord(row=card.number, source=source)
    for prop in properties:
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
