"""Labelled cases for the recognition benchmark on a realistic book, one kind at a time.

A known contact shows up under another spelling (a new family name at the same company
however the headline writes it, accents dropped, a typo, a nickname, particles glued or
spaced, a name change told only by how-we-met in the message), or a stranger writes: a hard
one (the same first name at the same company as a contact) or a complete one (a name nobody
in the book has). Half of the known people come with a headline naming their company, as
most requests do; name changes always do, since the company is then all there is to go on.

Hard strangers come from where strangers come from: eight in ten from a large organisation
(drawn by head count, as most people work there), two from the book's own companies (any
contact's: a small firm more often than not), reported apart. Their first names are drawn
with real frequencies and kept when someone at that company bears the same one.
"""

from __future__ import annotations

import random
import re

from network.dev.benchcases import Case
from network.dev.benchnames import (
    LARGE,
    SMALL_LEGAL,
    TRADES,
    Population,
    small_company,
)
from network.models import Contact
from network.recognition.matching import Query
from network.text import fold
from network.text.companies import company_key

HOW_WE_MET = "name change told by how-we-met (message)"
KINDS = [
    "name change: company as written",
    "name change: upper-case with legal form",
    "name change: extended (Groupe X, X France)",
    "name change: shortened (acronym, short form)",
    "accents dropped",
    "typo: first name",
    "typo: family name",
    "typo: first letter of the family name",
    "nickname: usual short form",
    "nickname: truncated (not in any table)",
    "particles, hyphens, compound names",
    HOW_WE_MET,
    "changed employer (same name, another company)",
]
HARD_LARGE = "stranger: hard (first name + company), large"
HARD_BOOK = "stranger: hard (first name + company), book's"
STRANGER_KINDS = [HARD_LARGE, HARD_BOOK, "stranger: complete"]

# Usual short forms, as people sign (the bench's own list, independent of the code's table).
SHORT_FORMS = {
    "Catherine": ["Cathy"], "Christophe": ["Chris"], "Stéphanie": ["Steph"],
    "Stéphane": ["Steph"], "Nicolas": ["Nico"], "Véronique": ["Véro"], "Jean-François": ["JF"],
    "Jean-Luc": ["JL"], "Jean-Pierre": ["JP"], "Jean-Marc": ["JM"], "Jean-Claude": ["JC"],
    "Sébastien": ["Seb"], "Patricia": ["Pat", "Patty"], "Patrick": ["Pat"],
    "Frédéric": ["Fred"], "Frédérique": ["Fred"], "Alexandre": ["Alex"], "Alexandra": ["Alex"],
    "Emmanuel": ["Manu"], "Emmanuelle": ["Manue"], "Jeffrey": ["Jeff"], "Yannick": ["Yann"],
    "Sandrine": ["Sandy"], "Valérie": ["Val"], "Isabelle": ["Isa"], "Dominique": ["Dom"],
    "Michael": ["Mike"], "William": ["Bill", "Will"], "Robert": ["Bob", "Rob"],
    "Richard": ["Rick"], "James": ["Jim", "Jimmy"], "Elizabeth": ["Liz", "Beth"],
    "Margaret": ["Maggie", "Peggy"], "Jennifer": ["Jenny", "Jen"], "Katherine": ["Kate"],
    "Kimberly": ["Kim"], "Rebecca": ["Becky"], "Thomas": ["Tom"], "Matthew": ["Matt"],
    "Christopher": ["Chris"], "Anthony": ["Tony"], "Joseph": ["Joe"], "Daniel": ["Dan"],
    "Samuel": ["Sam"], "Benjamin": ["Ben"], "Nicholas": ["Nick"], "Timothy": ["Tim"],
    "Kenneth": ["Ken"], "Edward": ["Ed", "Ted"], "Andrew": ["Andy"], "Steven": ["Steve"],
    "Stephen": ["Steve"], "Gregory": ["Greg"], "Jonathan": ["Jon"], "Susan": ["Sue"],
    "Deborah": ["Debbie"], "Pamela": ["Pam"], "Victoria": ["Vicky"], "Samantha": ["Sam"],
    "Jacqueline": ["Jackie"], "Philippe": ["Phil"], "Maxime": ["Max"], "Benoît": ["Ben"],
    "Grégory": ["Greg"], "Mickaël": ["Mika"], "Caroline": ["Caro"], "Florence": ["Flo"],
    "Florian": ["Flo"], "Nathalie": ["Nath"], "Charlotte": ["Charlie"], "Élodie": ["Élo"],
    "Mélanie": ["Mel"], "Clémence": ["Clem"], "Clément": ["Clem"], "Béatrice": ["Béa"],
    "Christelle": ["Chris"], "Françoise": ["Fanfan"], "Mathieu": ["Mat"], "Matthieu": ["Matt"],
}  # fmt: skip
TITLES = [
    "Responsable achats", "Directrice commerciale", "Chargée de clientèle", "Sales manager",
    "Ingénieure d'affaires", "Account executive", "Consultante", "Chef de projet", "DRH",
    "Office manager", "Head of Marketing", "Acheteuse",
]  # fmt: skip
SEPARATORS = [
    "{title} at {company}", "{title} chez {company}", "{title} @ {company}",
    "{title} | {company}", "{company} | {title}", "{title} - {company}", "{title}, {company}",
    "{title} chez {company}, {city}",
]  # fmt: skip
LEGAL_AT_END = re.compile(r"\s+(SARL|SAS|SASU|EURL|SA|SE|SCA|Ltd|Inc)$")
GENERIC = {"cabinet", "atelier", "&", "associes", "groupe", "france"}
KEYBOARD = "azertyuiopqsdfghjklmwxcvbn"
TRADE_WORDS = {fold(trade) for trade in TRADES}


