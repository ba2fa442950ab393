"""Companies as people write them: "ACME SAS", "Groupe Acme", "Acme France", "SocGen".

A company is compared by its significant words (legal forms, "Groupe" and small words
dropped). A contact's company also answers to its acronym ("SG" for Société Générale), to the
first letters of a long glued name ("Total" for TotalEnergies) and to the name in its work
email domain ("socgen" for marie@socgen.com): the team learns a short form from any contact
who has both. Headlines are cut at "@", "chez", "at", "|", " - " and "," to find the part
that names the company. Pure text, no database.
"""

from __future__ import annotations

import re
from functools import lru_cache

from network.text import fold

LEGAL_FORMS = {
    "sa", "sas", "sarl", "sasu", "eurl", "sca", "se", "snc", "scop", "inc", "ltd", "llc",
    "gmbh", "plc", "co", "cie", "corp", "corporation", "limited", "ag", "bv", "nv", "srl",
}  # fmt: skip
SMALL_WORDS = {
    "groupe", "group", "the", "de", "du", "des", "la", "le", "les", "l", "d", "et", "and",
    "of", "&", "a", "en", "au", "aux",
}  # fmt: skip
FREE_MAIL = {
    "gmail.com", "yahoo.com", "yahoo.fr", "hotmail.com", "hotmail.fr", "outlook.com",
    "outlook.fr", "live.com", "live.fr", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr",
    "laposte.net", "icloud.com", "me.com", "protonmail.com", "proton.me", "gmx.fr", "gmx.com",
    "msn.com", "aol.com", "googlemail.com", "neuf.fr", "bbox.fr",
}  # fmt: skip
# Where a headline's company starts: "… at Acme", "… chez Acme", "… @ Acme", "…@Acme".
_AT = re.compile(r"(?:^|\s)(?:at|chez|for|pour)\s+(\S.*)$|@\s*(\S.*)$", re.IGNORECASE)
_SEGMENTS = re.compile(r"\s*(?:\||\s[-–—·]\s|,|;|/)\s*")
LONG_WORD = 9  # a glued name this long also answers to its first five letters


def company_words(text: str) -> list[str]:
    """The significant folded words of a company name, in order."""
    return list(_company_words(text))


@lru_cache(maxsize=16384)
def _company_words(text: str) -> tuple[str, ...]:
    folded = fold(text).replace("&", " ")
    return tuple(w for w in folded.split() if w not in LEGAL_FORMS and w not in SMALL_WORDS)


def company_key(company: str) -> str:
    """The company as compared: its significant words ("ACME SAS" → "acme")."""
    return " ".join(company_words(company))


def email_domain(email: str) -> str:
    domain = email.rpartition("@")[2].strip().lower()
    return "" if domain in FREE_MAIL else domain


def domain_name(email: str) -> str:
    """The name in a work email's domain: "socgen" for marie@socgen.com, "" for free mail."""
    domain = email_domain(email)
    labels = [label for label in domain.split(".") if label and label != "www"]
    if len(labels) < 2:
        return ""
    return labels[-2].replace("-", "") if len(labels[-2]) > 1 else ""


def acronym(words: list[str]) -> str:
    return "".join(word[0] for word in words) if len(words) >= 2 else ""


def company_tokens(company: str, emails: list[str] = ()) -> set[str]:
    """Every word a contact's company may be written with: its words, their acronym, the
    start of a long glued name, the names in the contact's work email domains."""
    words = company_words(company)
    tokens = set(words)
    if short := acronym(words):
        tokens.add(short)
    if len(words) >= 2:
        tokens.add("".join(words))  # "Saint-Gobain" written "Saintgobain"
    tokens |= {word[:5] for word in words if len(word) >= LONG_WORD}
    if words:  # a domain only says something beside a company (a team may have freelancers)
        tokens |= {name for email in emails if (name := domain_name(email))}
    return tokens


def headline_companies(headline: str) -> list[tuple[str, bool]]:
    """The parts of a headline that may name a company, each with whether it is introduced
    as one ("at", "chez", "@"). "Buyer | ACME SAS, Lyon" → ("Buyer", False), ("ACME SAS",
    False), ("Lyon", False); "Acheteuse chez Acme" → ("Acme", True)."""
    found: list[tuple[str, bool]] = []
    for segment in _SEGMENTS.split(headline or ""):
        segment = segment.strip()
        if not segment:
            continue
        match = _AT.search(segment)
        if match:
            found.append(((match.group(1) or match.group(2)).strip(), True))
        else:
            found.append((segment, False))
    return found


def company_from_headline(headline: str) -> str:
    """ "Purchasing manager at Acme Distribution" → "Acme Distribution" (the part introduced
    as a company, else "")."""
    return next((text for text, introduced in headline_companies(headline) if introduced), "")
