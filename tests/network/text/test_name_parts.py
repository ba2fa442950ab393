"""Names split as people write them: particles glued or spaced, compound first names, family
names first in capitals, deletion keys for typos, gendered many-to-many nicknames."""

import pytest

from network.text.names import TYPO_MIN, family_forms, halves, parse_name, query_keys, typo_halves
from network.text.nicknames import given_keys, same_person_names, sex_of


def test_particles_are_compared_glued_and_spaced():
    assert family_forms("de La Fontaine") == {"fontaine", "lafontaine", "delafontaine"}
    assert family_forms("Le Gall") == {"gall", "legall"}
    assert family_forms("d'Arcy") == {"arcy", "darcy"}
    assert family_forms("Delafontaine") == {"delafontaine"}


@pytest.mark.parametrize("name", ["David Grand", "Thomas Dubois"])
def test_no_particle_is_cut_off_a_word(name):
    parsed = parse_name(name)
    assert parsed.forms == {parsed.family}  # "grand" never "rand", "dubois" never "bois"


@pytest.mark.parametrize(
    ("typed", "given", "family"),
    [
        ("Jean Pierre de La Tour", "jean pierre", "de la tour"),
        ("Jean-Pierre Martin", "jean pierre", "martin"),
        ("Marie Claire Dubois", "marie claire", "dubois"),
        ("DUPONT Marie", "marie", "dupont"),
        ("LE GALL Anne", "anne", "le gall"),
        ("JF de la Fontaine", "jf", "de la fontaine"),
        ("THOMAS Marie", "marie", "thomas"),
    ],
)
def test_given_and_family_names(typed, given, family):
    parsed = parse_name(typed)
    assert (parsed.given, parsed.family) == (given, family)


def _one_edit(word: str) -> set[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    spelt = {word[:i] + word[i + 1 :] for i in range(len(word))}  # a letter dropped
    spelt |= {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in letters}  # added
    spelt |= {word[:i] + c + word[i + 1 :] for i in range(len(word)) for c in letters}
    spelt |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    return spelt - {word}


@pytest.mark.parametrize("word", ["boyer", "roux", "martin", "lefebvre", "delafontaine"])
def test_every_spelling_one_typo_away_shares_a_typo_key_with_the_stored_word(word):
    for typo in _one_edit(word):
        if len(typo) >= TYPO_MIN - 1:
            assert halves(word) & typo_halves(typo), typo
    assert halves(word) & typo_halves(word)  # and the word itself


def test_names_far_apart_share_no_typo_key():
    assert not halves("boyer") & typo_halves("bernard")
    assert not halves("martin") & typo_halves("moreau")
    assert len(halves("lefebvre")) == 2  # two stored keys per word, whatever its length


def test_a_short_form_may_stand_for_several_names_of_either_sex():
    assert {"patrick", "patricia"} <= given_keys("Pat")
    assert same_person_names("Pat", "Patricia") and same_person_names("Pat", "Patrick")
    assert not same_person_names("Patrick", "Patricia")
    assert not same_person_names("Laurent", "Laurence")
    assert not same_person_names("Emmanuel", "Emmanuelle")
    assert same_person_names("JP", "Jean-Pierre")
    assert same_person_names("Véro", "Véronique")
    assert (sex_of("Laurence"), sex_of("Laurent"), sex_of("Pat")) == ("f", "m", "")


def test_a_query_looks_up_first_name_with_family_name_company_words_and_message_words():
    keys = query_keys(
        "Marie Lefebvre",
        headline="Directrice @ SocGen",
        message="Nous étions ensemble au lycée Hoche",
    )
    assert {"gf:marie|lefebvre", "gc:marie|socgen", "gm:marie|hoche"} <= keys
    assert "gm:marie|lycee" not in keys  # every school message says "lycée"
