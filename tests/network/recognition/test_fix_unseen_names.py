"""What a book drawn from names nobody here chose showed (``bench recognition --names faker``:
Faker's 400 French surnames, each borne by hundreds at 100,000 contacts): a man's first name
read as short for a woman's, François as Franck, a short form beside a common family name
called likely, a short form of a company that found no one, and a change of name hidden
behind a namesake elsewhere."""

from __future__ import annotations

import pytest

from network.models import ContactEmail, ContactKey
from network.recognition.matching import LIKELY, SHOWN, Query, recognise
from network.text.nicknames import same_person_names
from tests.network.recognition.test_fix_real_scale import book, filler

pytestmark = pytest.mark.django_db


def _names(suggestions) -> list[str]:
    return [suggestion.contact.name for suggestion in suggestions]


def _rekey(contacts) -> None:
    for contact in contacts:
        ContactKey.objects.filter(contact=contact).delete()
        ContactKey.objects.bulk_create(
            ContactKey(team=contact.team, contact=contact, key=key)
            for key in contact.recognition_keys()
        )


@pytest.mark.parametrize(
    ("his", "hers"), [("Luc", "Luce"), ("Louis", "Louise"), ("Denis", "Denise"), ("Jean", "Jeanne")]
)
def test_a_man_s_first_name_is_not_a_woman_s_shortened_or_mistyped(alice, team, his, hers):
    people = filler(100, lambda index: f"Firm{index:03d}q Conseil")
    people.append((his, "Marchaudet", "Atelier Guillou", "Brest"))
    book(team, alice, people)
    suggestions = recognise(team, Query(f"{hers} Marchaudet", headline="DRH | SNCF"))
    for suggestion in suggestions:
        assert not any("short for" in reason for reason in suggestion.reasons), suggestion.reasons
        assert not any("spelt differently" in reason for reason in suggestion.reasons)
        assert suggestion.score < LIKELY, (suggestion.contact.name, suggestion.reasons)


def test_francois_franck_and_francis_are_three_names():
    assert not same_person_names("François", "Franck")
    assert not same_person_names("François", "Francis")
    assert same_person_names("Frank", "Franck")
    assert same_person_names("Fanfan", "Françoise")


def test_a_short_form_beside_a_family_name_many_bear_is_only_possible(alice, team):
    """Among 120 Dubois, "Cathy Dubois" with nothing else is Catherine Dubois by chance as
    often as not: shown first, possible; beside a family name only she bears, likely."""
    people = [(given, "Dubois", "Firm Conseil", "Brest") for given, *_ in filler(120, str)]
    people += filler(300, lambda index: f"Firm{index:03d}q Conseil")
    people += [
        ("Catherine", "Dubois", "Atelier Guillou", "Brest"),
        ("Catherine", "Kerbratec", "Atelier Guillou", "Brest"),
    ]
    book(team, alice, people)
    common = recognise(team, Query("Cathy Dubois"))
    assert common[0].contact.name == "Catherine Dubois"
    assert common[0].score < LIKELY, common[0].reasons
    assert any("only the name is alike" in reason for reason in common[0].reasons)
    rare = recognise(team, Query("Cathy Kerbratec"))
    assert rare[0].contact.name == "Catherine Kerbratec"
    assert rare[0].score >= LIKELY, rare[0].reasons


