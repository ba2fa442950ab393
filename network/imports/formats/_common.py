"""What the readers share: CSV rows with their numbers, dates as exports write them, labels."""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import TextIO

from django.utils.translation import gettext

from network.imports import refusals
from network.imports.detect import Sniffed, normalise_header
from network.imports.records import FileRefused, RowError


def csv_rows(text: TextIO, sniffed: Sniffed) -> Iterator[tuple[int, list[str], str]]:
    """Each record below the header as ``(row number, cells, problem)``.

    ``problem`` is "" or, for a record that cannot be read (cells then empty), the reason.

    Row numbers count records from the top of the file, preamble and header included, as a
    spreadsheet shows them. A quote left open at the end of the file is a truncated file.
    """
    reader = csv.reader(text, delimiter=sniffed.delimiter or ",", strict=True)
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                raise FileRefused(refusals.truncated()) from error
            if number > sniffed.header_row:
                yield number, [], _csv_problem(str(error))
            continue
        except UnicodeDecodeError as error:
            raise FileRefused(refusals.undecodable()) from error
        if number > sniffed.header_row:
            yield number, cells, ""


def _csv_problem(message: str) -> str:
    if "field larger" in message:
        return gettext("A cell of this row is too long to read.")
    if "expected after" in message:
        return gettext("This row's quotes are unbalanced, so its cells cannot be told apart.")
    return gettext("This row cannot be read as CSV.")


def too_many_cells() -> str:
    return gettext("This row has more cells than the header has columns.")


def unreadable_date(value: str) -> str:
    return gettext("The date “%(value)s” is not one Netcurate can read.") % {"value": value}


def header_keys(sniffed: Sniffed) -> list[str]:
    return [normalise_header(header) for header in sniffed.headers]


def by_header(keys: list[str], cells: list[str]) -> dict[str, str] | None:
    """Cells keyed by normalised header (``header_keys``); None when extra cells hold something
    (a shifted row)."""
    if len(cells) > len(keys) and any(cell.strip() for cell in cells[len(keys) :]):
        return None
    row = {}
    for key, cell in zip(keys, cells, strict=False):
        if key not in row or not row[key]:
            row[key] = cell.strip()
    return row


def rows_by_header(text: TextIO, sniffed: Sniffed, source: str) -> Iterator[RowError | tuple]:
    """Each row as ``(number, cells keyed by header)``, or the ``RowError`` it makes."""
    keys = header_keys(sniffed)
    for number, cells, problem in csv_rows(text, sniffed):
        if problem:
            yield RowError(number, problem, source)
            continue
        row = by_header(keys, cells)
        yield RowError(number, too_many_cells(), source) if row is None else (number, row)


# --- dates ---------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "janv", "janvier"),
            ("feb", "february", "févr", "fevr", "février"),
            ("mar", "march", "mars"),
            ("apr", "april", "avr", "avril"),
            ("may", "mai"),
            ("jun", "june", "juin"),
            ("jul", "july", "juil", "juillet"),
            ("aug", "august", "août", "aout"),
            ("sep", "sept", "september", "septembre"),
            ("oct", "october", "octobre"),
            ("nov", "november", "novembre"),
            ("dec", "december", "déc", "décembre"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:UTC|Z)?"
)
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([^\W\d_]{3,9})\.?[ -](\d{4}|\d{2})")
_US = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?"
)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


@functools.lru_cache(maxsize=4096)  # an export repeats its days many times over
def parse_datetime(value: str) -> datetime | None:
    """A date or date and time as LinkedIn and Excel write them; None when empty.

    ``27 Jun 2026``, ``9-Sep-22``, ``1/8/18, 6:14 PM`` (month first, as LinkedIn's US
    exports), ``2026-06-27 10:15:00 UTC``. Times are taken as UTC (the exports say no zone).
    Raises ValueError for anything else.
    """
    value = value.strip()
    if not value:
        return None
    hour = minute = second = 0
    meridiem = ""
    if found := _ISO.fullmatch(value):
        year, month, day = int(found[1]), int(found[2]), int(found[3])
        hour, minute, second = (int(found[i] or 0) for i in (4, 5, 6))
    elif found := _DAY_MONTH_YEAR.fullmatch(value):
        month = _MONTHS.get(found[2].lower())
        if month is None:
            raise ValueError(value)
        year, day = _year(found[3]), int(found[1])
    elif found := _US.fullmatch(value):
        month, day, year = int(found[1]), int(found[2]), _year(found[3])
        hour, minute, second = (int(found[i] or 0) for i in (4, 5, 6))
        meridiem = (found[7] or "").lower()
    else:
        raise ValueError(value)
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError(value)
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def parse_date(value: str) -> date | None:
    moment = parse_datetime(value)
    return moment.date() if moment else None


# --- labels --------------------------------------------------------------------------------


_WORK = re.compile(r"\b(work|bureau|business|pro|professional|professionnel|office)\b")


def email_label(*words: str) -> str:
    """ContactEmail.Label from the types or label a file gives an address."""
    text = " ".join(words).lower()
    if _WORK.search(text):
        return "work"
    if re.search(r"\b(home|personal|perso|personnel|domicile|private|privé)\b", text):
        return "personal"
    return "other"


def phone_label(*words: str) -> str:
    """ContactPhone.Label from the types or label a file gives a number."""
    text = " ".join(words).lower()
    if re.search(r"\b(cell|cellular|mobile|iphone|portable)\b", text):
        return "mobile"
    if _WORK.search(text):
        return "work"
    if re.search(r"\b(home|domicile|perso|personal|personnel)\b", text):
        return "home"
    return "other"


def split_list(value: str, separators: str = ",;") -> list[str]:
    """``a ::: b`` (Google), ``a; b`` or ``a, b`` into stripped, non-empty items."""
    if ":::" in value:
        parts = value.split(":::")
    elif separators:
        parts = re.split(f"[{re.escape(separators)}]", value)
    else:
        parts = [value]
    return [part.strip() for part in parts if part.strip()]
