"""Outlook's contacts CSV, with its English or French column titles, read by header name.

Phones take their label from their column (``Mobile Phone``/``Tél. mobile`` → mobile,
``Business Phone``/``Téléphone (bureau)`` → work, ``Home Phone``/``Téléphone (domicile)`` →
home); the city is the first of business, home and other; ``Categories`` are separated by
``;``; ``Nickname``/``Surnom`` becomes a former name. Outlook's ``Title``/``Titre`` is the
courtesy title (Mr, Mme), not the position, which is ``Job Title``/``Fonction``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from network.imports.detect import Sniffed, normalise_header
from network.imports.formats.generic_csv import Column, read_columns
from network.imports.records import Item

_COLUMNS: dict[str, tuple[str, str]] = {
    # English
    "first name": ("given_name", ""),
    "last name": ("family_name", ""),
    "company": ("company", ""),
    "job title": ("position", ""),
    "notes": ("notes", ""),
    "categories": ("categories", ""),
    "nickname": ("former_name", "nickname"),
    "web page": ("profile", ""),
    "e-mail address": ("email", ""),
    "e-mail 2 address": ("email", ""),
    "e-mail 3 address": ("email", ""),
    "mobile phone": ("phone", "mobile"),
    "business phone": ("phone", "work"),
    "business phone 2": ("phone", "work"),
    "home phone": ("phone", "home"),
    "home phone 2": ("phone", "home"),
    "primary phone": ("phone", ""),
    "other phone": ("phone", ""),
    "business city": ("city", ""),
    "home city": ("city", ""),
    "other city": ("city", ""),
    # French
    "prénom": ("given_name", ""),
    "nom": ("family_name", ""),
    "société": ("company", ""),
    "fonction": ("position", ""),
    "catégories": ("categories", ""),
    "surnom": ("former_name", "nickname"),
    "page web": ("profile", ""),
    "adresse de messagerie": ("email", ""),
    "adresse de messagerie 2": ("email", ""),
    "adresse de messagerie 3": ("email", ""),
    "adresse e-mail": ("email", ""),
    "adresse e-mail 2": ("email", ""),
    "adresse e-mail 3": ("email", ""),
    "tél. mobile": ("phone", "mobile"),
    "téléphone mobile": ("phone", "mobile"),
    "téléphone (bureau)": ("phone", "work"),
    "téléphone 2 (bureau)": ("phone", "work"),
    "téléphone bureau": ("phone", "work"),
    "téléphone (domicile)": ("phone", "home"),
    "téléphone 2 (domicile)": ("phone", "home"),
    "téléphone domicile": ("phone", "home"),
    "téléphone principal": ("phone", ""),
    "autre téléphone": ("phone", ""),
    "ville (bureau)": ("city", ""),
    "ville (domicile)": ("city", ""),
    "ville (autre)": ("city", ""),
    "ville bureau": ("city", ""),
    "ville domicile": ("city", ""),
}


# The city a contact is filed under: work first, then home, then other.
_CITY_ORDER = ("business", "bureau", "home", "domicile")


def columns(headers: list[str]) -> list[Column]:
    found = []
    for index, header in enumerate(headers):
        field_label = _COLUMNS.get(normalise_header(header))
        if field_label:
            found.append((_city_rank(normalise_header(header)), Column(index, *field_label)))
    return [column for _, column in sorted(found, key=lambda pair: pair[0])]


def _city_rank(header: str) -> int:
    if not (header.startswith("ville") or header.endswith("city")):
        return 0
    return 1 + next((i for i, word in enumerate(_CITY_ORDER) if word in header), len(_CITY_ORDER))


def read(
    text: TextIO, sniffed: Sniffed, *, mapping: dict[str, str] | None = None, source: str = ""
) -> Iterator[Item]:
    yield from read_columns(text, sniffed, columns(sniffed.headers), source)
