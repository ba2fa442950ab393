"""Names as recognition reads them: words, particles, keys. Pure text, no database.

Everything that turns a person's name, company, email or headline into comparable words or
lookup keys lives here, below the models: the contact's keys (stored as ``ContactKey`` rows
by ``Contact.reindex``) and a query's keys are built by the same functions, so they meet.

A family name is compared by its words without particles and by the same glued ("de La
Fontaine" also gives "delafontaine" and "lafontaine"), on both sides: a glued spelling meets
a spaced one without ever cutting a particle off a word ("David" stays "david"). Typos are
met through halves (a stored word's first and last half, tagged with its length; the typed
word's halves for each length the stored one may have): two spellings one edit apart,
anywhere in the word, share one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import jellyfish

from network.text import fold
from network.text.companies import (
    FREE_MAIL,
    company_from_headline,
    company_key,
    company_tokens,
    company_words,
    email_domain,
    headline_companies,
)
from network.text.nicknames import COMPOUND_HEADS, KNOWN_GIVEN, given_keys, same_person_names

__all__ = [
    "FREE_MAIL", "PARTICLES", "Name", "company_from_headline", "company_key", "contact_keys",
    "email_domain", "former_name", "full_key", "given_and_family", "looks_like_a_new_name",
    "name_words",
    "parse_name", "query_keys", "sound", "split_name", "halves", "typo_halves",
]  # fmt: skip

PARTICLES = {
    "de", "du", "des", "la", "le", "van", "von", "der", "den", "di", "da", "del", "ter", "d",
    "dos", "das", "do", "ten", "y", "el", "al", "mac", "o",
}  # fmt: skip
TYPO_MIN = 4  # words this long may carry a typo (shorter ones differ by a letter too often)


def given_and_family(name: str) -> tuple[str, str]:
    """The first word as the given name, the rest as the family name, as typed ("Marie
    de La Tour" → "Marie", "de La Tour"). The one splitter for a name shown on a network."""
    words = name.split()
    if not words:
        return "", ""
    return words[0], " ".join(words[1:])


def name_words(name: str) -> list[str]:
    return [word for word in fold(name).split() if word not in PARTICLES]


def family_forms(family: str) -> set[str]:
    """A family name's words without particles, and the name glued from each particle on
    ("de La Fontaine" → fontaine, delafontaine, lafontaine; "Le Gall" → gall, legall)."""
    words = fold(family).split()
    forms = {word for word in words if word not in PARTICLES and len(word) > 1}
    for start, word in enumerate(words):
        if (start == 0 or word in PARTICLES) and len(words) - start > 1:
            forms.add("".join(words[start:]))
    return forms


@dataclass
class Name:
    """A person's name split for comparing: the given name (folded, compound names kept
    whole), its keys, the family words and forms."""

    given: str = ""
    family: str = ""
    given_keys: set[str] = field(default_factory=set)
    words: list[str] = field(default_factory=list)  # family words, particles dropped
    forms: set[str] = field(default_factory=set)

    @property
    def full(self) -> str:
        return " ".join(sorted([*name_words(self.given), *self.words]))


def _name(given: str, family: str) -> Name:
    folded_given = fold(given)
    return Name(
        given=folded_given,
        family=fold(family),
        given_keys=given_keys(given) if folded_given else set(),
        words=[word for word in name_words(family) if len(word) > 1] or name_words(family),
        forms=family_forms(family),
    )


def parse_name(text: str) -> Name:
    """A name as typed on a request: "Marie Dupont", "DUPONT Marie", "Jean Pierre de La
    Tour", "Jean-Pierre Martin"."""
    raw = text.split()
    capitals = 0
    while capitals < len(raw) - 1 and raw[capitals].isupper() and len(raw[capitals]) > 1:
        capitals += 1
    block = [fold(word) for word in raw[:capitals]]
    if (
        capitals
        and not raw[-1].isupper()
        and (
            fold(raw[capitals]) in KNOWN_GIVEN
            or any(len(word) > 2 and word not in KNOWN_GIVEN for word in block)
        )
    ):
        # "DUPONT Marie", "LE GALL Anne": the family name in capitals comes first.
        return _name(" ".join(raw[capitals:]), " ".join(raw[:capitals]))
    if not raw:
        return Name()
    given_count = 1
    if (
        len(raw) >= 3
        and fold(raw[0]) in COMPOUND_HEADS
        and fold(raw[1]) in KNOWN_GIVEN
        and fold(raw[1]) not in PARTICLES
    ):
        given_count = 2  # "Jean Pierre Martin", "Marie Claire Dubois"
    return _name(" ".join(raw[:given_count]), " ".join(raw[given_count:]))


def contact_name(given_name: str, family_name: str, display_name: str = "") -> Name:
    if given_name or family_name:
        return _name(given_name, family_name)
    return parse_name(display_name)


def former_name(current: Name, alias: str) -> Name:
    """A former name of a contact: "Dupont" alone is a former family name with the current
    first name; "Marie Dupont" is read as a whole name."""
    if len(alias.split()) == 1:
        former = _name(current.given, alias)
        former.given_keys = current.given_keys
        return former
    return parse_name(alias)


def split_name(name: str) -> tuple[str, list[str]]:
    """The given name and the folded family words, particles dropped (for comparing)."""
    parsed = parse_name(name)
    return parsed.given, parsed.words


def full_key(name: str) -> str:
    """Case, accents, hyphens, particles and word order do not count."""
    return " ".join(sorted(name_words(name)))


@lru_cache(maxsize=16384)
def sound(word: str) -> str:
    return jellyfish.metaphone(word) if word else ""


def halves(word: str) -> set[str]:
    """A stored word's typo keys: its first and its last half, each tagged with the word's
    length ("<7fon", ">7taine"). One typo anywhere (a letter changed, dropped, added, or two
    swapped) leaves one of them whole in the misspelt word, which ``typo_halves`` looks up.
    Two keys per word, where every spelling with one letter dropped took eight: a typo is
    found the same, and an import writes a third fewer keys."""
    if len(word) < TYPO_MIN:
        return {word}
    middle = len(word) // 2
    return {f"<{len(word)}{word[:middle]}", f">{len(word)}{word[middle:]}"}


def typo_halves(word: str) -> set[str]:
    """The halves a typed word shares with a stored word one typo away: for each length the
    stored word may have (one letter more, the same, one less), the typed word's first and
    last half of that size; and, for two letters swapped across the middle (which breaks
    both halves), the halves of the word with them swapped back."""
    keys = {word} if len(word) < TYPO_MIN else set()
    for length in (len(word) - 1, len(word), len(word) + 1):
        if length < TYPO_MIN:
            continue
        middle = length // 2
        keys.add(f"<{length}{word[:middle]}")
        keys.add(f">{length}{word[len(word) - (length - middle) :]}")
    if len(word) >= TYPO_MIN:
        middle = len(word) // 2
        swapped = word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]
        keys |= halves(swapped)
    return keys


