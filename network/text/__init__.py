"""Folding text for search and matching: case, accents and punctuation do not count.

"Hélène", "HELENE" and "helene" fold to the same key; so do "Jean-François" and
"jean francois". The standard library's Unicode decomposition handles accents; the few
letters it leaves alone (œ, ß, ø…) are spelled out by hand.
"""

import re
import unicodedata
from functools import lru_cache

_SPELLED_OUT = str.maketrans(
    {
        "œ": "oe",
        "æ": "ae",
        "ß": "ss",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
    }
)
_SEPARATORS = re.compile(r"[\s\-‐‑–—_'’`´.,;:/\\()\[\]{}\"«»]+")


# Names, companies and cities repeat: an import of 30,000 rows folds each one a dozen times.
@lru_cache(maxsize=32_768)
def fold(text: str) -> str:
    """Lower-case, accent-free, with punctuation turned into single spaces."""
    if not text:
        return ""
    lowered = text.casefold().translate(_SPELLED_OUT)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub(" ", stripped).strip()


def search_terms(query: str) -> list[str]:
    """The folded words of a search query; every one must match."""
    return [term for term in fold(query).split(" ") if term]
