"""The same labelled cases on whichever database the suite runs (SQLite or PostgreSQL): an
address book where several people share a first name, a family name or a company, and the
person each query should find first (or nobody, for strangers)."""

from __future__ import annotations

import pytest

from network.contacts.services import contact_create
from network.models import Category, ContactEmail
from network.recognition.matching import LIKELY, Query, recognise

pytestmark = pytest.mark.django_db

BOOK = [
    # given, family, company, email, former name, how-we-met detail
    ("Marie", "Dupont", "Société Générale", "marie.dupont@socgen.com", "", ""),
    ("Marie", "Martin", "Orange", "", "", ""),
    ("Marie", "Bernard", "Orange", "", "", ""),
    ("Marie", "Lefebvre", "Capgemini", "", "", ""),
    ("Marie", "Martin", "Menuiserie Kerjean", "", "", ""),
    ("Sophie", "Kerjean", "Menuiserie Kerjean SARL", "", "", ""),
    ("Nathalie", "Boyer", "Dassault Systèmes", "", "", ""),
    ("Nathalie", "Moreau", "Dassault Systèmes", "", "", ""),
    ("Patricia", "Durand", "Acme Distribution", "", "", ""),
    ("Patrick", "Durand", "Transports Moreau", "", "", ""),
    ("Laurence", "Petit", "", "", "", ""),
    ("Laurent", "Petit", "", "", "", ""),
    ("Jean-Pierre", "de La Fontaine", "BNP Paribas", "", "", ""),
    ("Anne", "Le Gall", "", "", "", ""),
    ("Thomas", "Legrand", "", "", "", ""),
    ("Pierre", "Dubois", "", "", "", ""),
    ("David", "Morel", "", "", "", ""),
    ("Véronique", "Garnier", "Leroy Merlin", "", "Roux", ""),
    ("Hélène", "Quéré", "", "", "", "chorale Saint-Louis"),
    ("Julie", "Robin", "", "", "", ""),
    # Orange is a large company: the team knows many people there, three of them Maries.
    *[
        (given, family, "Orange", "", "", "")
        for given, family in [
            ("Marie", "Roussel"),
            ("Paul", "Girard"),
            ("Luc", "Blanc"),
            ("Emma", "Roy"),
            ("Léa", "Noël"),
            ("Hugo", "Brun"),
            ("Inès", "Colin"),
            ("Marc", "Vidal"),
            ("Chloé", "Fabre"),
            ("Louis", "Rey"),
            ("Jeanne", "Caron"),
            ("Yves", "Picard"),
        ]
    ],
]

CASES = [
    # (kind, query, expected (given, family) or None for a stranger)
    ("name change, company as written",
     Query("Sophie Martin", headline="Gérante chez Menuiserie Kerjean"), ("Sophie", "Kerjean")),
    ("name change, upper-case with legal form",
     Query("Sophie Martin", headline="Gérante | MENUISERIE KERJEAN SARL"), ("Sophie", "Kerjean")),
    ("name change, learned short form", Query("Marie Lambert", headline="Directrice @ SocGen"),
     ("Marie", "Dupont")),
    ("name change, extended", Query("Marie Lambert", headline="Groupe Société Générale"),
     ("Marie", "Dupont")),
    ("name change, shortened", Query("Nathalie Roux", headline="Ingénieure - Dassault, Paris"),
     ("Nathalie", "Boyer")),
    ("same name at the named company first",
     Query("Marie Martin", headline="Acheteuse chez Menuiserie Kerjean"), ("Marie", "Martin")),
    ("typo in the middle of a short family name", Query("Nathalie Boter"),
     ("Nathalie", "Boyer")),
    ("typo in the first letter", Query("Nathalie Noyer"), ("Nathalie", "Boyer")),
    ("typo in the first name", Query("Nathlaie Boyer"), ("Nathalie", "Boyer")),
    ("nickname of a woman", Query("Pat Durand", headline="Acme Distribution"),
     ("Patricia", "Durand")),
    ("nickname not in the table", Query("Véro Garnier"), ("Véronique", "Garnier")),
    ("former name", Query("Véronique Roux"), ("Véronique", "Garnier")),
    ("particle glued", Query("Jean-Pierre Delafontaine"), ("Jean-Pierre", "de La Fontaine")),
    ("compound first name spaced", Query("Jean Pierre de la Fontaine"),
     ("Jean-Pierre", "de La Fontaine")),
    ("particle glued, Breton", Query("Anne Legall"), ("Anne", "Le Gall")),
    ("family name first in capitals", Query("KERJEAN Sophie"), ("Sophie", "Kerjean")),
    ("how we met, told in the message",
     Query("Hélène Martin", message="Bonjour ! Nous chantions à la chorale Saint-Louis."),
     ("Hélène", "Quéré")),
    ("Laurence is not Laurent", Query("Laurence Petit"), ("Laurence", "Petit")),
    ("a glued particle is never cut off a word", Query("Thomas Grand"), None),
    ("Pierre Bois is not Pierre Dubois", Query("Pierre Bois"), None),
    ("hard stranger at a large company", Query("Marie Fontaine", headline="Vendeuse chez Orange"),
     None),
    ("complete stranger", Query("Zéphyrin Quaglia", headline="Consultant at Nowhere Ltd"), None),
]  # fmt: skip


@pytest.fixture
def book(team, alice):
    school = Category.objects.get(team=team, key="school")
    contacts = {}
    for given, family, company, email, former, detail in BOOK:
        contact = contact_create(
            team=team,
            actor=alice,
            data={"given_name": given, "family_name": family, "company": company},
        )
        if email:
            ContactEmail.objects.create(contact=contact, email=email)
        if former:
            contact.add_alias(former, "maiden")
        if detail:
            contact.tag(school, alice, detail=detail)
        contact.reindex()
        contacts.setdefault((given, family), contact)
    # The Marie Martin of the firm, not the one at Orange, is the one asked for below.
    contacts[("Marie", "Martin")] = contact_at(team, "Marie", "Martin", "Menuiserie Kerjean")
    return contacts


def contact_at(team, given, family, company):
    return team.contacts.get(given_name=given, family_name=family, company=company)


@pytest.mark.parametrize(("kind", "query", "expected"), CASES, ids=[case[0] for case in CASES])
def test_labelled_case(book, team, kind, query, expected):
    suggestions = recognise(team, query, limit=3)
    if expected is None:
        assert all(suggestion.score < LIKELY for suggestion in suggestions), [
            (s.contact.name, s.score, s.reasons) for s in suggestions
        ]
        return
    assert suggestions, kind
    assert suggestions[0].contact == book[expected], [
        (s.contact.name, s.contact.company, s.score, s.reasons) for s in suggestions
    ]
    assert suggestions[0].reasons