def _name_keys(name: Name, *, asked: bool = False) -> set[str]:
    """The keys of a name: stored for a contact, or ``asked`` for a query (whose typo keys
    are the halves of every length a stored word one typo away may have)."""
    typo_keys = typo_halves if asked else halves
    keys = {f"n:{name.full}"} if name.full else set()
    keys |= {f"f:{form}" for form in name.forms}
    for given in name.given_keys:
        keys.add(f"g:{given}")
        for form in name.forms:
            keys.add(f"gf:{given}|{form}")
        for word in name.words:
            keys |= {f"gd:{given}|{variant}" for variant in typo_keys(word)}
            if len(word) > 2:
                keys.add(f"s:{given}|{sound(word)}")
    glued_given = name.given.replace(" ", "")
    initial = glued_given[:1]
    for form in name.forms:
        if initial:
            keys.add(f"i:{form}|{initial}")
        if name.given:
            keys |= {f"dg:{form}|{variant}" for variant in typo_keys(glued_given)}
    return keys


def _company_keys(givens: set[str], company: str, emails: list[str]) -> set[str]:
    keys = set()
    if company_words(company):
        keys.add(f"co:{company_key(company)}")
    for token in _company_tokens(company, tuple(emails)):
        keys.add(f"c:{token}")
        keys |= {f"gc:{given}|{token}" for given in givens}
    return keys


@lru_cache(maxsize=4096)
def _company_tokens(company: str, emails: tuple[str, ...]) -> frozenset[str]:
    return frozenset(company_tokens(company, emails))


def _stored(keys: set[str]) -> set[str]:
    return {key[:255] for key in keys if not key.endswith((":", "|"))}