def _base(company: str) -> str:
    return LEGAL_AT_END.sub("", company).strip()


def _large(company: str):
    folded = fold(_base(company))
    for large in LARGE:
        spellings = {large.name, *large.short}
        if folded in {fold(spelling) for spelling in spellings}:
            return large
    return None


def _upper_legal(company: str, rng: random.Random) -> str:
    large = _large(company)
    legal = large.legal if large else rng.choice(SMALL_LEGAL)
    return f"{(large.name if large else _base(company)).upper()} {legal}"


def _extended(company: str, rng: random.Random) -> str:
    large = _large(company)
    if large and large.extended:
        return rng.choice(large.extended)
    return rng.choice([f"Groupe {_base(company)}", f"{_base(company)} France"])


def _shortened(company: str, rng: random.Random) -> str | None:
    large = _large(company)
    if large:
        return rng.choice(large.short) if large.short else None
    # "Menuiserie Kerjean", "Kerjean Conseil": the proper name alone ("Le Gall" whole).
    words = _base(company).split()
    proper = [word for word in words if fold(word) not in GENERIC | TRADE_WORDS]
    return " ".join(proper) if proper and len(proper) < len(words) else None


def _headline(company: str, rng: random.Random, city: str = "Lyon") -> str:
    template = rng.choice(SEPARATORS)
    return template.format(title=rng.choice(TITLES), company=company, city=city)


def _typo(word: str, rng: random.Random, *, first: bool = False) -> str:
    if first:
        letter = rng.choice([char for char in KEYBOARD if char != word[0].lower()])
        return letter.upper() + word[1:]
    index = rng.randrange(1, len(word) - 1)
    operation = rng.choice(["swap", "drop", "double", "replace"])
    if operation == "swap":
        return word[:index] + word[index + 1] + word[index] + word[index + 2 :]
    if operation == "drop":
        return word[:index] + word[index + 1 :]
    if operation == "double":
        return word[:index] + word[index] + word[index:]
    letter = rng.choice([char for char in KEYBOARD if char != word[index].lower()])
    return word[:index] + letter + word[index + 1 :]


def _strip_accents(text: str) -> str:
    return " ".join(part.capitalize() for part in fold(text).split())


def _glued(family: str) -> str:
    """ "de La Fontaine" → "Delafontaine", "Le Gall" → "Legall", "d'Arcy" → "Darcy"."""
    return fold(family).replace(" ", "").capitalize()


