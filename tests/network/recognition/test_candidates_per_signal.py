"""Candidates that cannot be crowded out: besides the best by the sum of their keys, the best
by the name's keys alone and by the others' (first name with a company word, a city, an
email, a how-we-met word) are kept. Seen in ``bench recognition``: "Mat Toupain", with a
headline naming her firm and her city, lost Mathilde Toupain, whom the name alone found;
sixty Mathieu and Matthieu at firms named "Cabinet ... & Associés" in Nantes outweighed her
rare family name. Here a book of 60 stands for one of 100,000, with room for 3 candidates."""

from __future__ import annotations

import pytest

from network.contacts.services import contact_create
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


def test_the_lists_kept_besides_are_the_best_by_the_name_and_by_what_surrounds_it(
    team, alice, monkeypatch
):
    """With one place for the sum and one for each list, the query finds two people: the
    best by the sum (a Matthieu: his first name at two words of the firm, and the city),
    the best by the name alone (Mathilde) and, by what surrounds it, that same Matthieu."""
    mathilde = _book(team, alice)
    monkeypatch.setattr(module, "MAX_CANDIDATES", 1)
    monkeypatch.setattr(module, "SIGNAL_CANDIDATES", 1)
    keys = NAMED.lookup_keys()
    counts = module.key_counts(team, keys | {"#contacts"})
    size = counts.pop("#contacts")
    found = module.sharing_keys(suggested_contacts(team), team, counts, size)
    names = sorted(contact.given_name for contact in found)
    assert names == ["Mathilde", "Matthieu"]
    assert mathilde.pk in {contact.pk for contact in found}
