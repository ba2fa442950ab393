"""Strangers whose name is a letter away from a contact's, or whose firm shares one word with
a contact's: found by the bench's complete strangers (names and firms drawn as contacts' are),
given a confident suggestion on nothing else. Each is "possible" at most, and still ranked."""

from __future__ import annotations

import pytest

from network.recognition.matching import LIKELY, Query, recognise
from tests.network.recognition.test_fix_real_scale import book, filler

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(alice, team):
    people = filler(200, lambda index: f"Firm{index // 4:03d}q Conseil", city="Brest")
    people += [
        ("Zaette", "Naberet", "Pharmacie Nocot", "Lille"),
        ("Pamela", "Vimoen", "Mercier Conseil", "Rennes"),
    ]
    return book(team, alice, people)


def test_a_name_a_letter_away_with_nothing_else_agreeing_is_only_possible(crowd, team):
    """ "Zaette Raberet, office manager at SNCF" is one letter from Zaette Naberet of a
    pharmacy: she is shown first, as possible, with the reason she is not more."""
    suggestions = recognise(team, Query("Zaette Raberet", headline="Office manager | SNCF"))
    assert suggestions[0].contact.name == "Zaette Naberet"
    assert suggestions[0].score < LIKELY, suggestions[0].reasons
    assert any("only the name is alike" in reason for reason in suggestions[0].reasons)


def test_a_name_a_letter_away_at_the_same_company_stays_likely(crowd, team):
    query = Query("Zaette Raberet", headline="Office manager | Pharmacie Nocot")
    top = recognise(team, query)[0]
    assert top.contact.name == "Zaette Naberet"
    assert top.score >= LIKELY, top.reasons
    assert not any("only the name is alike" in reason for reason in top.reasons)


def test_a_firm_sharing_one_word_is_not_the_same_firm(crowd, team):
    """ "Cabinet Mercier & Associés" and "Mercier Conseil" each have words of their own: two
    firms named after a Mercier, so Pamela Collins there is not Pamela Vimoen renamed."""
    query = Query("Pamela Collins", headline="Cabinet Mercier & Associés | Sales manager")
    suggestions = recognise(team, query)
    assert all(suggestion.score < LIKELY for suggestion in suggestions), [
        (s.contact.name, s.score, s.reasons) for s in suggestions
    ]


def test_a_firm_written_longer_is_still_the_same_firm(crowd, team):
    query = Query("Pamela Collins", headline="Sales manager chez Groupe Mercier Conseil France")
    top = recognise(team, query)[0]
    assert top.contact.name == "Pamela Vimoen"
    assert any("same first name, same company" in reason for reason in top.reasons)


def test_one_half_of_a_double_family_name_with_nothing_else_agreeing_is_only_possible(alice, team):
    """ "Sébastien Seberain-Martin" shares "Martin" with Sébastien Martin and nothing else."""
    book(team, alice, [("Sébastien", "Martin", "EDF", "Paris"), *filler(60, lambda i: "Orange")])
    top = recognise(team, Query("Sébastien Seberain-Martin"))[0]
    assert top.contact.family_name == "Martin"
    assert top.score < LIKELY, top.reasons
    assert "one of their family names is the same" in top.reasons
