"""A second source of names for the recognition benchmark: Faker's French and US lists.

The bench's own lists (``benchnames``) were written here, and the code they test was tuned
while looking at them. Faker's person providers are lists nobody here chose: the 400 most
frequent French surnames drawn uniformly (so each is as common as Martin: at 100,000
contacts every surname is borne by some two hundred people, and a first and family name
often by several), French first names drawn uniformly, and the US census surnames and first
names with their census frequencies. A book drawn from them is harsher than the real world
(no long tail of rare surnames at all) and tells whether the figures hold on data the code
was not written against: ``manage.py bench recognition --names faker``.
"""

from __future__ import annotations

import itertools
import random

from faker.providers.person.en_US import Provider as English
from faker.providers.person.fr_FR import Provider as French

from network.dev.benchnames import Population


def _uniform(names) -> tuple[list[str], list[float]]:
    names = list(names)
    return names, list(itertools.accumulate([1.0] * len(names)))


def _weighted(table) -> tuple[list[str], list[float]]:
    return list(table), list(itertools.accumulate(table.values()))


class FakerPopulation(Population):
    """People named from Faker's lists; cities and the share of each language as the bench's."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.french_family = _uniform(French.last_names)
        self.english_family = _weighted(English.last_names)
        self.given = {
            ("fr", "f"): _uniform(French.first_names_female),
            ("fr", "m"): _uniform(French.first_names_male),
            ("en", "f"): _weighted(English.first_names_female),
            ("en", "m"): _weighted(English.first_names_male),
        }

    @property
    def women(self) -> set[str]:
        return set(French.first_names_female) | set(English.first_names_female)

    def person(self) -> tuple[str, str, str, str]:
        language = "fr" if self.rng.random() < 0.78 else "en"
        sex = "f" if self.rng.random() < 0.5 else "m"
        family = self._pick(self.french_family if language == "fr" else self.english_family)
        if self.rng.random() < 0.01:  # a double-barrelled name
            family = f"{family}-{self._pick(self.french_family)}"
        return self.given_name(sex, language), family, sex, language

    def given_name(self, sex: str, language: str = "fr") -> str:
        return self._pick(self.given[(language, sex)])

    def family_name(self) -> str:
        return self._pick(self.french_family)
