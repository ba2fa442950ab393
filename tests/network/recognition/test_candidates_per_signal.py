"""Candidates that cannot be crowded out: besides the best by the sum of their keys, the best
by the name's keys alone and by the others' (first name with a company word, a city, an
email, a how-we-met word) are kept. Seen in ``bench recognition``: "Mat Toupain", with a
headline naming her firm and her city, lost Mathilde Toupain, whom the name alone found;
sixty Mathieu and Matthieu at firms named "Cabinet ... & Associés" in Nantes outweighed her
rare family name. Here a book of 60 stands for one of 100,000, with room for 3 candidates."""

from __future__ import annotations

import pytest

from network.contacts.services import contact_create
from network.models import ContactKey
from network.recognition import candidates as module
from network.recognition.matching import Query, recognise, suggested_contacts

pytestmark = pytest.mark.django_db

NAMED = Query(name="Mat Toupain", headline="DRH chez Cabinet Raarel & Associés, Nantes")


def _book(team, owner) -> object:
    """Mathilde Toupain at her firm, six Matthieu at other firms named alike in her city,
    and people who share nothing with the query."""

    def add(**data):
        return contact_create(team=team, actor=owner, data={**data, "owner": owner})

    mathilde = add(
        given_name="Mathilde",
        family_name="Toupain",
        company="Cabinet Raarel & Associés",
        city="Nantes",
    )
    for index, firm in enumerate(["Berbell", "Potaard", "Colien", "Goga", "Felauier", "Armaard"]):
        add(
            given_name="Matthieu",
            family_name=f"Bernard{index}",
            company=f"Cabinet {firm} & Associés",
            city="Nantes",
        )
    for index in range(53):
        add(given_name="Paul", family_name=f"Durand{index}", company="Zenith", city="Lille")
    return mathilde


def test_a_rare_family_name_is_kept_beside_many_namesakes_of_a_short_form(team, alice, monkeypatch):
    mathilde = _book(team, alice)
    monkeypatch.setattr(module, "MAX_CANDIDATES", 3)
    shown = recognise(team, NAMED, viewer=alice)
    assert shown and shown[0].contact.pk == mathilde.pk
    # Without the lists kept besides, the namesakes take every place: she is not found.
    monkeypatch.setattr(module, "SIGNAL_CANDIDATES", 0)
    assert mathilde.pk not in {entry.contact.pk for entry in recognise(team, NAMED)}


# Keys and counts set by hand (a book of 1,000 contacts, each key borne by one): A's keys sum
# highest, B's name keys (first and family name) outweigh A's (family name with initial,
# sound), C's other keys (first name at a company, with a how-we-met word) outweigh A's
# (city, email domain).
KEYS = {
    "A": ["i:x|a", "s:a|X", "gt:a|lyon", "ge:a|acme.fr"],  # 24.9 by name, 19.9 around: 44.8
    "B": ["gf:b|x"],  # 29.9 by name
    "C": ["gc:c|acme", "gm:c|hec"],  # 39.9 around
}


def _keyed(team, owner) -> dict[str, int]:
    people = {}
    for label, keys in KEYS.items():
        contact = contact_create(
            team=team, actor=owner, data={"given_name": label, "family_name": "Keyed"}
        )
        ContactKey.objects.filter(contact=contact).delete()
        ContactKey.objects.bulk_create(
            ContactKey(team=team, contact=contact, key=key) for key in keys
        )
        people[label] = contact.pk
    return people


def _found(team, keys: list[str]) -> set[int]:
    counts = dict.fromkeys(keys, 1)
    return {
        contact.pk for contact in module.sharing_keys(suggested_contacts(team), team, counts, 1000)
    }


def test_each_list_kept_besides_has_its_own_best(team, alice, monkeypatch):
    """With one place for the sum and one for each list, the three are found: A by the sum,
    B by the name alone, C by what surrounds it; with no place besides, A alone."""
    people = _keyed(team, alice)
    every = [key for keys in KEYS.values() for key in keys]
    monkeypatch.setattr(module, "MAX_CANDIDATES", 1)
    monkeypatch.setattr(module, "SIGNAL_CANDIDATES", 1)
    assert _found(team, every) == set(people.values())
    monkeypatch.setattr(module, "SIGNAL_CANDIDATES", 0)
    assert _found(team, every) == {people["A"]}


def test_a_list_kept_besides_holds_only_who_shares_its_keys(team, alice, monkeypatch):
    """Asked with no name key, the list by the name alone adds no one (every contact has
    nothing there, and none is taken for it): C, best by the sum and around, alone."""
    people = _keyed(team, alice)
    monkeypatch.setattr(module, "MAX_CANDIDATES", 1)
    monkeypatch.setattr(module, "SIGNAL_CANDIDATES", 1)
    assert _found(team, ["gc:c|acme", "gm:c|hec", "gt:a|lyon"]) == {people["C"]}
    assert _found(team, ["gf:b|x", "i:x|a"]) == {people["B"]}
