"""Reading query and form parameters that no form guards: every view goes through these.

A parameter is input like any other: a NUL byte, a "²" where a number was expected or a
100,000-character search must get an ordinary answer, never reach the database as is.
"""

from __future__ import annotations

import unicodedata

MAX_ID_DIGITS = 18  # a bigint has 19 digits; anything longer is not one of ours
MAX_SEARCH_LENGTH = 200
MAX_SEARCH_WORDS = 8


def parse_int(value: str | None) -> int:
    """A positive id from text, or 0: only ASCII digits count ("²" and "٣" are not ids)."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS:
        return int(value)
    return 0


def parse_ints(values: list[str]) -> list[int]:
    """The ids among ``values`` (a list from ``getlist``), dropping whatever is not one."""
    return [number for number in map(parse_int, values) if number]


def clean_text(value: str | None, max_length: int = MAX_SEARCH_LENGTH) -> str:
    """Text as typed, without NUL or other control characters, cut to ``max_length``."""
    value = (value or "")[: max_length * 2]
    kept = "".join(char for char in value if char.isprintable() or char in " \t")
    return kept.strip()[:max_length]


def clean_search(value: str | None) -> str:
    """A search box's text: cleaned, at most MAX_SEARCH_LENGTH characters and
    MAX_SEARCH_WORDS words (each word is one more condition on the query)."""
    words = clean_text(value).split()
    return " ".join(words[:MAX_SEARCH_WORDS])


def clean_message(value: str | None) -> str:
    """A message as typed or pasted, lines and tabs kept, without NUL or other control
    characters (PostgreSQL refuses NUL in text). Only characters are dropped, never text:
    the request size limit already bounds its length."""
    value = (value or "").replace("\r\n", "\n")
    return "".join(char for char in value if char in "\n\t" or unicodedata.category(char) != "Cc")


class ShownParams(dict):
    """The query string as a page's template reads it (``params.network``): each key's last
    value, and "" for a key absent. A template's lookup of an absent key in the request's
    ``QueryDict`` fails, and Django's failed lookup raises, lists the object's attributes
    (``dir``) and logs, about 12 µs each: some twenty a list page, for its filters unset."""

    def __missing__(self, key: str) -> str:
        return ""


def shown_params(query) -> ShownParams:
    """``ShownParams`` of a ``QueryDict`` (``request.GET``)."""
    return ShownParams(query.items())