def test_a_company_s_short_form_finds_those_who_write_its_full_name(alice, team):
    """Three colleagues' emails teach that "socgen" is Société Générale; Pauline David writes
    the full name and has no email: "Pauline Gosselin @ SocGen" still finds her."""
    people = filler(200, lambda index: f"Firm{index:03d}q Conseil")
    people += [
        ("Marc", "Auberlin", "Société Générale", "Paris"),
        ("Lina", "Corvetti", "Société Générale", "Paris"),
        ("Omar", "Belkadir", "Société Générale", "Paris"),
        ("Pauline", "Davidovec", "Société Générale", "Paris"),
    ]
    contacts = book(team, alice, people)
    for contact in contacts[-4:-1]:
        address = f"{contact.given_name}.{contact.family_name}@socgen.com".lower()
        ContactEmail.objects.create(contact=contact, email=address)
    _rekey(contacts[-4:-1])
    suggestions = recognise(team, Query("Pauline Gosselin", headline="Consultante @ SocGen"))
    assert _names(suggestions)[:1] == ["Pauline Davidovec"], [
        (s.contact.name, s.score, s.reasons) for s in suggestions
    ]
    assert any("same first name, same company" in reason for reason in suggestions[0].reasons)


def test_a_change_of_name_is_shown_beside_a_namesake_elsewhere(alice, team):
    """An Aimée Millet works elsewhere; the request names Atelier Cordier, where Aimée Guibertac
    works among sixty colleagues: she may have married. The namesake holds most of the odds,
    leaving her below the usual bar, and she is still shown (possible), with the reason."""
    people = filler(300, lambda index: f"Firm{index:03d}q Conseil")
    people += filler(60, lambda index: "Atelier Cordier")
    people += [
        ("Aimée", "Millet", "Parent Comptable", "Lyon"),
        ("Aimée", "Guibertac", "Atelier Cordier", "Lyon"),
    ]
    book(team, alice, people)
    query = Query("Aimée Millet", headline="Chef de projet | Atelier Cordier")
    suggestions = recognise(team, query)
    found = {suggestion.contact.name: suggestion for suggestion in suggestions}
    assert suggestions[0].contact.name == "Aimée Millet"
    assert "Aimée Guibertac" in found, [(s.contact.name, s.score) for s in suggestions]
    change = found["Aimée Guibertac"]
    assert change.score < SHOWN
    assert any("a change of name?" in reason for reason in change.reasons)


def test_a_weak_suggestion_that_is_no_change_of_name_stays_hidden(alice, team):
    """The lower bar is for a possible change of name only: a namesake's relative at another
    firm, below the usual bar, is not shown."""
    people = filler(300, lambda index: f"Firm{index:03d}q Conseil")
    people += [("Aimée", "Millet", "Parent Comptable", "Lyon")]
    people += [(given, "Millet", "Firm Conseil", "Brest") for given, *_ in filler(40, str)]
    book(team, alice, people)
    suggestions = recognise(
        team, Query("Aimée Millet", headline="Chef de projet | Atelier Cordier")
    )
    assert all(suggestion.score >= SHOWN for suggestion in suggestions), [
        (s.contact.name, s.score) for s in suggestions
    ]


def test_a_rare_name_a_letter_away_does_not_crowd_out_a_change_of_name(alice, team):
    """ "Valentine Comel at EDF Renouvelables": Valentine Colel of a law firm is a letter away
    (possible at most); Valentine Dechauard works at EDF among 400 colleagues, three of them
    Valentines too. The first must not take the odds from the four, who are shown."""
    people = filler(300, lambda index: f"Firm{index:03d}q Conseil")
    people += filler(400, lambda index: "EDF")
    people += [
        ("Valentine", "Colel", "Avocats Lomalier", "Lyon"),
        ("Valentine", "Dechauard", "EDF", "Paris"),
    ]
    people += [("Valentine", f"Lavarec{index}", "EDF", "Paris") for index in range(3)]
    book(team, alice, people)
    query = Query("Valentine Comel", headline="Ingénieure d'affaires - EDF Renouvelables")
    suggestions = recognise(team, query)
    found = {suggestion.contact.name: suggestion for suggestion in suggestions}
    assert found["Valentine Colel"].score < LIKELY
    assert "Valentine Dechauard" in found, [(s.contact.name, s.score) for s in suggestions]
    assert any("a change of name?" in reason for reason in found["Valentine Dechauard"].reasons)
