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


# Recognition folds the same few names thousands of times; 16,384 entries hold them, where
# 65,536 filled with a large import's one-off names (some 16 MB more at its peak).
@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Lower-case, accent-free, with punctuation turned into single spaces."""
    if not text:
        return ""
    lowered = text.casefold()
    if not lowered.isascii():  # ASCII has no accent to drop (most names, every address)
        decomposed = unicodedata.normalize("NFKD", lowered.translate(_SPELLED_OUT))
        lowered = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub(" ", lowered).strip()


def search_terms(query: str) -> list[str]:
    """The folded words of a search query; every one must match."""
    return [term for term in fold(query).split(" ") if term]
