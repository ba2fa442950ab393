"""A ZIP of a whole LinkedIn or Facebook export: the members ``detect`` recognised, in turn.

Members are never extracted to disk: each is streamed through ``zipfile.open`` and a
``TextIOWrapper``, so a member's name (``../../etc/passwd`` or any) is only ever a label. A member
whose declared size or compression ratio is absurd (a zip bomb) is skipped and reported, and
``zipfile`` never inflates past the declared size. The members the archive holds but Netcurate
does not read come first, as ``SkippedFile``s; then the contacts, then the requests (``detect``
orders them so), so that a LinkedIn export's connections are known before its invitations.
A member that turns out damaged while read refuses the whole archive.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from network.imports import refusals
from network.imports.detect import Sniffed, member_too_large
from network.imports.records import FileRefused, Item, SkippedFile

ReadText = Callable[..., Iterator[Item]]


def read(path: Path, sniffed: Sniffed, read_text: ReadText) -> Iterator[Item]:
    yield from sniffed.skipped
    try:
        with zipfile.ZipFile(path) as archive:
            for member in sniffed.members:
                info = archive.getinfo(member.member)
                if member_too_large(info):
                    yield SkippedFile(member.member, refusals.too_large())
                    continue
                with archive.open(info) as raw:
                    text = io.TextIOWrapper(raw, encoding=member.encoding or "utf-8", newline="")
                    yield from read_text(text, member, None, source=member.member)
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError) as error:
        raise FileRefused(refusals.damaged_zip()) from error
