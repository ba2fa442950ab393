"""Searching the address book: case, accents and punctuation do not count, and a person is
found under every name, handle and address they have been known by, within the team only.

The search is tried both on the queryset (``Contact.objects.search``) and through the pages
that use it (the contact list's ``q`` and the lookup behind "Merge with…").
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from network.contacts.services import contact_create
from network.models import ContactAlias, ContactEmail, NetworkProfile

pytestmark = pytest.mark.django_db

# The cast of contacts


def add(team, actor=None, **fields):
    return contact_create(team=team, actor=actor, data=fields)


@pytest.fixture
def people(team, alice):
    helene = add(team, alice, given_name="Hélène", family_name="Durand")
    marie = add(team, alice, given_name="Marie", family_name="Martin")
    marie.add_alias("Marie Dupont", ContactAlias.Kind.MAIDEN, alice)
    jf = add(team, alice, given_name="Jean-François", family_name="Côté", company="Globex")
    paul = add(team, alice, given_name="Paul", family_name="Lefèvre")
    NetworkProfile.objects.create(
        team=team,
        contact=paul,
        network="linkedin",
        handle="plefevre-4a7b21",
        url="https://www.linkedin.com/in/plefevre-4a7b21",
    )
    paul.reindex()
    ContactEmail.objects.create(contact=helene, email="h.durand@bigcorp.example")
    helene.reindex()
    return {"helene": helene, "marie": marie, "jf": jf, "paul": paul}


def found(team, query):
    from network.models import Contact

    return {contact.name for contact in Contact.objects.filter(team=team).search(query)}


@pytest.mark.parametrize("query", ["helene", "HÉLÈNE", "Helene Durand", "durand hélène", "hél"])
def test_search_ignores_case_and_accents(people, team, query):
    assert found(team, query) == {"Hélène Durand"}


def test_search_finds_a_former_name(people, team):
    assert found(team, "dupont") == {"Marie Martin"}
    assert found(team, "marie dupont") == {"Marie Martin"}


def test_search_stops_finding_a_former_name_once_it_is_removed(people, team):
    marie = people["marie"]
    marie.aliases.get().delete()
    marie.reindex()
    assert found(team, "dupont") == set()


@pytest.mark.parametrize("query", ["jean francois", "Jean-François", "JEAN FRANÇOIS", "cote"])
def test_search_treats_hyphens_and_spaces_alike(people, team, query):
    assert found(team, query) == {"Jean-François Côté"}


@pytest.mark.parametrize("query", ["plefevre", "4a7b21", "plefevre-4a7b"])
def test_search_finds_the_contact_whose_profile_handle_matches(people, team, query):
    assert found(team, query) == {"Paul Lefèvre"}


@pytest.mark.parametrize("query", ["h.durand", "bigcorp", "durand@bigcorp"])
def test_search_finds_an_email_fragment(people, team, query):
    assert found(team, query) == {"Hélène Durand"}


def test_search_finds_the_company(people, team):
    assert found(team, "globex") == {"Jean-François Côté"}


def test_every_word_of_the_query_must_match(people, team):
    assert found(team, "marie") == {"Marie Martin"}
    assert found(team, "marie durand") == set()
    assert found(team, "marie martin dupont") == {"Marie Martin"}


def test_an_empty_query_keeps_everyone(people, team):
    assert len(found(team, "  ")) == 4


def test_search_text_follows_an_edit_of_the_name(people, team, alice):
    from network.contacts.services import contact_update

    contact_update(
        contact=people["jf"],
        actor=alice,
        data={"family_name": "Tremblay"},
        version=None,
    )
    assert found(team, "tremblay") == {"Jean-François Tremblay"}
    assert found(team, "cote") == set()


# Through the pages


def listed_names(response) -> set[str]:
    html = response.content.decode()
    return set(re.findall(r'class="fw-semibold text-decoration-none">([^<]*)</a>', html))


def test_list_search_finds_a_former_name_accent_blind(people, login, alice):
    response = login(alice).get(reverse("contact_list"), {"q": "DUPONT"})
    assert response.status_code == 200
    assert listed_names(response) == {"Marie Martin"}


def test_list_search_with_a_word_that_matches_nobody_says_so(people, login, alice):
    response = login(alice).get(reverse("contact_list"), {"q": "helene zzz"})
    assert listed_names(response) == set()
    assert "Nobody matches these filters." in response.content.decode()


def test_lookup_finds_by_handle_and_links_to_the_merge_page(people, login, alice):
    helene, paul = people["helene"], people["paul"]
    response = login(alice).get(
        reverse("contact_lookup"), {"q": "plefevre", "exclude": helene.pk, "merge_into": helene.pk}
    )
    html = response.content.decode()
    assert "Paul Lefèvre" in html
    assert reverse("contact_merge", args=[helene.pk, paul.pk]) in html


def test_lookup_leaves_out_the_excluded_contact(people, login, alice):
    helene = people["helene"]
    response = login(alice).get(reverse("contact_lookup"), {"q": "helene", "exclude": helene.pk})
    assert "Hélène" not in response.content.decode()
    assert "Nobody matches" in response.content.decode()


def test_lookup_echoes_the_query_escaped(people, login, alice):
    html = login(alice).get(reverse("contact_lookup"), {"q": "<b>zz</b>"}).content.decode()
    assert "&lt;b&gt;zz&lt;/b&gt;" in html
    assert "<b>zz</b>" not in html


def test_lookup_needs_two_letters(people, login, alice):
    response = login(alice).get(reverse("contact_lookup"), {"q": "h"})
    assert "Type at least two letters." in response.content.decode()
    assert "Hélène" not in response.content.decode()


# Within the team


@pytest.fixture
def mallorys_helene(mallory):
    return add(mallory.last_team, mallory, given_name="Hélène", family_name="Mallory-Side")


def test_search_stays_within_the_team(people, team, mallory, mallorys_helene):
    assert found(team, "helene") == {"Hélène Durand"}
    assert found(mallory.last_team, "helene") == {"Hélène Mallory-Side"}


def test_outsider_list_search_finds_nothing_of_the_other_team(
    people, login, mallory, mallorys_helene
):
    for query in ("helene", "dupont", "plefevre", "bigcorp"):
        response = login(mallory).get(reverse("contact_list"), {"q": query, "state": "all"})
        names = listed_names(response)
        assert not names & {"Hélène Durand", "Marie Martin", "Paul Lefèvre"}, query
    response = login(mallory).get(reverse("contact_list"), {"q": "helene"})
    assert listed_names(response) == {"Hélène Mallory-Side"}


def test_outsider_lookup_finds_nothing_of_the_other_team(people, login, mallory):
    for query in ("helene", "dupont", "plefevre", "bigcorp", "globex"):
        html = login(mallory).get(reverse("contact_lookup"), {"q": query}).content.decode()
        assert "Nobody matches" in html, query
        assert "/contacts/" not in html, query
