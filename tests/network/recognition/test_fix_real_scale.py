"""Recognition in a book of some size, where firms share generic words ("Cabinet … &
Associés") and many people share a first name: each test is one cause found by the bench's
misses, on whichever database the suite runs."""

from __future__ import annotations

import pytest

from network.models import Contact, ContactKey
from network.recognition.matching import LIKELY, Query, recognise
from network.recognition.scoring import SCALE
from network.text import fold

pytestmark = pytest.mark.django_db

GIVEN = ["Paul", "Luc", "Emma", "Léa", "Hugo", "Inès", "Marc", "Chloé", "Louis", "Zoé"]


def book(team, owner, people) -> list[Contact]:
    """Bulk-add (given, family, company, city) contacts with their recognition keys."""
    rows = [
        Contact(
            team=team,
            owner=owner,
            given_name=given,
            family_name=family,
            company=company,
            city=city,
            search_text=fold(f"{given} {family} {company}"),
            sort_key=fold(f"{family} {given}"),
        )
        for given, family, company, city in people
    ]
    contacts = Contact.objects.bulk_create(rows)
    keys = [
        ContactKey(team=team, contact=contact, key=key)
        for contact in Contact.objects.filter(pk__in=[c.pk for c in contacts]).prefetch_related(
            "aliases", "emails", "tags"
        )
        for key in contact.recognition_keys()
    ]
    ContactKey.objects.bulk_create(keys)
    return contacts


def filler(count: int, company, city: str = "Nantes"):
    """``count`` colleagues with assorted first names and made-up family names."""
    return [
        (GIVEN[index % len(GIVEN)], f"Zorvath{index:04d}x", company(index), city)
        for index in range(count)
    ]


def test_a_firm_sharing_only_generic_words_does_not_outrank_the_firm_the_headline_names(
    alice, team
):
    """Many firms are "Cabinet … & Associés": sharing those words with the headline says
    little, so a Bernard at another cabinet does not come before the Bernard at the cabinet
    the headline names, even when that one is a large firm with two Bernards."""
    people = filler(300, lambda index: "Cabinet Potaard & Associés")
    people += filler(500, lambda index: f"Cabinet Firm{index // 5:03d}y & Associés")
    people += [
        ("Bernard", "Cobelau", "Cabinet Potaard & Associés", "Nantes"),
        ("Bernard", "Gocael", "Cabinet Potaard & Associés", "Nantes"),
        ("Bernard", "Belgoen", "Cabinet Courberoux & Associés", "Nantes"),
        ("Bernard", "Lanvinin", "Cabinet Locaau & Associés", "Nantes"),
        ("Bernard", "Mivet", "Cabinet Siduel & Associés", "Nantes"),
    ]
    book(team, alice, people)
    query = Query(name="Bernard Marie", headline="Acheteuse at Cabinet Potaard & Associés")
    top = [suggestion.contact.family_name for suggestion in recognise(team, query, limit=3)]
    assert set(top[:2]) == {"Cobelau", "Gocael"}


def test_the_city_a_headline_ends_with_tells_apart_colleagues_of_the_same_first_name(alice, team):
    """ "Acheteuse chez Orange, Rennes": among the Maries at Orange, the one in Rennes comes
    first (the part of the headline that names no company is read as the city)."""
    colleagues = [("Marie", f"Orvath{index}q", "Orange", "Paris") for index in range(5)]
    colleagues.append(("Marie", "Kerbrat", "Orange", "Rennes"))
    book(team, alice, [*filler(40, lambda index: "Orange", city="Paris"), *colleagues])
    query = Query(name="Marie Lestrade", headline="Acheteuse chez Orange, Rennes")
    top = recognise(team, query, limit=3)[0]
    assert top.contact.family_name == "Kerbrat"
    assert "same first name, same city" in top.reasons


def test_the_colleague_in_the_city_the_headline_names_is_not_cut_from_many_namesakes(alice, team):
    """Fifty Maries at Orange share every key with "Marie Lestrade, Orange": the one in the
    city the headline names is still among the candidates (the place finds her), and first."""
    colleagues = [("Marie", f"Orvath{index}q", "Orange", "Paris") for index in range(50)]
    colleagues.append(("Marie", "Kerbrat", "Orange", "Rennes"))
    book(team, alice, [*filler(40, lambda index: "Orange", city="Paris"), *colleagues])
    query = Query(name="Marie Lestrade", headline="Acheteuse chez Orange, Rennes")
    assert recognise(team, query, limit=3)[0].contact.family_name == "Kerbrat"


def test_one_half_of_a_double_family_name_is_not_the_same_name(alice, team):
    """ "Seien Routou-Bernard" shares "Bernard" with Sein Bernard, not her whole name: it is
    said so, and it weighs less than the whole name would."""
    book(team, alice, [("Sein", "Bernard", "Accenture", "Lyon"), *filler(30, lambda i: "Orange")])
    suggestions = recognise(team, Query(name="Seien Routou-Bernard"), limit=3)
    assert suggestions[0].contact.family_name == "Bernard"
    assert "one of their family names is the same" in suggestions[0].reasons
    whole = recognise(team, Query(name="Seien Bernard"), limit=3)[0]
    assert whole.contact.family_name == "Bernard"
    # A first name a letter off with nothing else agreeing is "possible" either way: the
    # evidence behind each score (which orders them) still tells the whole name weighs more.
    assert whole.score < LIKELY and suggestions[0].score < LIKELY
    assert whole.weight >= suggestions[0].weight + 10 / SCALE
    assert "one of their family names is the same" not in whole.reasons