@lru_cache(maxsize=1024)  # some 1.4 kB each: the most frequent names, not every name
def _own_name_keys(
    given_name: str, family_name: str, display_name: str
) -> tuple[Name, frozenset[str]]:
    """A contact's name and the keys of its current name: the same for every namesake (an
    import of 30,000 connections holds some 3,000 names), so made once per name. The Name
    is shared: never change it."""
    name = contact_name(given_name, family_name, display_name)
    name.given_keys = frozenset(name.given_keys)
    return name, frozenset(_stored(_name_keys(name)))


def contact_keys(
    *,
    given_name: str,
    family_name: str,
    display_name: str,
    company: str = "",
    city: str = "",
    aliases: list[str] = (),
    emails: list[str] = (),
    details: list[str] = (),
) -> set[str]:
    """Every lookup key of a contact, for its current name and each former name."""
    name, own = _own_name_keys(given_name, family_name, display_name)
    keys = set()
    for alias in aliases:
        keys |= _name_keys(former_name(name, alias))
    givens = name.given_keys
    keys |= _company_keys(givens, company, emails)
    for given in givens:
        if city:
            keys.add(f"gt:{given}|{fold(city)}")
        for email in emails:
            if domain := email_domain(email):
                keys.add(f"ge:{given}|{domain}")
        for word in detail_words(" ".join(details)):
            keys.add(f"gm:{given}|{word}")
    for email in emails:
        if local := email_local(email):
            keys.add(f"el:{local}")
    return _stored(keys) | own


STOP_WORDS = {
    "avec", "dans", "pour", "nous", "vous", "etions", "ensemble", "souvenez", "bonjour",
    "hello", "with", "were", "together", "remember", "from", "class", "your", "that", "this",
    "have", "avons", "avez", "etait", "there", "merci", "thanks", "votre", "notre",
    "lycee", "ecole", "universite", "school", "college", "club", "classe", "les", "des",
    "une", "the", "and", "our", "was", "est", "qui", "que", "pas", "sur", "par",
    "you", "are", "for", "not", "mais", "tres", "bien", "vos", "nos", "ans", "years", "ago",
    "cette", "alors", "moi", "toi", "lui", "elle", "eux", "avait", "etais", "suis", "fait",
}  # fmt: skip


def detail_words(text: str) -> set[str]:
    """The telling words of a how-we-met detail or a message (four letters or more, not a
    year, not a word every message has)."""
    return {
        word
        for word in fold(text).split()
        if len(word) >= 3 and not word.isdigit() and word not in STOP_WORDS
    }


def email_local(email: str) -> str:
    """The part before "@", when it tells a person ("marie.dupont", not "contact")."""
    local = email.partition("@")[0].strip().lower()
    return local if len(local) >= 6 and local not in {"contact", "info", "hello"} else ""


def query_keys(
    name: str,
    *,
    company: str = "",
    headline: str = "",
    city: str = "",
    email: str = "",
    message: str = "",
) -> set[str]:
    """The lookup keys of a sender (a name, and what else is known of them)."""
    parsed = parse_name(name)
    keys = _name_keys(parsed, asked=True) if name.strip() else set()
    texts = [company] + [text for text, _introduced in headline_companies(headline)]
    tokens = {token for text in texts if text for token in company_tokens(text)}
    keys |= {f"c:{token}" for token in tokens}
    for given in parsed.given_keys:
        keys |= {f"gc:{given}|{token}" for token in tokens}
        if city:
            keys.add(f"gt:{given}|{fold(city)}")
        if domain := email_domain(email):
            keys.add(f"ge:{given}|{domain}")
        keys |= {f"gm:{given}|{word}" for word in detail_words(message)}
    if local := email_local(email):
        keys.add(f"el:{local}")
    return {key[:255] for key in keys if not key.endswith((":", "|"))}


def looks_like_a_new_name(shown: str, given_name: str, family_name: str) -> bool:
    """Whether ``shown`` reads as the same person under a new family name (same first name,
    another family name: a marriage, a divorce), rather than a nickname or a typo."""
    shown_given, shown_family = split_name(shown)
    family = name_words(family_name)
    if not (shown_given and given_name and shown_family and family):
        return False
    return same_person_names(shown_given, given_name) and set(shown_family).isdisjoint(family)
