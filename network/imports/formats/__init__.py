"""The readers: one module per format, each a generator of records over a text stream.

``read(path, sniffed, mapping)`` opens the file in the encoding ``detect.sniff`` found and
yields ``records.Item``s in file order. Nothing is held beyond the record being built, so a
50 MB file reads in bounded memory. ``FileRefused`` may also be raised while reading (a quote
left open at the end, a vCard without ``END:VCARD``, broken JSON, a ZIP member that turns out
damaged): the pipeline then writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from network.imports import refusals
from network.imports.detect import Sniffed
from network.imports.formats import (
    archive,
    facebook,
    generic_csv,
    google,
    linkedin,
    outlook,
    vcard,
)
from network.imports.records import FileRefused, Item

Reader = Callable[..., Iterator[Item]]

READERS: dict[str, Reader] = {
    "linkedin_connections": linkedin.read_connections,
    "linkedin_invitations": linkedin.read_invitations,
    "vcard": vcard.read,
    "google_csv": google.read,
    "outlook_csv": outlook.read,
    "csv": generic_csv.read,
    "facebook_friends": facebook.read_friends,
    "facebook_requests": facebook.read_requests,
}


def read(path: Path, sniffed: Sniffed, mapping: dict[str, str] | None = None) -> Iterator[Item]:
    """Every item of the file at ``path``; ``mapping`` (header → field) for a generic CSV."""
    if sniffed.format == "zip":
        yield from archive.read(path, sniffed, read_text)
        return
    with open(path, encoding=sniffed.encoding or "utf-8", newline="") as text:
        yield from read_text(text, sniffed, mapping)


def read_text(
    text: TextIO, sniffed: Sniffed, mapping: dict[str, str] | None = None, source: str = ""
) -> Iterator[Item]:
    """Every item of an open text stream whose format ``sniffed`` describes."""
    reader = READERS.get(sniffed.format)
    if reader is None:
        raise FileRefused(refusals.unknown())
    try:
        yield from reader(text, sniffed, mapping=mapping, source=source)
    except UnicodeDecodeError as error:
        raise FileRefused(refusals.undecodable()) from error
