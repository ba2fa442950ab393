"""Recognition: who might this be, with reasons, even after a change of name."""

from __future__ import annotations

import pytest

from network.contacts.services import contact_create
from network.models import Contact, ContactEmail, NetworkProfile
from network.recognition.matching import Query, recognise
from network.text.names import full_key

pytestmark = pytest.mark.django_db


def person(team, owner, given, family, **extra) -> Contact:
    emails = extra.pop("emails", [])
    aliases = extra.pop("aliases", [])
    contact = contact_create(
        team=team,
        actor=owner,
        data={"given_name": given, "family_name": family, "owner": owner, **extra},
    )
    for email in emails:
        ContactEmail.objects.create(contact=contact, email=email)
    for alias in aliases:
        contact.add_alias(alias, "maiden")
    contact.reindex()
    return contact


def names(suggestions) -> list[str]:
    return [suggestion.contact.name for suggestion in suggestions]


def test_the_remarried_client_is_recognised_from_her_first_name_and_company(alice, team, bob):
    marie = person(
        team,
        bob,
        "Marie",
        "Dupont",
        company="Acme Distribution",
        emails=["marie.dupont@acme-distribution.fr"],
    )
    person(team, bob, "Marie", "Curie", company="Institut du Radium")
    suggestions = recognise(
        team,
        Query(name="Marie Lefebvre", headline="Purchasing manager at Acme Distribution"),
        viewer=alice,
    )
    top = suggestions[0]
    assert top.contact == marie
    assert top.score >= 70
    reasons = " / ".join(top.reasons)
    assert "same first name, same company (Acme Distribution)" in reasons
    assert "family name differs (a change of name?)" in reasons
    assert "Bob Member knows them" in reasons
    assert "Marie Curie" not in names(suggestions[:1])


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("Helene Martin", "same name"),
        ("MARTIN Hélène", "same name"),
        ("Hélène Girard", "former name"),
        ("Hélène Martinn", "family name sounds alike"),
        ("Helen Martin", "may be one person's first name"),
        ("Hélène Martim", "very similar name"),
    ],
)
def test_accents_word_order_former_names_and_typos(alice, team, typed, why):
    helene = person(team, alice, "Hélène", "Martin", aliases=["Hélène Girard"])
    suggestions = recognise(team, Query(name=typed))
    assert suggestions[0].contact == helene
    assert any(why in reason for reason in suggestions[0].reasons)


@pytest.mark.parametrize("typed", ["Helen Martin", "Hélèen Martin"])
def test_a_first_name_written_otherwise_is_never_called_the_same(alice, team, typed):
    # The reasons once said "same first and family name" beside "first name spelt
    # differently" (or that one may be the other): the family name is the same, the first
    # name is not.
    helene = person(team, alice, "Hélène", "Martin")
    top = recognise(team, Query(name=typed))[0]
    reasons = top.reasons
    assert top.contact == helene
    assert "same family name" in reasons
    assert not any("same first" in reason or reason == "same name" for reason in reasons)
    assert any(
        "spelt differently" in reason or "may be one person's first name" in reason
        for reason in reasons
    )


def test_nicknames_with_the_same_company(alice, team):
    robert = person(team, alice, "Robert", "Smith", company="Northwind Traders")
    suggestions = recognise(team, Query(name="Bob Smyth", company="Northwind Traders"))
    assert suggestions[0].contact == robert
    assert any("short for" in reason for reason in suggestions[0].reasons)


@pytest.mark.parametrize(
    ("known", "typed", "why"),
    [
        ("Robert", "Bob Smith", "“Bob” is short for “Robert”"),
        ("Bob", "Robert Smith", "“Bob” is short for “Robert”"),
        ("Max", "Maxime Smith", "“Max” is short for “Maxime”"),
        ("Michael", "Michel Smith", "“Michel” and “Michael” may be one person's first name"),
        ("Margot", "Maggie Smith", "“Maggie” and “Margot” may be one person's first name"),
        ("Christopher", "Christophe Smith", "“Christophe” and “Christopher” may be"),
        ("Isabelle", "Isabel Smith", "“Isabel” and “Isabelle” may be one person's first name"),
        ("Stéphanie", "Steph Smith", "“Steph” is short for “Stéphanie”"),
    ],
)
def test_the_short_form_is_named_short_whichever_side_it_is_on(alice, team, known, typed, why):
    """The team may have written down the short form and the sender the full first name:
    the reason names the short one short (it once said "Maxime" is short for "Max"); two
    forms of one name in two languages, or two nicknames of a third, are not short for
    each other."""
    contact = person(team, alice, known, "Smith", company="Northwind Traders")
    top = recognise(team, Query(name=typed, company="Northwind Traders"))[0]
    assert top.contact == contact
    assert any(reason.startswith(why) for reason in top.reasons), top.reasons


def test_particles_and_hyphens_do_not_count(alice, team):
    contact = person(team, alice, "Jean-François", "de La Fontaine")
    assert full_key("Jean Francois La Fontaine") == full_key(contact.name)
    for typed in ("Jean François La Fontaine", "jean-francois lafontaine", "JF de la Fontaine"):
        top = recognise(team, Query(name=typed))[0]
        assert top.contact == contact, typed
        assert top.score >= 70, typed


def test_same_profile_address_is_certain(alice, team):
    marie = person(team, alice, "Marie", "Dupont")
    NetworkProfile.objects.create(
        team=team,
        contact=marie,
        network="linkedin",
        handle="marie-dupont-acme",
        url="https://www.linkedin.com/in/marie-dupont-acme",
    )
    top = recognise(team, Query(name="M. L.", url="http://fr.linkedin.com/in/Marie-Dupont-Acme/"))[
        0
    ]
    assert (top.contact, top.score, top.level) == (marie, 100, "certain")


def test_same_email_is_near_certain(alice, team):
    marie = person(team, alice, "Marie", "Dupont", emails=["marie@acme.fr"])
    top = recognise(team, Query(name="Someone Else", email="MARIE@acme.fr"))[0]
    assert top.contact == marie
    assert top.score >= 95


def test_a_stranger_with_a_common_first_name_is_not_suggested(alice, team):
    person(team, alice, "Marie", "Dupont", company="Acme Distribution")
    assert recognise(team, Query(name="Marie Zylberstein", headline="Baker in Brest")) == []


def test_suggestions_stay_within_the_team(alice, team, mallory):
    person(mallory.last_team, mallory, "Marie", "Dupont")
    assert recognise(team, Query(name="Marie Dupont")) == []


def test_archived_contacts_are_suggested_and_marked(alice, team):
    marie = person(team, alice, "Marie", "Dupont")
    marie.archive()
    top = recognise(team, Query(name="Marie Dupont"))[0]
    assert top.contact == marie
    assert "archived contact" in top.reasons


def test_a_message_mentioning_how_we_met_adds_to_the_score(alice, team):
    helene = person(team, alice, "Hélène", "Martin")
    school = helene.team.categories.get(key="school")
    helene.tag(school, alice, detail="Lycée Hoche, class of 2004")
    plain = recognise(team, Query(name="Hélène Martinn"))[0]
    hinted = recognise(
        team, Query(name="Hélène Martinn", message="Remember me? We were at Hoche together!")
    )[0]
    assert hinted.contact == plain.contact == helene
    assert hinted.score > plain.score
    assert "the message mentions “Lycée Hoche, class of 2004”" in hinted.reasons
