"""Google Contacts CSV: the current export and the legacy one, read by header name.

Current: ``First Name,Middle Name,Last Name,…,Nickname,…,Organization Name,Organization
Title,…,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,…``.
Legacy: ``Name,Given Name,Additional Name,Family Name,…,Nickname,…,Maiden Name,…,Group
Membership,E-mail 1 - Type,E-mail 1 - Value,…,Organization 1 - Name,Organization 1 - Title``.
``Maiden Name`` and ``Nickname`` become former names, labels and groups categories (Google's
own ``* myContacts`` and ``* starred`` left out), a cell's ``a ::: b`` several values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TextIO

from network.imports.detect import Sniffed, normalise_header
from network.imports.formats.generic_csv import Column, read_columns
from network.imports.records import Item

_SIMPLE = {
    "first name": ("given_name", ""),
    "given name": ("given_name", ""),
    "last name": ("family_name", ""),
    "family name": ("family_name", ""),
    "name": ("display_name", ""),
    "organization name": ("company", ""),
    "organization 1 - name": ("company", ""),
    "organization title": ("position", ""),
    "organization 1 - title": ("position", ""),
    "notes": ("notes", ""),
    "labels": ("categories", ""),
    "group membership": ("categories", ""),
    "nickname": ("former_name", "nickname"),
    "maiden name": ("former_name", "maiden"),
}
_NUMBERED = re.compile(r"(e-mail|phone|address|website) (\d+) - (value|city)")
_FIELD_OF = {"e-mail": "email", "phone": "phone", "website": "profile"}


def columns(headers: list[str]) -> list[Column]:
    names = [normalise_header(header) for header in headers]
    found = []
    for index, name in enumerate(names):
        if name in _SIMPLE:
            field, label = _SIMPLE[name]
            found.append(Column(index, field, label))
        elif match := _NUMBERED.fullmatch(name):
            kind, number, part = match.groups()
            if kind == "address":
                if part == "city":
                    found.append(Column(index, "city"))
                continue
            if part != "value":
                continue
            label_index = next(
                (i for i, n in enumerate(names) if n in (f"{kind} {number} - label",
                                                       f"{kind} {number} - type")),
                None,
            )  # fmt: skip
            found.append(Column(index, _FIELD_OF[kind], label_index=label_index))
    return found


def read(
    text: TextIO, sniffed: Sniffed, *, mapping: dict[str, str] | None = None, source: str = ""
) -> Iterator[Item]:
    yield from read_columns(text, sniffed, columns(sniffed.headers), source)
