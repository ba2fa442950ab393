"""Labelled cases for the recognition benchmark: a known contact under a perturbed name, or
a stranger, and the answer Netcurate should give."""

from __future__ import annotations

import random
from dataclasses import dataclass

from network.dev.benchdata import MORE_GIVEN, synthetic_company, synthetic_family
from network.models import Contact
from network.recognition.matching import Query
from network.text import fold
from network.text.nicknames import GROUPS

NICKNAMES: dict[str, list[str]] = {}
for _line in GROUPS.splitlines():
    _sex, *_names = _line.split()  # "f catherine cathy kate ...": sex, name, short forms
    NICKNAMES.setdefault(fold(_names[0]), []).extend(_names[1:])


@dataclass
class Case:
    kind: str
    query: Query
    expected: int | None  # the contact's id, or None for a stranger


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word + word[-1]
    index = rng.randrange(1, len(word) - 1)
    return word[:index] + word[index + 1] + word[index] + word[index + 2 :]


def _strip_accents(name: str) -> str:
    return " ".join(part.capitalize() for part in fold(name).split())


def make_cases(contacts: list[Contact], per_kind: int, seed: int = 5) -> list[Case]:
    rng = random.Random(seed)  # noqa: S311 - reproducible cases, not secrets
    cases: list[Case] = []

    def pick() -> Contact:
        return rng.choice(contacts)

    for _ in range(per_kind):
        contact = pick()
        new_family = synthetic_family(rng)
        cases.append(
            Case(
                "name change, same company",
                Query(
                    name=f"{contact.given_name} {new_family}",
                    headline=f"{rng.choice(['Manager', 'Buyer', 'Sales'])} at {contact.company}",
                ),
                contact.pk,
            )
        )
        contact = pick()
        cases.append(Case("accents dropped", Query(name=_strip_accents(contact.name)), contact.pk))
        contact = pick()
        cases.append(
            Case(
                "typo in the family name",
                Query(name=f"{contact.given_name} {_typo(contact.family_name, rng)}"),
                contact.pk,
            )
        )
        contact = pick()
        cases.append(
            Case(
                "word order",
                Query(name=f"{contact.family_name.upper()} {contact.given_name}"),
                contact.pk,
            )
        )
        contact = pick()
        cases.append(
            Case(
                "particle and hyphen",
                Query(name=f"{contact.given_name} de {contact.family_name}"),
                contact.pk,
            )
        )
        with_nickname = [c for c in contacts[:5000] if NICKNAMES.get(fold(c.given_name))]
        if with_nickname:
            contact = rng.choice(with_nickname)
            nickname = rng.choice(NICKNAMES[fold(contact.given_name)]).capitalize()
            cases.append(
                Case(
                    "nickname, same company",
                    Query(name=f"{nickname} {contact.family_name}", company=contact.company),
                    contact.pk,
                )
            )
        # Strangers: a common first name, at a company nobody knows; and a complete unknown.
        cases.append(
            Case(
                "stranger, known first name",
                Query(
                    name=f"{rng.choice(MORE_GIVEN)} {synthetic_family(rng)}zk",
                    headline=f"Consultant at {synthetic_company(rng)}x",
                ),
                None,
            )
        )
        cases.append(
            Case("stranger", Query(name=f"Zeph {synthetic_family(rng)}qy"), None),
        )
    return cases