def make_real_cases(
    contacts: list[Contact], per_kind: int, seed: int = 23, names: type[Population] = Population
) -> list[Case]:
    rng = random.Random(seed)  # noqa: S311 - reproducible cases, not secrets
    population = names(rng)
    known = {fold(" ".join(sorted(fold(c.name).split()))) for c in contacts}
    for contact in contacts:
        for alias in contact.aliases.all():
            known.add(" ".join(sorted(fold(f"{contact.given_name} {alias.name}").split())))
    women = [c for c in contacts if c.given_name in population.women and c.company]
    with_company = [c for c in contacts if c.company]
    cases: list[Case] = []

    def sample(pool, test=lambda contact: True):
        """``per_kind`` contacts passing ``test``, from ``pool`` (a list, or a function that
        gives the list to draw each one from)."""
        chosen, tries = [], 0
        while len(chosen) < per_kind and tries < per_kind * 50:
            tries += 1
            drawn_from = pool() if callable(pool) else pool
            if not drawn_from:  # nobody to draw from this time: the next draw may have some
                continue
            contact = rng.choice(drawn_from)
            if test(contact) and contact not in chosen:
                chosen.append(contact)
        return chosen

    def new_family(contact: Contact) -> str:
        while True:
            family = population.family_name()
            if fold(family) != fold(contact.family_name):
                return family

    def maybe_headline(contact: Contact) -> str:
        return _headline(contact.company, rng, contact.city) if rng.random() < 0.5 else ""

    changes = [
        ("name change: company as written", lambda company: company),
        ("name change: upper-case with legal form", lambda company: _upper_legal(company, rng)),
        ("name change: extended (Groupe X, X France)", lambda company: _extended(company, rng)),
        ("name change: shortened (acronym, short form)", lambda company: _shortened(company, rng)),
    ]

    def married(wives: list[Contact], everyone: list[Contact]):
        """Nine changes of name in ten are a woman's, as they are at marriage: each case is
        drawn from ``wives``, or one time in ten from ``everyone``, so that every kind of
        change holds as many men as the others."""
        return lambda: wives if rng.random() < 0.9 else everyone

    for kind, spell in changes:
        pool = married(women, with_company)
        for contact in sample(pool, lambda contact, spell=spell: spell(contact.company)):
            written = spell(contact.company)
            query = Query(
                name=f"{contact.given_name} {new_family(contact)}",
                headline=_headline(written, rng, contact.city),
            )
            cases.append(Case(kind, query, contact.pk))

    for contact in sample(contacts, lambda contact: fold(contact.name) != contact.name.lower()):
        query = Query(name=_strip_accents(contact.name), headline=maybe_headline(contact))
        cases.append(Case("accents dropped", query, contact.pk))
    for contact in sample(contacts, lambda contact: len(contact.given_name) >= 4):
        name = f"{_typo(contact.given_name, rng)} {contact.family_name}"
        cases.append(
            Case("typo: first name", Query(name, headline=maybe_headline(contact)), contact.pk)
        )
    for contact in sample(contacts, lambda contact: len(contact.family_name) >= 4):
        name = f"{contact.given_name} {_typo(contact.family_name, rng)}"
        cases.append(
            Case("typo: family name", Query(name, headline=maybe_headline(contact)), contact.pk)
        )
    for contact in sample(contacts, lambda contact: len(contact.family_name) >= 4):
        name = f"{contact.given_name} {_typo(contact.family_name, rng, first=True)}"
        cases.append(
            Case(
                "typo: first letter of the family name",
                Query(name, headline=maybe_headline(contact)),
                contact.pk,
            )
        )
    for contact in sample(contacts, lambda contact: contact.given_name in SHORT_FORMS):
        name = f"{rng.choice(SHORT_FORMS[contact.given_name])} {contact.family_name}"
        cases.append(
            Case(
                "nickname: usual short form",
                Query(name, headline=maybe_headline(contact)),
                contact.pk,
            )
        )
    for contact in sample(contacts, lambda contact: len(fold(contact.given_name)) >= 6):
        short = fold(contact.given_name)[: rng.choice([3, 4])].capitalize()
        name = f"{short} {contact.family_name}"
        cases.append(
            Case(
                "nickname: truncated (not in any table)",
                Query(name, headline=maybe_headline(contact)),
                contact.pk,
            )
        )

    def written_apart(contact: Contact) -> bool:
        return (
            "-" in contact.given_name
            or len(contact.family_name.split()) > 1
            or "'" in contact.family_name
            or "-" in contact.family_name
        )

    for contact in sample(contacts, written_apart):
        given, family = contact.given_name, contact.family_name
        ways = []
        if "-" in given:
            ways.append(lambda given, family: (given.replace("-", " "), family))
        if len(family.split()) > 1 or "'" in family:
            ways.append(lambda given, family: (given, _glued(family)))
            ways.append(lambda given, family: (given, family.replace("'", " ").title()))
        if "-" in family:
            ways.append(lambda given, family: (given, family.replace("-", " ")))
        given, family = rng.choice(ways)(given, family)
        query = Query(f"{given} {family}", headline=maybe_headline(contact))
        cases.append(Case("particles, hyphens, compound names", query, contact.pk))
    tagged = [contact for contact in contacts if list(contact.tags.all())]
    tagged_women = [contact for contact in tagged if contact.given_name in population.women]
    for contact in sample(married(tagged_women, tagged)):
        school = contact.tags.all()[0].detail.split(",")[0]
        message = f"Bonjour, nous étions ensemble à {school}, vous vous souvenez ?"
        query = Query(name=f"{contact.given_name} {new_family(contact)}", message=message)
        cases.append(Case(HOW_WE_MET, query, contact.pk))

    by_company: dict[str, list[Contact]] = {}
    for contact in with_company:
        key = _large(contact.company)
        by_company.setdefault(key.name if key else contact.company, []).append(contact)
    large_present = [company for company in LARGE if company.name in by_company]
    givens = {
        company: {fold(contact.given_name) for contact in staff}
        for company, staff in by_company.items()
    }
    hard, tries = 0, 0
    while hard < per_kind and with_company and tries < per_kind * 1000:
        tries += 1
        if rng.random() < 0.8 and large_present:
            company = rng.choices(large_present, weights=[c.staff for c in large_present])[0]
            colleague, kind = rng.choice(by_company[company.name]), HARD_LARGE
        else:
            colleague, kind = rng.choice(with_company), HARD_BOOK
        # The stranger's first name is drawn as anyone's is, and kept when a contact at that
        # company bears it: the coincidence befalls a Marie far more often than a Lorine
        # (picking a colleague's first name instead would make rare first names as common
        # among hard strangers as among contacts).
        key = _large(colleague.company)
        given, family, _sex, _language = population.person()
        if fold(given) not in givens[key.name if key else colleague.company]:
            continue
        if " ".join(sorted(fold(f"{given} {family}").split())) in known:
            continue
        query = Query(
            name=f"{given} {family}",
            headline=_headline(colleague.company, rng, colleague.city),
        )
        cases.append(Case(kind, query, None))
        hard += 1
    complete = 0
    while complete < per_kind:
        given, family, _sex, _language = population.person()
        if " ".join(sorted(fold(f"{given} {family}").split())) in known:
            continue
        headline = _headline(small_company(rng, population).name, rng) if rng.random() < 0.5 else ""
        cases.append(
            Case("stranger: complete", Query(f"{given} {family}", headline=headline), None)
        )
        complete += 1
    # Someone the team knows who moved: the same name, the headline naming another company,
    # drawn as the contacts' companies are (often a large one). The other side of a change
    # of name: a ranking that favours the colleagues of the same first name at the company
    # the headline names pays for it here. Drawn apart, so that the kinds above keep their
    # cases.
    moves, moved = random.Random(seed + 1), []  # noqa: S311 - reproducible cases
    tries = 0
    while len(moved) < per_kind and with_company and tries < per_kind * 50:
        tries += 1
        contact, elsewhere = moves.choice(with_company), moves.choice(with_company).company
        if contact in moved or company_key(elsewhere) == company_key(contact.company):
            continue
        moved.append(contact)
        query = Query(contact.name, headline=_headline(elsewhere, moves, contact.city))
        cases.append(Case(KINDS[-1], query, contact.pk))
    return cases
