"""Names as recognition reads them: words, particles, keys. Pure text, no database.

Everything that turns a person's name, company, email or headline into comparable words or
lookup keys lives here, below the models: the contact's keys (stored as ``ContactKey`` rows
by ``Contact.reindex``) and a query's keys are built by the same functions, so they meet.
"""

from __future__ import annotations

import re

import jellyfish

from network.text import fold
from network.text.nicknames import given_key

PARTICLES = {
    "de", "du", "des", "la", "le", "van", "von", "der", "den", "di", "da", "del", "ter", "d",
}  # fmt: skip
LEGAL_FORMS = {"sa", "sas", "sarl", "sasu", "eurl", "inc", "ltd", "llc", "gmbh", "plc", "co", "cie"}
FREE_MAIL = {
    "gmail.com", "yahoo.com", "yahoo.fr", "hotmail.com", "hotmail.fr", "outlook.com",
    "outlook.fr", "live.com", "live.fr", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr",
    "laposte.net", "icloud.com", "me.com", "protonmail.com", "proton.me", "gmx.fr", "gmx.com",
}  # fmt: skip
GLUED = ("dela", "della", "van", "von", "de", "du", "la", "le", "d")


def given_and_family(name: str) -> tuple[str, str]:
    """The first word as the given name, the rest as the family name, as typed ("Marie
    de La Tour" → "Marie", "de La Tour"). The one splitter for a name shown on a network."""
    words = name.split()
    if not words:
        return "", ""
    return words[0], " ".join(words[1:])


def name_words(name: str) -> list[str]:
    return [word for word in fold(name).split() if word not in PARTICLES]


def split_name(name: str) -> tuple[str, list[str]]:
    """The given name and the folded family words, particles dropped (for comparing)."""
    given, family = given_and_family(name)
    return given, name_words(family)


def variants(word: str) -> set[str]:
    """A family word, and the same without a particle glued to it ("lafontaine" → "fontaine")."""
    found = {word}
    for prefix in GLUED:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            found.add(word[len(prefix) :])
    return found


def full_key(name: str) -> str:
    """Case, accents, hyphens, particles and word order do not count."""
    return " ".join(sorted(name_words(name)))


def company_key(company: str) -> str:
    return " ".join(word for word in fold(company).split() if word not in LEGAL_FORMS)


def sound(word: str) -> str:
    return jellyfish.metaphone(word) if word else ""


def email_domain(email: str) -> str:
    domain = email.rpartition("@")[2].strip().lower()
    return "" if domain in FREE_MAIL else domain


def _name_keys(given: str, family_words: list[str], full: str) -> set[str]:
    keys = {f"full:{full}"} if full else set()
    for variant in {variant for word in family_words for variant in variants(word)}:
        keys.add(f"fam:{variant}")
        if len(variant) > 2:
            keys.add(f"snd:{sound(variant)}")
    if given and family_words:
        # The first or the last letters of the family name survive most typos.
        keys.add(f"gf:{given_key(given)}|{family_words[-1][:3]}")
        keys.add(f"gl:{given_key(given)}|{family_words[-1][-3:]}")
    return keys


def contact_keys(
    *,
    given_name: str,
    family_name: str,
    display_name: str,
    company: str = "",
    city: str = "",
    aliases: list[str] = (),
    emails: list[str] = (),
) -> set[str]:
    """Every lookup key of a contact, for its current name and each former name."""
    name = display_name or f"{given_name} {family_name}".strip()
    given = given_name or (display_name.split() or [""])[0]
    family = name_words(family_name) or split_name(display_name)[1]
    keys = _name_keys(given, family, full_key(name))
    for alias in aliases:
        alias_given, alias_family = split_name(alias)
        if len(alias.split()) == 1:  # "Dupont": a former family name alone
            alias_given, alias_family = given, name_words(alias)
        alias_full = full_key(f"{alias_given} {' '.join(alias_family)}")
        keys |= _name_keys(alias_given, alias_family, alias_full)
    canonical = given_key(given) if given else ""
    if canonical:
        if company:
            keys.add(f"gc:{canonical}|{company_key(company)}")
            # "Acme" for "Acme Distribution": the first word alone is a weaker key.
            first = company_key(company).split(" ")[0]
            if len(first) >= 3:
                keys.add(f"gc1:{canonical}|{first}")
        if city:
            keys.add(f"gt:{canonical}|{fold(city)}")
        for email in emails:
            if domain := email_domain(email):
                keys.add(f"gd:{canonical}|{domain}")
    return {key[:255] for key in keys if not key.endswith((":", "|"))}


def company_candidates(text: str) -> set[str]:
    """Company keys that may hide in a headline: every run of one to four words."""
    words = [word for word in fold(text).split() if word not in LEGAL_FORMS]
    runs = set()
    for size in range(1, 5):
        for start in range(len(words) - size + 1):
            runs.add(" ".join(words[start : start + size]))
    return runs


def query_keys(
    name: str, *, company: str = "", headline: str = "", city: str = "", email: str = ""
) -> set[str]:
    """The lookup keys of a sender (a name, and what else is known of them)."""
    given, family = split_name(name)
    words = name_words(name)
    keys = {f"full:{full_key(name)}"}
    # Word order may be reversed ("Dupont Marie"): every word may be the family name.
    for variant in {variant for word in words for variant in variants(word)}:
        keys.add(f"fam:{variant}")
        if len(variant) > 2:
            keys.add(f"snd:{sound(variant)}")
    canonical = given_key(given) if given else ""
    if canonical:
        for word in family:
            keys.add(f"gf:{canonical}|{word[:3]}")
            keys.add(f"gl:{canonical}|{word[-3:]}")
        companies = {company_key(company)} if company else set()
        companies |= company_candidates(headline)
        keys |= {f"gc:{canonical}|{candidate}" for candidate in companies if candidate}
        if company:
            first = company_key(company).split(" ")[0]
            if len(first) >= 3:
                keys.add(f"gc1:{canonical}|{first}")
        if city:
            keys.add(f"gt:{canonical}|{fold(city)}")
        if domain := email_domain(email):
            keys.add(f"gd:{canonical}|{domain}")
    return {key[:255] for key in keys if not key.endswith((":", "|"))}


_AT = re.compile(r"\b(?:at|chez|@)\s+(.+)$", re.IGNORECASE)


def company_from_headline(headline: str) -> str:
    """ "Purchasing manager at Acme Distribution" → "Acme Distribution"."""
    match = _AT.search(headline or "")
    return match.group(1).strip() if match else ""


def looks_like_a_new_name(shown: str, given_name: str, family_name: str) -> bool:
    """Whether ``shown`` reads as the same person under a new family name (same first name,
    another family name: a marriage, a divorce), rather than a nickname or a typo."""
    shown_given, shown_family = split_name(shown)
    family = name_words(family_name)
    if not (shown_given and given_name and shown_family and family):
        return False
    return given_key(shown_given) == given_key(given_name) and set(shown_family).isdisjoint(family)
