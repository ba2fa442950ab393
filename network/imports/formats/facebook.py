"""Facebook's JSON export: friends (``friends_v2``), requests received (``received_requests_v2``).

Both are ``{"<key>": [{"name": ..., "timestamp": <Unix seconds>}, ...]}``. The list is read one
entry at a time (``json.JSONDecoder.raw_decode`` over a sliding buffer), so the file is never
held whole. Facebook writes UTF-8 bytes as ``\\u00XX`` escapes ("Ã©" for "é"): each text is
repaired by re-reading it as the UTF-8 it was, when that succeeds.

A friend becomes a contact whose display name is the name as written, its first word the given
name and the rest the family name ("Jean-Pierre de la Tour" → "Jean-Pierre", "de la Tour"),
connected on the day of the timestamp (UTC). A request received becomes a Facebook request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TextIO

from django.utils.translation import gettext

from network.imports import refusals
from network.imports.detect import Sniffed
from network.imports.records import ContactRecord, FileRefused, Item, RequestRecord, RowError

_KEY = re.compile(r'"(friends_v2|friends|received_requests_v2|received_requests)"\s*:\s*\[')
_CHUNK = 64 * 1024
_MAX_ENTRY = 1024 * 1024


def repair(text: str) -> str:
    """Undo Facebook's mojibake: ``"Ã©"`` → ``"é"``; text that is not mojibake is kept."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def entries(text: TextIO) -> Iterator[tuple[int, object]]:
    """``(entry number, value)`` for each element of the export's list, in order."""
    buffer, position = "", 0
    eof = False

    def more() -> bool:
        nonlocal buffer, position, eof
        chunk = text.read(_CHUNK)
        buffer, position = buffer[position:] + chunk, 0
        eof = not chunk
        return bool(chunk)

    while not (found := _KEY.search(buffer)):
        if len(buffer) > _MAX_ENTRY:
            buffer = buffer[-100:]
        if not more():
            raise FileRefused(refusals.json_unknown())
    position = found.end()
    decoder = json.JSONDecoder()
    number = 0
    while True:
        while position < len(buffer) and buffer[position] in " \t\r\n,":
            position += 1
        if position >= len(buffer):
            if not more():
                raise FileRefused(refusals.invalid_json())
            continue
        if buffer[position] == "]":
            _check_end(buffer[position + 1 :], text)
            return
        try:
            value, end = decoder.raw_decode(buffer, position)
        except json.JSONDecodeError as error:
            if len(buffer) - position > _MAX_ENTRY or not more():
                raise FileRefused(refusals.invalid_json()) from error
            continue
        number += 1
        position = end
        yield number, value


def _check_end(rest: str, text: TextIO) -> None:
    """After the list, only the closing brace may follow: anything less is a truncated file."""
    last = rest.strip()[-1:]
    while chunk := text.read(_CHUNK):
        last = chunk.strip()[-1:] or last
    if last != "}":
        raise FileRefused(refusals.invalid_json())


def _name_and_moment(value: object) -> tuple[str, datetime | None] | None:
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        return None
    name = repair(value["name"]).strip()
    stamp = value.get("timestamp")
    moment = None
    if isinstance(stamp, int | float) and 0 < stamp < 32503680000:
        moment = datetime.fromtimestamp(stamp, tz=UTC)
    return (name, moment) if name else None


def _no_name() -> str:
    return gettext("This entry has no name.")


def read_friends(
    text: TextIO, sniffed: Sniffed, *, mapping: dict[str, str] | None = None, source: str = ""
) -> Iterator[Item]:
    for number, value in entries(text):
        found = _name_and_moment(value)
        if found is None:
            yield RowError(number, _no_name(), source)
            continue
        name, moment = found
        given, _, family = name.partition(" ")
        yield ContactRecord(
            row=number,
            given_name=given,
            family_name=family.strip(),
            display_name=name,
            connected_on=moment.date() if moment else None,
            source=source,
        )


def read_requests(
    text: TextIO, sniffed: Sniffed, *, mapping: dict[str, str] | None = None, source: str = ""
) -> Iterator[Item]:
    for number, value in entries(text):
        found = _name_and_moment(value)
        if found is None:
            yield RowError(number, _no_name(), source)
            continue
        name, moment = found
        yield RequestRecord(
            row=number, network="facebook", sender_name=name, received_at=moment, source=source
        )
